/** Pulling an image with per-layer progress, registry credentials from ~/.docker/config.json, and errors that name the registry. */
import type {Readable} from 'node:stream';
import type {Engine} from './connection.js';
import {splitRef} from './images.js';
import {EngineError, toEngineError} from './errors.js';
import {jsonLines} from './jsonlines.js';
import type {PullProgress, PullResult} from '../model/image.js';
import {registryAuth, registryOf, type AuthEnv} from './registry-auth.js';
import {dockerOf} from './client.js';

interface PullMessage {
	status?: string;
	id?: string;
	progressDetail?: {current?: number; total?: number};
	error?: string;
	errorDetail?: {message?: string};
}

/** A pull failure as an EngineError that names the registry and says what to check. */
export function pullError(message: string, ref: string, status?: number): EngineError {
	const registry = registryOf(ref);
	const msg = message.trim();
	if (/dial tcp|no such host|connection refused|i\/o timeout|network is unreachable|TLS handshake|x509|certificate|server gave HTTP response|EOF|context deadline|no route to host/i.test(msg)) {
		return new EngineError('registry', `cannot reach registry ${registry} to pull ${ref}: ${msg}`, `Check the registry address and port, that ${registry} is up and reachable from the engine's host (DNS, proxy, firewall), and for a plain-HTTP registry the engine's "insecure-registries".`, status);
	}
	if (/unauthorized|authentication required|no basic auth credentials|denied|forbidden|incorrect username or password/i.test(msg)) {
		return new EngineError('registry', `registry ${registry} refused the pull of ${ref}: ${msg}`, `Log in (\`${registry === 'docker.io' ? 'docker login' : `docker login ${registry}`}\`) or check the credentials for ${registry} in ~/.docker/config.json (auths / credHelpers / credsStore).`, status);
	}
	if (/manifest unknown|not found|does not exist|repository .* not found/i.test(msg)) {
		return new EngineError('not-found', `registry ${registry} has no image ${ref}: ${msg}`, 'Check the repository name and tag.', status ?? 404);
	}
	return new EngineError('registry', `pull of ${ref} from ${registry} failed: ${msg}`, `Check the engine's log and that ${registry} serves ${ref}.`, status);
}

export interface PullOptions {
	signal?: AbortSignal;
	onProgress?: (p: PullProgress) => void;
	/** where to read ~/.docker/config.json from (tests) */
	env?: AuthEnv;
}

/**
 * `docker pull REF` with credentials for its registry from the docker config (auths, credHelpers,
 * credsStore). Progress messages (per layer) go to onProgress as they come; resolves when the
 * engine says the pull ended, throws an EngineError ('registry' naming the registry) on failure.
 */
export async function pullImage(engine: Engine, ref: string, opts: PullOptions = {}): Promise<PullResult> {
	const auth = await registryAuth(ref, opts.env);
	const {repo, tag} = splitRef(ref);
	const full = tag ? `${repo}:${tag}` : repo;
	const ac = new AbortController();
	const onAbort = () => ac.abort();
	opts.signal?.addEventListener('abort', onAbort, {once: true});
	let res: Readable;
	try {
		const query = {fromImage: repo, ...(tag ? {tag} : {}), abortSignal: ac.signal};
		res = (await (auth ? dockerOf(engine).createImage(auth as never, query as never) : dockerOf(engine).createImage(query as never))) as unknown as Readable;
	} catch (err) {
		opts.signal?.removeEventListener('abort', onAbort);
		const e = toEngineError(err, engine.where);
		if (e.code === 'server' || e.code === 'not-found' || e.code === 'permission' || e.code === 'bad-request' || e.code === 'unknown') throw pullError(e.message, full, e.status);
		throw e;
	}
	let status = '';
	let digest: string | null = null;
	try {
		for await (const m of jsonLines<PullMessage>(res, ac.signal)) {
			const err = m.errorDetail?.message ?? m.error;
			if (err) throw pullError(err, full);
			const s = m.status ?? '';
			const dg = /^Digest: (\S+)/.exec(s);
			if (dg) digest = dg[1]!;
			if (/^Status: /.test(s)) status = s.slice('Status: '.length);
			opts.onProgress?.({layer: m.id && m.id !== tag && m.id !== repo ? m.id : null, status: s, current: m.progressDetail?.current ?? 0, total: m.progressDetail?.total ?? 0});
		}
	} catch (err) {
		if (ac.signal.aborted) throw new EngineError('aborted', `pull of ${full} aborted`, '');
		if (err instanceof EngineError) throw err;
		throw toEngineError(err, engine.where);
	} finally {
		opts.signal?.removeEventListener('abort', onAbort);
	}
	if (ac.signal.aborted) throw new EngineError('aborted', `pull of ${full} aborted`, '');
	return {ref: full, registry: registryOf(full), status, digest, authenticated: auth !== null};
}
