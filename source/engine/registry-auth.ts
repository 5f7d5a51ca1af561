/**
 * Registry credentials as the docker CLI finds them: ~/.docker/config.json (or $DOCKER_CONFIG)
 * `credHelpers[registry]` → `docker-credential-<helper> get`, else `auths[registry]` (auth =
 * base64 "user:password", or an identity token), else the default `credsStore` helper. Nothing is
 * cached or logged; the secret goes to the engine in the X-Registry-Auth header only.
 */
import {spawn} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {homedir} from 'node:os';
import {join} from 'node:path';

/** Docker Hub's key in config.json. */
export const DOCKER_HUB_KEY = 'https://index.docker.io/v1/';

export interface RegistryAuth {
	username?: string;
	password?: string;
	identitytoken?: string;
	serveraddress: string;
}

export interface AuthEnv {
	DOCKER_CONFIG?: string;
	HOME?: string;
	PATH?: string;
}

/**
 * The registry host of an image reference, as docker reads it: the first path component when it
 * has a dot or a port or is "localhost", else Docker Hub ("docker.io").
 */
export function registryOf(ref: string): string {
	const slash = ref.indexOf('/');
	if (slash < 0) return 'docker.io';
	const first = ref.slice(0, slash);
	if (first.includes('.') || first.includes(':') || first === 'localhost') return first === 'index.docker.io' || first === 'registry-1.docker.io' ? 'docker.io' : first;
	return 'docker.io';
}

/** config.json keys that may hold this registry's entry (with or without scheme, Hub's legacy key). */
function keysFor(registry: string): string[] {
	if (registry === 'docker.io') return [DOCKER_HUB_KEY, 'index.docker.io', 'docker.io', 'https://index.docker.io/v1', 'registry-1.docker.io'];
	return [registry, `https://${registry}`, `http://${registry}`, `https://${registry}/`, `https://${registry}/v1/`, `https://${registry}/v2/`];
}

interface ConfigFile {
	auths?: Record<string, {auth?: string; username?: string; password?: string; identitytoken?: string}>;
	credHelpers?: Record<string, string>;
	credsStore?: string;
}

function readConfig(env: AuthEnv): ConfigFile | null {
	const dir = env.DOCKER_CONFIG ?? join(env.HOME ?? homedir(), '.docker');
	try {
		return JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as ConfigFile;
	} catch {
		return null;
	}
}

/** `docker-credential-<helper> get` with the server on stdin; null when it has nothing or fails. */
function fromHelper(helper: string, server: string, env: AuthEnv, timeoutMs = 10_000): Promise<{username: string; secret: string} | null> {
	if (!/^[A-Za-z0-9_.-]+$/.test(helper)) return Promise.resolve(null);
	return new Promise((resolve) => {
		let out = '';
		let child;
		try {
			child = spawn(`docker-credential-${helper}`, ['get'], {stdio: ['pipe', 'pipe', 'ignore'], env: {...process.env, ...(env.PATH ? {PATH: env.PATH} : {})}});
		} catch {
			resolve(null);
			return;
		}
		const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		child.on('error', () => {
			clearTimeout(timer);
			resolve(null);
		});
		child.stdout.setEncoding('utf8');
		child.stdout.on('data', (d: string) => {
			if (out.length < 1 << 20) out += d;
		});
		child.on('close', (code) => {
			clearTimeout(timer);
			if (code !== 0) return resolve(null);
			try {
				const j = JSON.parse(out) as {Username?: string; Secret?: string};
				resolve(j.Secret ? {username: j.Username ?? '', secret: j.Secret} : null);
			} catch {
				resolve(null);
			}
		});
		child.stdin.on('error', () => undefined);
		child.stdin.end(server);
	});
}

/**
 * Credentials for the registry of `ref`, or null when the docker config has none (the pull then
 * goes anonymous, as `docker pull` does).
 */
export async function registryAuth(ref: string, env: AuthEnv = process.env): Promise<RegistryAuth | null> {
	const registry = registryOf(ref);
	const cfg = readConfig(env);
	if (!cfg) return null;
	const keys = keysFor(registry);
	const serveraddress = registry === 'docker.io' ? DOCKER_HUB_KEY : registry;
	const helperKey = keys.find((k) => cfg.credHelpers?.[k]);
	const viaHelper = async (helper: string): Promise<RegistryAuth | null> => {
		for (const k of helperKey ? [helperKey] : keys) {
			const c = await fromHelper(helper, k, env);
			if (!c) continue;
			// "<token>" as user name: the secret is an identity token (docker's convention)
			return c.username === '<token>' ? {identitytoken: c.secret, serveraddress} : {username: c.username, password: c.secret, serveraddress};
		}
		return null;
	};
	if (helperKey) return viaHelper(cfg.credHelpers![helperKey]!);
	const authKey = keys.find((k) => cfg.auths?.[k]);
	const entry = authKey ? cfg.auths![authKey]! : undefined;
	if (entry?.identitytoken) return {identitytoken: entry.identitytoken, serveraddress};
	if (entry?.auth) {
		const plain = Buffer.from(entry.auth, 'base64').toString('utf8');
		const colon = plain.indexOf(':');
		if (colon > 0) return {username: plain.slice(0, colon), password: plain.slice(colon + 1), serveraddress};
	}
	if (entry?.username && entry.password) return {username: entry.username, password: entry.password, serveraddress};
	if (cfg.credsStore) return viaHelper(cfg.credsStore);
	return null;
}
