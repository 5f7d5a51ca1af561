/** Containers: list, inspect, and the lifecycle actions, mapped to plain records. */
import type Docker from 'dockerode';
import type {Engine} from './connection.js';
import {toEngineError} from './errors.js';
import type {ContainerRecord, ContainerState, Health, PortBinding, Protocol} from '../model/container.js';
import type {ContainerInspect} from '../model/inspect.js';
import {containerOf, dockerOf} from './client.js';

const PROJECT = 'com.docker.compose.project';
const SERVICE = 'com.docker.compose.service';

function healthFromStatus(status: string): Health {
	if (/\(healthy\)/.test(status)) return 'healthy';
	if (/\(unhealthy\)/.test(status)) return 'unhealthy';
	if (/\(health: starting\)/.test(status)) return 'starting';
	return 'none';
}

function asState(s: string | undefined): ContainerState {
	const known: ContainerState[] = ['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead'];
	return known.includes(s as ContainerState) ? (s as ContainerState) : 'dead';
}

function sortPorts(ports: PortBinding[]): PortBinding[] {
	return ports.sort((a, b) => a.container_port - b.container_port || a.host_port - b.host_port || a.host_ip.localeCompare(b.host_ip));
}

/** Record from a /containers/json row (no started_at; health from the status text). */
export function fromSummary(c: Docker.ContainerInfo): ContainerRecord {
	const labels = c.Labels ?? {};
	const ports: PortBinding[] = [];
	for (const p of c.Ports ?? []) {
		if (p.PublicPort === undefined || p.PublicPort === null) continue;
		ports.push({host_ip: p.IP ?? '', host_port: p.PublicPort, container_port: p.PrivatePort, protocol: (p.Type as Protocol) ?? 'tcp'});
	}
	return {
		id: c.Id,
		name: (c.Names?.[0] ?? c.Id.slice(0, 12)).replace(/^\//, ''),
		project: labels[PROJECT] ?? null,
		service: labels[SERVICE] ?? null,
		state: asState(c.State),
		health: healthFromStatus(c.Status ?? ''),
		ports: sortPorts(ports),
		image: c.Image,
		image_id: c.ImageID,
		command: c.Command ?? '',
		created_at: new Date(c.Created * 1000).toISOString(),
		started_at: null,
		finished_at: null,
		exit_code: null,
		oom_killed: false,
		restart_count: 0,
		health_failing_streak: 0,
		health_last_output: null,
		error: null,
		labels,
		detailed: false,
	};
}

const ZERO_TIME = '0001-01-01T00:00:00Z';
const realTime = (t: string | undefined) => (t && t !== ZERO_TIME ? t : null);

/** Record from a full inspect. */
export function fromInspect(c: Docker.ContainerInspectInfo): ContainerRecord {
	const labels = c.Config?.Labels ?? {};
	const ports: PortBinding[] = [];
	const portMap = (c.NetworkSettings?.Ports ?? {}) as Record<string, Array<{HostIp: string; HostPort: string}> | null>;
	for (const [key, bindings] of Object.entries(portMap)) {
		if (!bindings) continue;
		const [num, proto = 'tcp'] = key.split('/');
		for (const b of bindings) {
			ports.push({host_ip: b.HostIp ?? '', host_port: Number(b.HostPort), container_port: Number(num), protocol: proto as Protocol});
		}
	}
	const st = c.State;
	const health = (st as {Health?: {Status?: string; FailingStreak?: number; Log?: Array<{Output?: string}>}}).Health;
	const lastLog = health?.Log?.at(-1);
	const status = health?.Status;
	return {
		id: c.Id,
		name: c.Name.replace(/^\//, ''),
		project: labels[PROJECT] ?? null,
		service: labels[SERVICE] ?? null,
		state: asState(st.Status),
		// as `docker ps` says it: health belongs to a running container (a stopped or paused one keeps
		// its last result in State.Health, which is not its health now)
		health: st.Status === 'running' && (status === 'healthy' || status === 'unhealthy' || status === 'starting') ? status : 'none',
		ports: sortPorts(ports),
		image: c.Config?.Image ?? c.Image,
		image_id: c.Image,
		command: [c.Path, ...(c.Args ?? [])].join(' '),
		created_at: c.Created,
		started_at: realTime(st.StartedAt),
		finished_at: realTime(st.FinishedAt),
		exit_code: st.Running ? null : st.ExitCode,
		oom_killed: Boolean(st.OOMKilled),
		restart_count: c.RestartCount ?? 0,
		health_failing_streak: health?.FailingStreak ?? 0,
		health_last_output: lastLog?.Output?.trim() ?? null,
		error: st.Error || null,
		labels,
		detailed: true,
	};
}

export async function listContainers(engine: Engine, signal?: AbortSignal): Promise<ContainerRecord[]> {
	try {
		const rows = await dockerOf(engine).listContainers({all: true, ...(signal ? {abortSignal: signal} : {})});
		return rows.map(fromSummary);
	} catch (err) {
		throw toEngineError(err, engine.where);
	}
}

/** Full inspect; null when the container no longer exists. */
export async function inspectContainer(engine: Engine, id: string, signal?: AbortSignal): Promise<ContainerRecord | null> {
	const raw = await inspectInfo(engine, id, signal);
	return raw ? fromInspect(raw) : null;
}

/** The full inspect (model/inspect.ts); null when the container is gone. */
export async function inspectRaw(engine: Engine, id: string, signal?: AbortSignal): Promise<ContainerInspect | null> {
	const info = await inspectInfo(engine, id, signal);
	return info ? toInspect(info) : null;
}

/** dockerode's answer is the engine's JSON: the model types the fields berth reads and keeps the rest. */
function toInspect(info: Docker.ContainerInspectInfo): ContainerInspect {
	return info as unknown as ContainerInspect;
}

async function inspectInfo(engine: Engine, id: string, signal?: AbortSignal): Promise<Docker.ContainerInspectInfo | null> {
	try {
		return await containerOf(engine, id).inspect(signal ? ({abortSignal: signal} as never) : {});
	} catch (err) {
		const e = toEngineError(err, engine.where);
		if (e.code === 'not-found') return null;
		throw e;
	}
}

/** Inspect many with bounded concurrency; vanished containers are dropped. */
export async function inspectMany(engine: Engine, ids: string[], concurrency = 8): Promise<ContainerRecord[]> {
	const answers = await inspectEach(engine, ids, concurrency);
	return ids.map((id) => answers.get(id)).filter((r): r is ContainerRecord => Boolean(r));
}

/**
 * Inspect each id with bounded concurrency: id → record, or null when the engine says "no such
 * container" (404). Any other failure, or the signal, rejects (the caller decides whether to retry).
 */
export async function inspectEach(engine: Engine, ids: string[], concurrency = 8, signal?: AbortSignal): Promise<Map<string, ContainerRecord | null>> {
	const out = new Map<string, ContainerRecord | null>();
	let next = 0;
	async function worker() {
		while (next < ids.length) {
			if (signal?.aborted) throw toEngineError(signal.reason ?? Object.assign(new Error('aborted'), {name: 'AbortError'}), engine.where);
			const id = ids[next++]!;
			out.set(id, await inspectContainer(engine, id, signal));
		}
	}
	await Promise.all(Array.from({length: Math.min(concurrency, ids.length)}, worker));
	return out;
}

/** list + inspect: the exact model (used by `berth status`). */
export async function listDetailed(engine: Engine): Promise<ContainerRecord[]> {
	const rows = await listContainers(engine);
	const detailed = await inspectMany(engine, rows.map((r) => r.id));
	const byId = new Map(detailed.map((r) => [r.id, r]));
	return rows.map((r) => byId.get(r.id)).filter((r): r is ContainerRecord => Boolean(r));
}

export type ContainerAction = 'start' | 'stop' | 'restart' | 'kill' | 'pause' | 'unpause' | 'remove';

export interface ActionOptions {
	/** seconds before SIGKILL for stop/restart */
	timeout?: number;
	signal?: string;
	force?: boolean;
	volumes?: boolean;
}

/**
 * Run a lifecycle action. Idempotent outcomes count as success: 304 (already started/stopped),
 * 404 on remove, 409 "not paused" on unpause / "already paused" on pause. Resolves 'gone' when a
 * remove found no such container (nothing was removed: it was already gone), else 'done'.
 * Any other action on a container that does not exist rejects with code 'not-found'.
 */
export async function containerAction(engine: Engine, id: string, action: ContainerAction, opts: ActionOptions = {}): Promise<'done' | 'gone'> {
	try {
		const c = containerOf(engine, id);
		switch (action) {
			case 'start':
				await c.start();
				break;
			case 'stop':
				await c.stop(opts.timeout === undefined ? {} : {t: opts.timeout});
				break;
			case 'restart':
				await c.restart(opts.timeout === undefined ? {} : {t: opts.timeout});
				break;
			case 'kill':
				await c.kill(opts.signal ? {signal: opts.signal} : {});
				break;
			case 'pause':
				await c.pause();
				break;
			case 'unpause':
				await c.unpause();
				break;
			case 'remove':
				await c.remove({force: opts.force ?? false, v: opts.volumes ?? false});
				break;
		}
	} catch (err) {
		const e = toEngineError(err, engine.where);
		if (e.status === 304) return 'done';
		if (e.status === 404 && action === 'remove') return 'gone';
		// engines answer 409 or (20.10) 500 for these; the message is what identifies them
		if (action === 'pause' && /already paused/i.test(e.message)) return 'done';
		if (action === 'unpause' && /is not paused/i.test(e.message)) return 'done';
		throw e;
	}
	return 'done';
}
