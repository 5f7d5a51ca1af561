/**
 * Volumes: list (size from `system df`, users, dangling), create, remove (refused while in use),
 * prune. Backup and restore: volume-transfer.ts.
 */
import type {Engine} from './connection.js';
import {dockerOf, volumeOf} from './client.js';
import {EngineError, toEngineError} from './errors.js';
import {names, resourceUsage} from './users.js';
import type {VolumePruneResult, VolumeRecord} from '../model/volume.js';


function apiAtLeast(engine: Engine, v: string): boolean {
	const [a1 = 0, a2 = 0] = engine.apiVersion.split('.').map(Number);
	const [b1 = 0, b2 = 0] = v.split('.').map(Number);
	return a1 - b1 > 0 || (a1 === b1 && a2 >= b2);
}

/** Volume name → bytes, from `GET /system/df` (sizes the engine could not compute are left out). */
async function volumeSizes(engine: Engine, signal?: AbortSignal): Promise<Map<string, number>> {
	try {
		const df = (await (dockerOf(engine).df as unknown as (o: {abortSignal?: AbortSignal}) => Promise<unknown>).call(dockerOf(engine), signal ? {abortSignal: signal} : {})) as {Volumes?: Array<{Name: string; UsageData?: {Size?: number}}> | null};
		const m = new Map<string, number>();
		for (const v of df.Volumes ?? []) {
			const s = v.UsageData?.Size;
			if (typeof s === 'number' && s >= 0) m.set(v.Name, s);
		}
		return m;
	} catch {
		// df failed or took too long (it walks every volume; slow on a big host): sizes unknown.
		// An engine that is really gone fails the list calls beside this one.
		return new Map();
	}
}

export interface VolumeFilter {
	/** docker's label filters: "k", "k=v" */
	labels?: string[];
	dangling?: boolean;
	/** exact names */
	names?: string[];
}

interface RawVolume {
	Name: string;
	Driver: string;
	Mountpoint: string;
	Scope?: string;
	CreatedAt?: string;
	Labels?: Record<string, string> | null;
}

/** Every volume, with its size (where `system df` has it), the containers mounting it and whether it is dangling. */
export async function listVolumes(engine: Engine, filter: VolumeFilter = {}, opts: {sizes?: boolean; signal?: AbortSignal} = {}): Promise<VolumeRecord[]> {
	const signal = opts.signal;
	const filters: Record<string, string[]> = {};
	if (filter.labels?.length) filters['label'] = filter.labels;
	if (filter.dangling) filters['dangling'] = ['true'];
	let raw: RawVolume[];
	try {
		const r = (await dockerOf(engine).listVolumes({filters: JSON.stringify(filters), ...(signal ? {abortSignal: signal} : {})} as never)) as unknown as {Volumes?: RawVolume[] | null};
		raw = r.Volumes ?? [];
	} catch (err) {
		throw toEngineError(err, engine.where);
	}
	if (filter.names?.length) raw = raw.filter((v) => filter.names!.includes(v.Name));
	const [usage, sizes] = await Promise.all([resourceUsage(engine, signal), opts.sizes === false ? Promise.resolve(new Map<string, number>()) : volumeSizes(engine, signal)]);
	return raw
		.map((v): VolumeRecord => {
			const used = usage.volumes.get(v.Name) ?? [];
			return {
				name: v.Name,
				driver: v.Driver,
				mountpoint: v.Mountpoint,
				scope: v.Scope ?? 'local',
				created: v.CreatedAt ?? null,
				labels: v.Labels ?? {},
				size: sizes.get(v.Name) ?? null,
				used_by: used,
				dangling: used.length === 0,
			};
		})
		.sort((a, b) => a.name.localeCompare(b.name));
}

/** One volume, or null when there is none of that name. */
export async function getVolume(engine: Engine, name: string): Promise<VolumeRecord | null> {
	try {
		await volumeOf(engine, name).inspect();
	} catch (err) {
		const e = toEngineError(err, engine.where);
		if (e.code === 'not-found') return null;
		throw e;
	}
	return (await listVolumes(engine, {names: [name]}))[0] ?? null;
}

export interface CreateVolumeOptions {
	driver?: string;
	labels?: Record<string, string>;
	driverOpts?: Record<string, string>;
}

/** `docker volume create NAME`; an existing volume of that name is returned as it is (created: false). */
export async function createVolume(engine: Engine, name: string, opts: CreateVolumeOptions = {}): Promise<{name: string; created: boolean}> {
	// the engine makes up a name for an empty one: a volume nobody asked for
	if (!name) throw new EngineError('bad-request', 'no volume name given', 'Give the volume a name.', 400);
	try {
		await volumeOf(engine, name).inspect();
		return {name, created: false};
	} catch (err) {
		const e = toEngineError(err, engine.where);
		if (e.code !== 'not-found') throw e;
	}
	try {
		await dockerOf(engine).createVolume({Name: name, Driver: opts.driver ?? 'local', Labels: opts.labels ?? {}, DriverOpts: opts.driverOpts ?? {}});
	} catch (err) {
		throw toEngineError(err, engine.where);
	}
	return {name, created: true};
}

/**
 * `docker volume rm NAME`, refused (EngineError 'in-use', naming them) while any container — running
 * or stopped — mounts it. A volume that is not there counts as removed (found: false).
 */
export async function removeVolume(engine: Engine, name: string, opts: {force?: boolean} = {}): Promise<{found: boolean}> {
	const users = (await resourceUsage(engine)).volumes.get(name) ?? [];
	if (users.length) {
		throw new EngineError('in-use', `volume ${name} is in use by ${users.length} container${users.length === 1 ? '' : 's'}: ${names(users)}`, 'Remove those containers first (`docker rm`); a volume in use is never removed, even with --force.', 409);
	}
	try {
		await volumeOf(engine, name).remove({force: Boolean(opts.force)} as never);
		return {found: true};
	} catch (err) {
		const e = toEngineError(err, engine.where);
		if (e.code === 'not-found') return {found: false};
		if (e.code === 'conflict') throw new EngineError('in-use', `volume ${name} is in use: ${e.message}`, 'Remove the container that uses it first.', 409);
		throw e;
	}
}

export interface VolumePruneOptions {
	labels?: string[];
}

function pruneFilters(engine: Engine, opts: VolumePruneOptions): Record<string, string[]> {
	const f: Record<string, string[]> = {};
	if (opts.labels?.length) f['label'] = opts.labels;
	// API 1.42 changed the default to anonymous volumes only; `all` keeps docker 20.10's meaning
	if (apiAtLeast(engine, '1.42')) f['all'] = ['true'];
	return f;
}

/** What a prune would remove: the dangling volumes (matching the labels) and their known sizes. */
export async function volumePruneEstimate(engine: Engine, opts: VolumePruneOptions = {}): Promise<{volumes: Array<{name: string; size: number | null}>; bytes: number}> {
	const vs = (await listVolumes(engine, {dangling: true, ...(opts.labels?.length ? {labels: opts.labels} : {})})).filter((v) => v.driver === 'local');
	return {volumes: vs.map((v) => ({name: v.name, size: v.size})), bytes: vs.reduce((n, v) => n + (v.size ?? 0), 0)};
}

/** `docker volume prune`: every local volume no container uses (matching the labels). */
export async function pruneVolumes(engine: Engine, opts: VolumePruneOptions = {}): Promise<VolumePruneResult> {
	let raw: {VolumesDeleted?: string[] | null; SpaceReclaimed?: number};
	try {
		raw = (await dockerOf(engine).pruneVolumes({filters: JSON.stringify(pruneFilters(engine, opts))} as never)) as never;
	} catch (err) {
		throw toEngineError(err, engine.where);
	}
	return {deleted: raw.VolumesDeleted ?? [], space_reclaimed: raw.SpaceReclaimed ?? 0};
}
