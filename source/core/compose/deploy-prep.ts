/**
 * The deploy steps before `compose up`: environment check, bind-mount directories, images from a
 * folder, arch tags. Each returns {status, detail}; with dryRun nothing is changed and the detail
 * says what would be done.
 */
import {existsSync, statfsSync} from 'node:fs';
import {join} from 'node:path';
import type {Engine} from '../../engine/connection.js';
import {engineEnv} from '../../engine/child-env.js';
import {detectComposeCli, type ComposeCli} from '../../engine/compose-cli.js';
import {inspectImage, tagImage} from '../../engine/images.js';
import {engineInfo, engineIsLocal} from '../../engine/system.js';
import {hostArch} from '../images/arch.js';
import {findArchives, loadImages, skipReason} from '../images/load.js';
import {normaliseRef, setupTags} from '../images/tags.js';
import {publishedPorts, portHolders} from '../ports.js';
import {bindMounts, createMissingDirs} from './mounts.js';
import {activeServices} from './order.js';
import type {ComposeProject} from './types.js';

export type PrepStatus = 'ok' | 'warn' | 'failed' | 'skipped';
export interface PrepResult {
	status: PrepStatus;
	detail: string;
}

const gib = (n: number) => `${(n / 2 ** 30).toFixed(1)} GiB`;
const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;

function freeBytes(path: string): number | null {
	try {
		const s = statfsSync(path);
		return s.bavail * s.bsize;
	} catch {
		return null;
	}
}

/**
 * Engine (already connected), compose CLI, free disk where the project and the engine's data live,
 * and host ports of the stack that something else holds already.
 */
export async function checkEnvironment(engine: Engine, project: ComposeProject, host: string | undefined, minFree = 2 ** 30): Promise<PrepResult & {cli?: ComposeCli}> {
	let cli: ComposeCli;
	try {
		cli = await detectComposeCli({...process.env, ...engineEnv(engine.target)});
	} catch (err) {
		return {status: 'failed', detail: (err as Error).message};
	}
	const notes = [`engine ${engine.serverVersion} (${engine.arch})`, `compose ${cli.flavor} ${cli.version}`];
	let low = false;
	const places: Array<[string, string]> = [['project dir', project.dir]];
	if (engineIsLocal(engine)) {
		const root = (await engineInfo(engine)).docker_root_dir;
		if (root && existsSync(root)) places.push(['engine data', root]);
	}
	for (const [what, path] of places) {
		const free = freeBytes(path);
		if (free === null) continue;
		notes.push(`${what} ${gib(free)} free`);
		if (free < minFree) low = true;
	}
	const taken = await takenPorts(engine, project);
	if (taken.length) notes.push(`host ports already taken: ${taken.join('; ')}`);
	return {cli, status: low || taken.length ? 'warn' : 'ok', detail: notes.join(', ') + (low ? ` (below ${gib(minFree)})` : '')};
}

/** Host ports this stack publishes that something else (not this project) holds now. */
async function takenPorts(engine: Engine, project: ComposeProject): Promise<string[]> {
	const out: string[] = [];
	try {
		const all = await publishedPorts(engine);
		const published = all.filter((u) => u.project !== project.model.name);
		// this project's own containers (a re-deploy) hold their ports through docker-proxy
		const own = (port: number, proto: string) => all.some((u) => u.project === project.model.name && u.host_port === port && u.protocol === proto);
		for (const name of activeServices(project.model, project.profiles)) {
			for (const p of project.model.services[name]!.ports ?? []) {
				if (p.host_port === null || p.host_port === 0 || p.host_port_end !== undefined || p.protocol === 'sctp') continue;
				const holders = (await portHolders(engine, p.host_port, p.protocol, p.host_ip || '0.0.0.0', undefined, published)).filter(
					(h) => !(h.kind === 'process' && h.name === 'docker-proxy' && own(p.host_port!, p.protocol)),
				);
				if (holders.length) out.push(`${p.host_port}/${p.protocol} (${name}) by ${holders.map((h) => `${h.kind} ${h.name}`).join(', ')}`);
			}
		}
	} catch {
		// best effort: compose up reports a taken port anyway
	}
	return out;
}

export function prepareMounts(project: ComposeProject, dryRun: boolean): PrepResult {
	const mounts = bindMounts(project.model);
	const detail = [plural(mounts.length, 'bind mount')];
	if (dryRun) {
		const missing = [...new Set(mounts.filter((m) => m.exists === 'missing').map((m) => m.source))];
		if (missing.length) detail.push(`would create ${missing.join(', ')}`);
		return {status: 'ok', detail: detail.join('; ')};
	}
	const made = createMissingDirs(mounts);
	if (made.failed.length) return {status: 'failed', detail: made.failed.map((f) => `${f.source}: ${f.error}`).join('; ')};
	if (made.created.length) detail.push(`created ${made.created.join(', ')}`);
	for (const s of made.skipped) detail.push(`missing file ${s.source} (not created)`);
	return {status: made.skipped.length ? 'warn' : 'ok', detail: detail.join('; ')};
}

export async function loadImageDir(engine: Engine, dir: string | undefined, dryRun: boolean, onLine?: (l: string) => void, signal?: AbortSignal): Promise<PrepResult> {
	if (!dir) return {status: 'skipped', detail: 'no --images folder given'};
	try {
		if (dryRun) {
			const arch = (await hostArch()).arch;
			const files = await findArchives(dir);
			for (const f of files) onLine?.(`${skipReason(f, arch) ? `would skip ${f} (${skipReason(f, arch)})` : `would load ${join(dir, f)}`}`);
			const skip = files.filter((f) => skipReason(f, arch)).length;
			return {status: 'ok', detail: `would load ${files.length - skip}, skip ${skip} (other arch)`};
		}
		// a line per file when done, and one per tenth read so a big archive never looks stalled
		const shown = new Map<string, number>();
		const mib = (n: number) => `${(n / 2 ** 20).toFixed(0)} MiB`;
		const r = await loadImages(engine, dir, {
			signal,
			onProgress: (p) => {
				if (p.phase === 'data' && p.total > 0) {
					const tenth = Math.floor((p.bytes / p.total) * 10);
					if (tenth > (shown.get(p.file) ?? 0) && tenth < 10) {
						shown.set(p.file, tenth);
						onLine?.(`loading ${p.file} (${p.index}/${p.count}) ${tenth * 10}% of ${mib(p.total)}`);
					}
				}
				if (p.phase === 'done' && p.result) onLine?.(`${p.result.status} ${p.file}${p.result.images.length ? `: ${p.result.images.join(', ')}` : ''}${p.result.note ? ` (${p.result.note})` : ''}`);
			},
		});
		const detail = `${r.loaded} loaded, ${r.skipped} skipped (other arch), ${r.failed} failed`;
		return {status: r.failed ? 'failed' : 'ok', detail};
	} catch (err) {
		return {status: 'failed', detail: (err as Error).message};
	}
}

/** NAME:TAG-<hostarch> → NAME:TAG for the images these services use; then: is every image here? */
export async function archTags(engine: Engine, project: ComposeProject, services: string[], dryRun: boolean, onLine?: (l: string) => void): Promise<PrepResult> {
	try {
		const wanted = new Set(services.map((n) => project.model.services[n]!.image).filter((i): i is string => Boolean(i)).map(normaliseRef));
		const t = await setupTags(engine, {dryRun: true});
		const todo = t.actions.filter((x) => wanted.has(normaliseRef(x.to)) && (x.status === 'create' || x.status === 'update'));
		let created = 0;
		const failed: string[] = [];
		for (const a of todo) {
			if (dryRun) {
				onLine?.(`would tag ${a.from} → ${a.to}`);
				continue;
			}
			try {
				await tagImage(engine, a.from_id!, a.to);
				created++;
				onLine?.(`tagged ${a.from} → ${a.to}`);
			} catch (err) {
				failed.push(`${a.to}: ${(err as Error).message}`);
			}
		}
		const warnings = t.warnings.filter((w) => wanted.has(normaliseRef(w.image)));
		for (const w of warnings) onLine?.(`warning: ${w.message}`);
		const tagged = new Set(todo.map((a) => normaliseRef(a.to)));
		const missing: string[] = [];
		for (const name of services) {
			const svc = project.model.services[name]!;
			if (svc.image && !svc.build && !(dryRun && tagged.has(normaliseRef(svc.image))) && !(await inspectImage(engine, svc.image))) missing.push(`${name} (${svc.image})`);
		}
		const head = dryRun ? `would create ${plural(todo.length, 'tag')}` : `${plural(created, 'tag')} created`;
		const detail = `${head}${failed.length ? `, failed: ${failed.join('; ')}` : ''}${warnings.length ? `, ${warnings.length} arch warning(s)` : ''}${missing.length ? `; not present locally: ${missing.join(', ')}` : ''}`;
		return {status: failed.length || missing.length || warnings.length ? 'warn' : 'ok', detail};
	} catch (err) {
		return {status: 'warn', detail: (err as Error).message};
	}
}
