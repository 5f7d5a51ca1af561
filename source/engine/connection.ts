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
	/** ms before the first request is given up */
	timeoutMs?: number;
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
		probe = new Docker(dockerOptions(target));
	} catch (err) {
		throw new EngineError('unreachable', `Bad engine address ${where}: ${(err as Error).message}`, 'Set DOCKER_HOST like unix:///var/run/docker.sock or tcp://host:2376.');
	}
	const timeoutMs = opts.timeoutMs ?? 5000;
	let info: Docker.DockerVersion;
	try {
		info = await withTimeout(probe.version(), timeoutMs, where);
	} catch (err) {
		throw toEngineError(err, where);
	}
	const api = cmpVersion(info.ApiVersion, MAX_API) > 0 ? MAX_API : info.ApiVersion;
	return {
		[DOCKER]: new Docker(dockerOptions(target, api)),
		target,
		where,
		apiVersion: api,
		serverVersion: info.Version,
		arch: info.Arch,
		os: info.Os,
	};
}

function withTimeout<T>(p: Promise<T>, ms: number, where: string): Promise<T> {
	return new Promise<T>((resolve, reject) => {
		const t = setTimeout(() => {
			reject(new EngineError('unreachable', `The Docker engine at ${where} did not answer within ${ms} ms.`, 'Check that the daemon is running and not hung, or set DOCKER_HOST.'));
		}, ms);
		p.then(
			(v) => {
				clearTimeout(t);
				resolve(v);
			},
			(e: unknown) => {
				clearTimeout(t);
				reject(e);
			},
		);
	});
}
