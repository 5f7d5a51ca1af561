/** Images: list, inspect, tag, remove, load from a stream, save to a stream — plain records out. */
import type {Readable} from 'node:stream';
import type Docker from 'dockerode';
import type {Engine} from './connection.js';
import {toEngineError} from './errors.js';
import {jsonLines} from './jsonlines.js';
import {dockerOf} from './client.js';

export interface ImageSummary {
	/** sha256:… */
	id: string;
	/** "repo:tag" names; empty for dangling images */
	repo_tags: string[];
	/** ISO time */
	created: string;
	/** bytes */
	size: number;
	/** containers using it, as the engine counts them (-1 when not computed) */
	containers: number;
}

export interface ImageDetails {
	id: string;
	repo_tags: string[];
	/** as the image says: amd64, arm64, arm … */
	architecture: string;
	os: string;
	variant: string | null;
	created: string;
	size: number;
	entrypoint: string[] | null;
	cmd: string[] | null;
	user: string;
	working_dir: string;
}

export async function listImages(engine: Engine): Promise<ImageSummary[]> {
	try {
		const rows = await dockerOf(engine).listImages({all: false});
		return rows.map((r) => ({
			id: r.Id,
			repo_tags: (r.RepoTags ?? []).filter((t) => t !== '<none>:<none>'),
			created: new Date(r.Created * 1000).toISOString(),
			size: r.Size,
			containers: (r as {Containers?: number}).Containers ?? -1,
		}));
	} catch (err) {
		throw toEngineError(err, engine.where);
	}
}

/** Image inspect; null when there is no such image. */
export async function inspectImage(engine: Engine, ref: string): Promise<ImageDetails | null> {
	let raw: Docker.ImageInspectInfo;
	try {
		raw = await dockerOf(engine).getImage(ref).inspect();
	} catch (err) {
		const e = toEngineError(err, engine.where);
		if (e.code === 'not-found') return null;
		throw e;
	}
	const cfg = (raw.Config ?? {}) as {Entrypoint?: string[] | string | null; Cmd?: string[] | null; User?: string; WorkingDir?: string};
	const ep = cfg.Entrypoint;
	return {
		id: raw.Id,
		repo_tags: raw.RepoTags ?? [],
		architecture: raw.Architecture ?? '',
		os: raw.Os ?? '',
		variant: (raw as {Variant?: string}).Variant ?? null,
		created: raw.Created,
		size: raw.Size,
		entrypoint: ep == null ? null : Array.isArray(ep) ? ep : [ep],
		cmd: cfg.Cmd ?? null,
		user: cfg.User ?? '',
		working_dir: cfg.WorkingDir ?? '',
	};
}

/** Split "reg:5000/a/b:tag" into repo and tag (default "latest"); digests are kept in repo. */
export function splitRef(ref: string): {repo: string; tag: string} {
	if (ref.includes('@')) return {repo: ref, tag: ''};
	const slash = ref.lastIndexOf('/');
	const colon = ref.lastIndexOf(':');
	if (colon > slash) return {repo: ref.slice(0, colon), tag: ref.slice(colon + 1)};
	return {repo: ref, tag: 'latest'};
}

/** `docker tag SOURCE TARGET`. */
export async function tagImage(engine: Engine, source: string, target: string): Promise<void> {
	const {repo, tag} = splitRef(target);
	try {
		await dockerOf(engine).getImage(source).tag({repo, tag});
	} catch (err) {
		throw toEngineError(err, engine.where);
	}
}

/** `docker rmi [-f] REF`; a missing image counts as removed. */
export async function removeImage(engine: Engine, ref: string, force = false): Promise<void> {
	try {
		await dockerOf(engine).getImage(ref).remove({force});
	} catch (err) {
		const e = toEngineError(err, engine.where);
		if (e.code === 'not-found') return;
		throw e;
	}
}

export interface LoadOutcome {
	/** "repo:tag" or "sha256:…" for untagged images, as the engine reported them */
	loaded: string[];
	/** the engine's error message, when it refused the archive */
	error: string | null;
}

interface LoadMessage {
	stream?: string;
	status?: string;
	error?: string;
	errorDetail?: {message?: string};
}

/**
 * `POST /images/load` with a tar (plain or gzip/bzip2/xz-compressed: the engine decompresses) read
 * from `tar` as it is sent. Resolves once the engine has answered the whole stream.
 */
export async function loadImageStream(engine: Engine, tar: Readable, signal?: AbortSignal): Promise<LoadOutcome> {
	const ac = new AbortController();
	const onAbort = () => ac.abort();
	signal?.addEventListener('abort', onAbort, {once: true});
	let res: Readable;
	try {
		res = (await dockerOf(engine).loadImage(tar, {quiet: true, ...(signal ? {abortSignal: signal} : {})})) as unknown as Readable;
	} catch (err) {
		signal?.removeEventListener('abort', onAbort);
		const e = toEngineError(err, engine.where);
		if (e.code === 'server' || e.code === 'bad-request') return {loaded: [], error: e.message};
		throw e;
	}
	const out: LoadOutcome = {loaded: [], error: null};
	try {
		for await (const m of jsonLines<LoadMessage>(res, ac.signal)) {
			const err = m.errorDetail?.message ?? m.error;
			if (err) out.error = err.trim();
			const text = m.stream ?? m.status ?? '';
			for (const line of text.split('\n')) {
				const hit = /^Loaded image(?: ID)?: (.+)$/.exec(line.trim());
				if (hit) out.loaded.push(hit[1]!.trim());
			}
		}
	} finally {
		signal?.removeEventListener('abort', onAbort);
	}
	return out;
}

/** `docker save NAME...` as a tar stream (used by tests and bundle tooling). */
export async function saveImages(engine: Engine, names: string[]): Promise<Readable> {
	try {
		const d = dockerOf(engine) as unknown as {getImages(o: {names: string[]}): Promise<Readable>};
		return await d.getImages({names});
	} catch (err) {
		throw toEngineError(err, engine.where);
	}
}
