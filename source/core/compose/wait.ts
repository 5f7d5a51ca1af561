/**
 * Wait until services are up: every container running and, where the service has a healthcheck,
 * healthy (or exited 0 where a dependent waits for completion). Driven by the engine's /events
 * stream: subscribe first, then take one list, then re-inspect a container only when it has an event.
 * A container without a healthcheck counts as up once it has kept running for settleMs (so one
 * that crashes right after starting is not reported up); a timer, not the engine, ends that window.
 */
import type {Engine} from '../../engine/connection.js';
import {inspectMany, inspectContainer, listContainers} from '../../engine/containers.js';
import {containerEvents} from '../../engine/events.js';
import type {ContainerRecord} from '../../model/container.js';

export type ServiceState = 'pending' | 'running' | 'healthy' | 'completed' | 'failed';

export interface ServiceStatus {
	service: string;
	state: ServiceState;
	detail: string;
	containers: ContainerRecord[];
}

export interface WaitOptions {
	project: string;
	services: string[];
	/** services with a compose healthcheck: wait for healthy (an image's own HEALTHCHECK counts too) */
	health: Set<string>;
	/** services a dependent waits on with service_completed_successfully: exit 0 is success */
	completes?: Set<string>;
	/** services with a restart policy: an exit is a restart in progress until the timeout */
	restarts?: Set<string>;
	/** compose up failed: a service with no container, or one never started, has failed */
	upFailed?: boolean;
	timeoutMs: number;
	/** how to name the time limit in "not ready after …" (default: timeoutMs in seconds) */
	timeoutLabel?: string;
	/** how long a container without a healthcheck must have been running (default 2000 ms) */
	settleMs?: number;
	signal?: AbortSignal;
	onChange?: (s: ServiceStatus) => void;
}

const DEFAULT_SETTLE = 2000;

/** First time this process saw each container start running (guards against engine clock skew). */
const firstSeen = new Map<string, number>();

/** When a running container without a healthcheck leaves its settle window (ms epoch), or null. */
function settlesAt(c: ContainerRecord, o: WaitOptions, svc: string, now: number): number | null {
	if (c.state !== 'running' || o.health.has(svc) || c.health !== 'none' || !c.started_at) return null;
	const key = `${c.id}@${c.started_at}`;
	if (!firstSeen.has(key)) {
		if (firstSeen.size > 5000) firstSeen.clear();
		firstSeen.set(key, now);
	}
	return Math.min(Date.parse(c.started_at), firstSeen.get(key)!) + (o.settleMs ?? DEFAULT_SETTLE);
}

const PROJECT = 'com.docker.compose.project';
const SERVICE = 'com.docker.compose.service';
const SETTLED: ServiceState[] = ['running', 'healthy', 'completed', 'failed'];

function containerState(c: ContainerRecord, o: WaitOptions, svc: string, now: number): {state: ServiceState; detail: string} {
	if (c.state === 'running') {
		// a healthcheck from the compose file, or one baked into the image
		if (!o.health.has(svc) && c.health === 'none') {
			const at = settlesAt(c, o, svc, now);
			const restarts = c.restart_count ? ` (${c.restart_count} restart${c.restart_count === 1 ? '' : 's'})` : '';
			if (at !== null && now < at) return {state: 'pending', detail: `running, settling${restarts}`};
			return {state: 'running', detail: `running${restarts}`};
		}
		if (c.health === 'healthy') return {state: 'healthy', detail: 'running, healthy'};
		if (c.health === 'unhealthy') return {state: 'failed', detail: `unhealthy${c.health_last_output ? `: ${c.health_last_output.split('\n').at(-1)}` : ''}`};
		return {state: 'pending', detail: 'running, health: starting'};
	}
	if (c.state === 'exited' || c.state === 'dead') {
		if (c.exit_code === 0 && o.completes?.has(svc)) return {state: 'completed', detail: 'completed (exit 0)'};
		const why = `${c.oom_killed ? 'OOM-killed, ' : ''}exited with code ${c.exit_code ?? '?'}${c.error ? ` (${c.error})` : ''}`;
		if (o.restarts?.has(svc) && c.state === 'exited') return {state: 'pending', detail: `${why}; restart policy will retry`};
		return {state: 'failed', detail: why};
	}
	if (c.state === 'restarting') return {state: 'pending', detail: `restarting (${c.restart_count} restarts)`};
	if (c.state === 'created' && o.upFailed) return {state: 'failed', detail: `created but not started${c.error ? `: ${c.error}` : ' (compose up failed)'}`};
	return {state: 'pending', detail: c.state};
}

export function serviceStatus(svc: string, containers: ContainerRecord[], o: WaitOptions, now = Date.now()): ServiceStatus {
	if (containers.length === 0) return {service: svc, state: o.upFailed ? 'failed' : 'pending', detail: o.upFailed ? 'no container (compose up failed)' : 'no container yet', containers};
	const states = containers.map((c) => containerState(c, o, svc, now));
	const pick = states.find((s) => s.state === 'failed') ?? states.find((s) => s.state === 'pending') ?? states[0]!;
	return {service: svc, ...pick, containers};
}

export async function waitForServices(engine: Engine, o: WaitOptions): Promise<Record<string, ServiceStatus>> {
	const ac = new AbortController();
	const onAbort = () => ac.abort();
	o.signal?.addEventListener('abort', onAbort);
	const records = new Map<string, ContainerRecord>();
	const status: Record<string, ServiceStatus> = {};
	const wanted = new Set(o.services);
	const mine = (c: {project: string | null; service: string | null}) => c.project === o.project && c.service !== null && wanted.has(c.service);

	const evaluate = (only?: string) => {
		for (const svc of o.services) {
			if (only && svc !== only) continue;
			const s = serviceStatus(svc, [...records.values()].filter((c) => c.service === svc), o);
			const prev = status[svc];
			status[svc] = s;
			if (!prev || prev.state !== s.state || prev.detail !== s.detail) o.onChange?.(s);
		}
		return o.services.every((svc) => SETTLED.includes(status[svc]!.state));
	};

	let timedOut = false;
	const timer = setTimeout(() => {
		timedOut = true;
		ac.abort();
	}, o.timeoutMs);
	try {
		const events = (await containerEvents(engine, ac.signal))[Symbol.asyncIterator]();
		const rows = (await listContainers(engine)).filter(mine);
		for (const r of await inspectMany(engine, rows.map((r) => r.id))) records.set(r.id, r);
		// the earliest end of a settle window still open: a reason to look again without an event
		const nextSettle = () => {
			const now = Date.now();
			const ends = [...records.values()].map((c) => settlesAt(c, o, c.service ?? '', now)).filter((t): t is number => t !== null && t > now);
			return ends.length ? Math.min(...ends) : null;
		};
		// a next() left pending when the wait ends must not become an unhandled rejection
		const pull = () => {
			const p = events.next();
			p.catch(() => undefined);
			return p;
		};
		let next = pull();
		while (!evaluate()) {
			const wake = nextSettle();
			let tick: ReturnType<typeof setTimeout> | undefined;
			const r = await Promise.race([next, ...(wake === null ? [] : [new Promise<'tick'>((res) => (tick = setTimeout(() => res('tick'), wake - Date.now() + 5)))])]);
			clearTimeout(tick);
			if (r === 'tick') continue;
			if (r.done) break;
			next = pull();
			const ev = r.value;
			if (ev.attributes[PROJECT] !== o.project || !wanted.has(ev.attributes[SERVICE] ?? '')) continue;
			const rec = await inspectContainer(engine, ev.id);
			if (rec && mine(rec)) records.set(rec.id, rec);
			else records.delete(ev.id);
		}
	} finally {
		clearTimeout(timer);
		ac.abort();
		o.signal?.removeEventListener('abort', onAbort);
	}
	const why = o.signal?.aborted ? 'aborted' : timedOut ? `not ready after ${o.timeoutLabel ?? `${Math.round(o.timeoutMs / 1000)} s`}` : 'the engine closed the event stream';
	for (const svc of o.services) {
		const s = status[svc] ?? serviceStatus(svc, [], o);
		if (s.state === 'pending') {
			status[svc] = {...s, state: 'failed', detail: `${why}: ${s.detail}`};
			o.onChange?.(status[svc]!);
		}
	}
	return status;
}
