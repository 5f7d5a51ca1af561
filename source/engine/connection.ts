/** Opens a dockerode client for a target and negotiates the API version. */
import {readFileSync} from 'node:fs';
import Docker from 'dockerode';
import {DOCKER} from './client.js';
import {EngineError, toEngineError} from './errors.js';
import {describeTarget, resolveTarget, type EngineTarget} from './host.js';

export interface Engine {
	/** dockerode, for engine/ only (engine/client.ts) */
	readonly [DOCKER]: Docker;
	readonly target: EngineTarget;
	/** e.g. "unix:///var/run/docker.sock (default)" */
	readonly where: string;
	readonly apiVersion: string;
	readonly serverVersion: string;
	readonly arch: string;
	readonly os: string;
}

/** Newest API version berth has been written against; older engines are spoken to in their own. */
const MAX_API = '1.45';

function cmpVersion(a: string, b: string): number {
	const [a1 = 0, a2 = 0] = a.split('.').map(Number);
	const [b1 = 0, b2 = 0] = b.split('.').map(Number);
	return a1 - b1 || a2 - b2;
}

export function dockerOptions(t: EngineTarget, version?: string): Docker.DockerOptions {
	const v = version ? {version: `v${version}`} : {};
	const u = new URL(t.url);
	if (u.protocol === 'unix:') return {socketPath: u.pathname, ...v};
	if (u.protocol === 'npipe:') return {socketPath: t.url.slice('npipe://'.length), ...v};
	if (u.protocol === 'ssh:') {
		return {protocol: 'ssh', host: u.hostname, port: u.port || 22, username: u.username || undefined, sshOptions: {agent: process.env.SSH_AUTH_SOCK}, ...v} as Docker.DockerOptions;
	}
	const tls = t.tls;
	const useTls = Boolean(tls) || u.port === '2376';
	const opts: Docker.DockerOptions = {protocol: useTls ? 'https' : 'http', host: u.hostname, port: u.port || (useTls ? 2376 : 2375), ...v};
	if (tls) {
		const read = (p?: string) => {
			if (!p) return undefined;
			try {
				return readFileSync(p);
			} catch {
				throw new EngineError('permission', `Cannot read TLS file ${p}.`, 'Check DOCKER_CERT_PATH (ca.pem, cert.pem, key.pem) or the context\'s TLS files.');
			}
		};
		opts.ca = read(tls.caPath);
		opts.cert = read(tls.certPath);
		opts.key = read(tls.keyPath);
		if (!tls.verify) (opts as Record<string, unknown>)['checkServerIdentity'] = () => undefined;
	}
	return opts;
}

export interface ConnectOptions {
	host?: string;
	/** ms before the first request (the version probe) is given up (default 5000) */
	timeoutMs?: number;
	/** ms any later call may wait for the engine's answer (default: BERTH_ENGINE_TIMEOUT s, else 30000) */
	callTimeoutMs?: number;
}

/** The bound on one engine call: BERTH_ENGINE_TIMEOUT (seconds) when set, else 30 s. */
export function callTimeoutFromEnv(env: NodeJS.ProcessEnv = process.env): number {
	const s = Number(env['BERTH_ENGINE_TIMEOUT']);
	return Number.isFinite(s) && s > 0 ? Math.round(s * 1000) : 30_000;
}

/** Connect, ask the engine its version, and return a client pinned to min(engine, MAX_API). */
export async function connectEngine(opts: ConnectOptions = {}): Promise<Engine> {
	let target: EngineTarget;
	try {
		target = resolveTarget(opts.host);
	} catch (err) {
		throw new EngineError('unreachable', (err as Error).message, 'Fix DOCKER_CONTEXT / ~/.docker/config.json, or set DOCKER_HOST.');
	}
	const where = describeTarget(target);
	let probe: Docker;
	try {
		probe = bounded(new Docker(dockerOptions(target)), where, opts.timeoutMs ?? 5000);
	} catch (err) {
		throw new EngineError('unreachable', `Bad engine address ${where}: ${(err as Error).message}`, 'Set DOCKER_HOST like unix:///var/run/docker.sock or tcp://host:2376.');
	}
	let info: Docker.DockerVersion;
	try {
		info = await probe.version();
	} catch (err) {
		throw toEngineError(err, where);
	}
	const api = cmpVersion(info.ApiVersion, MAX_API) > 0 ? MAX_API : info.ApiVersion;
	return {
		[DOCKER]: bounded(new Docker(dockerOptions(target, api)), where, opts.callTimeoutMs ?? callTimeoutFromEnv()),
		target,
		where,
		apiVersion: api,
		serverVersion: info.Version,
		arch: info.Arch,
		os: info.Os,
	};
}

/** What docker-modem's dial() is given (the parts the bound looks at). */
interface DialOptions {
	path?: string;
	method?: string;
	isStream?: boolean;
	hijack?: boolean;
	openStdin?: boolean;
	file?: unknown;
	options?: Record<string, unknown>;
	abortSignal?: AbortSignal;
}
type DialCallback = (err: unknown, data: unknown) => void;

/**
 * How long a call may wait for the engine's answer (null: no bound — an interactive exec stream,
 * ended by its caller). stop/restart wait for the container's own stop timeout first (`t`, else
 * up to 5 min, the longest a stop_grace_period sensibly is).
 */
function boundOf(o: DialOptions, ms: number): number | null {
	if (o.hijack || o.openStdin) return null;
	const path = o.path ?? '';
	if (/^\/containers\/[^/]+\/wait\b/.test(path)) return null;
	if (/^\/containers\/[^/]+\/(stop|restart)\b/.test(path)) {
		const t = Number(o.options?.['t']);
		return ms + (Number.isFinite(t) && t >= 0 ? t : 300) * 1000;
	}
	return ms;
}

const isReadable = (v: unknown): v is NodeJS.ReadableStream => Boolean(v) && typeof (v as NodeJS.ReadableStream).on === 'function';

/** The requests under way per caller's signal: one abort listener per signal, however many requests share it. */
const following = new WeakMap<AbortSignal, {live: Set<AbortController>; fanOut: () => void}>();

/**
 * Abort `ac` when `outer` aborts; returns the release to call when the request has ended. The
 * dashboard's session signal carries a dozen concurrent inspects, its relists and its /events
 * stream: a listener each piled past the EventTarget limit (MaxListenersExceededWarning), and a
 * stream's was never removed. Here one listener fans out to the requests under way, and is removed
 * when the last of them has ended.
 */
function follow(outer: AbortSignal, ac: AbortController): () => void {
	if (outer.aborted) {
		ac.abort(outer.reason);
		return () => undefined;
	}
	let entry = following.get(outer);
	if (!entry) {
		const live = new Set<AbortController>();
		const fanOut = () => {
			following.delete(outer);
			for (const c of live) c.abort(outer.reason);
			live.clear();
		};
		entry = {live, fanOut};
		following.set(outer, entry);
		outer.addEventListener('abort', fanOut, {once: true});
	}
	const mine = entry;
	mine.live.add(ac);
	let released = false;
	return () => {
		if (released) return;
		released = true;
		mine.live.delete(ac);
		if (mine.live.size === 0 && following.get(outer) === mine) {
			following.delete(outer);
			outer.removeEventListener('abort', mine.fanOut);
		}
	};
}

/**
 * Every request of this client gets a bound: an engine that accepts the connection and never
 * answers (hung daemon, a stuck containerd) fails the call with an `unreachable` EngineError once
 * the bound passes, and the request is aborted — its socket closed — so nothing is left that
 * keeps the process alive. For a stream (events, stats, logs) the bound covers the answer's
 * start; the stream then lives until the caller's signal aborts it. An upload (docker load) is
 * bounded by idle time: no byte sent for `ms`, or no answer `ms` after the last byte.
 */
function bounded(docker: Docker, where: string, ms: number): Docker {
	const modem = docker.modem as unknown as {dial(o: DialOptions, cb: DialCallback): void};
	const dial = modem.dial.bind(modem);
	modem.dial = (o: DialOptions, cb: DialCallback) => {
		const limit = boundOf(o, ms);
		if (limit === null) return dial(o, cb);
		const ac = new AbortController();
		// dockerode leaves some calls' signal among the query options (image inspect): take it from there too
		const inOptions = o.options?.['abortSignal'];
		const outer = o.abortSignal ?? (inOptions instanceof AbortSignal ? inOptions : undefined);
		if (o.options && inOptions) delete o.options['abortSignal'];
		const release = outer ? follow(outer, ac) : () => undefined;
		let timedOut = false;
		let timer: NodeJS.Timeout | undefined;
		const arm = (t: number) => {
			clearTimeout(timer);
			timer = setTimeout(() => {
				timedOut = true;
				ac.abort();
			}, t);
		};
		if (isReadable(o.file)) {
			o.file.on('data', () => arm(limit));
			o.file.on('end', () => arm(limit));
		}
		arm(limit);
		dial({...o, abortSignal: ac.signal}, (err, data) => {
			clearTimeout(timer);
			// a stream follows the caller's signal until it closes; any other request until its answer
			if (o.isStream && !err && isReadable(data) && !(data as {destroyed?: boolean}).destroyed) data.once('close', release);
			else release();
			if (timedOut && !outer?.aborted) {
				const what = `${o.method ?? 'GET'} ${(o.path ?? '').replace(/\?$/, '')}`;
				err = new EngineError(
					'unreachable',
					`The Docker engine at ${where} did not answer ${what} within ${Math.round(limit / 100) / 10} s.`,
					'It accepts connections but does not answer: the daemon may be hung (check `systemctl status docker` and its log), or set DOCKER_HOST to another engine.',
				);
			}
			cb(err, data);
		});
	};
	return docker;
}
