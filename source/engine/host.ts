/**
 * Where the engine is: --host flag, DOCKER_HOST, DOCKER_CONTEXT / the current context in
 * ~/.docker/config.json (endpoint and TLS files under ~/.docker/contexts), else the default socket.
 */
import {createRequire} from 'node:module';
import {existsSync, readFileSync} from 'node:fs';
import {homedir} from 'node:os';
import {join} from 'node:path';

export interface EngineTarget {
	/** unix:///var/run/docker.sock, tcp://host:2376, ssh://user@host … */
	url: string;
	/** where the url came from, for messages */
	source: 'flag' | 'DOCKER_HOST' | 'context' | 'default';
	context?: string;
	tls?: {caPath?: string; certPath?: string; keyPath?: string; verify: boolean};
}

export interface HostEnv {
	DOCKER_HOST?: string;
	DOCKER_CONTEXT?: string;
	DOCKER_CONFIG?: string;
	DOCKER_CERT_PATH?: string;
	DOCKER_TLS_VERIFY?: string;
	HOME?: string;
}

function dockerConfigDir(env: HostEnv): string {
	return env.DOCKER_CONFIG ?? join(env.HOME ?? homedir(), '.docker');
}

function tlsFromCertPath(env: HostEnv): EngineTarget['tls'] | undefined {
	const verify = env.DOCKER_TLS_VERIFY === '1';
	if (!env.DOCKER_CERT_PATH && !verify) return undefined;
	const dir = env.DOCKER_CERT_PATH ?? dockerConfigDir(env);
	return {caPath: join(dir, 'ca.pem'), certPath: join(dir, 'cert.pem'), keyPath: join(dir, 'key.pem'), verify};
}

/**
 * node:crypto only when a docker context is named: imported at the top, it loads crypto and
 * webcrypto (≈10 ms to compile on a Node without a code cache for its own modules) for every
 * command, which on the default socket never hashes anything.
 */
const sha256 = (s: string): string => (createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto')).createHash('sha256').update(s).digest('hex');

function readContext(name: string, env: HostEnv): EngineTarget | undefined {
	const dir = dockerConfigDir(env);
	const id = sha256(name);
	const metaPath = join(dir, 'contexts', 'meta', id, 'meta.json');
	if (!existsSync(metaPath)) {
		throw new Error(`Docker context "${name}" not found (looked for ${metaPath}). List contexts with \`docker context ls\`.`);
	}
	const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as {
		Endpoints?: {docker?: {Host?: string; SkipTLSVerify?: boolean}};
	};
	const host = meta.Endpoints?.docker?.Host;
	if (!host) throw new Error(`Docker context "${name}" has no docker endpoint (${metaPath}).`);
	const tlsDir = join(dir, 'contexts', 'tls', id, 'docker');
	const tls = existsSync(tlsDir)
		? {
				caPath: join(tlsDir, 'ca.pem'),
				certPath: join(tlsDir, 'cert.pem'),
				keyPath: join(tlsDir, 'key.pem'),
				verify: !meta.Endpoints?.docker?.SkipTLSVerify,
			}
		: undefined;
	return {url: host, source: 'context', context: name, tls};
}

function currentContext(env: HostEnv): string | undefined {
	if (env.DOCKER_CONTEXT) return env.DOCKER_CONTEXT;
	const cfg = join(dockerConfigDir(env), 'config.json');
	if (!existsSync(cfg)) return undefined;
	try {
		const parsed = JSON.parse(readFileSync(cfg, 'utf8')) as {currentContext?: string};
		return parsed.currentContext;
	} catch {
		return undefined;
	}
}

export function resolveTarget(flagHost: string | undefined, env: HostEnv = process.env): EngineTarget {
	if (flagHost) return {url: normaliseUrl(flagHost), source: 'flag', tls: tlsFromCertPath(env)};
	if (env.DOCKER_HOST) return {url: normaliseUrl(env.DOCKER_HOST), source: 'DOCKER_HOST', tls: tlsFromCertPath(env)};
	const ctx = currentContext(env);
	if (ctx && ctx !== 'default') {
		const t = readContext(ctx, env);
		if (t) return t;
	}
	return {url: 'unix:///var/run/docker.sock', source: 'default'};
}

function normaliseUrl(u: string): string {
	if (u.startsWith('/')) return `unix://${u}`;
	if (!u.includes('://')) return `tcp://${u}`;
	return u;
}

/** Human description: "unix:///var/run/docker.sock (DOCKER_HOST)". */
export function describeTarget(t: EngineTarget): string {
	const from = t.source === 'context' ? `context ${t.context}` : t.source;
	return `${t.url} (${from})`;
}
