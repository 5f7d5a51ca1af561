/** Images: list, inspect, tag, remove, load from a stream, save to a stream — plain records out. */
import type {Readable} from 'node:stream';
import type Docker from 'dockerode';
import type {Engine} from './connection.js';
import {EngineError, toEngineError} from './errors.js';
import {jsonLines} from './jsonlines.js';
import type {ImageHistoryEntry, ImagePruneEstimate, ImagePruneResult, ImageRecord} from '../model/image.js';
import {names, resourceUsage, type ContainerRef} from './users.js';
import {dockerOf, imageOf} from './client.js';

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

/** Not there: the engine has no such image, or `ref` is no image reference at all (400 "invalid reference format"). */
function noSuchImage(e: EngineError): boolean {
	return e.code === 'not-found' || (e.code === 'bad-request' && /invalid reference format/i.test(e.message));
}

/** Image inspect; null when there is no such image. */
export async function inspectImage(engine: Engine, ref: string, signal?: AbortSignal): Promise<ImageDetails | null> {
	let raw: Docker.ImageInspectInfo;
	try {
		// dockerode leaves an image inspect's signal among the query options: the client's bound (connection.ts) takes it from there
		raw = await imageOf(engine, ref).inspect(signal ? ({abortSignal: signal} as never) : undefined);
	} catch (err) {
		const e = toEngineError(err, engine.where);
		if (noSuchImage(e)) return null;
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
		await imageOf(engine, source).tag({repo, tag});
	} catch (err) {
		throw toEngineError(err, engine.where);
	}
}

/** `docker rmi [-f] REF`; a missing image counts as removed. */
export async function removeImage(engine: Engine, ref: string, force = false): Promise<void> {
	try {
		await imageOf(engine, ref).remove({force});
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

// ---------------------------------------------------------------------------------------------
// Images as plain records (model/image.ts): list with architecture and users, remove with the
// in-use refusal, prune with an estimate, history, pull with progress.


export interface ImageFilter {
	/** docker's label filters: "k", "k=v" (all must match) */
	labels?: string[];
	/** only images without a tag */
	dangling?: boolean;
	/** a reference pattern ("tuitest/*", "busybox:1.36") */
	reference?: string;
}

function imageFilters(f: ImageFilter): Record<string, string[]> {
	const out: Record<string, string[]> = {};
	if (f.labels?.length) out['label'] = f.labels;
	if (f.dangling) out['dangling'] = ['true'];
	if (f.reference) out['reference'] = [f.reference];
	return out;
}

/** The platform of each image id an engine listed, per engine (pruned to the ids of its last list). */
const platforms = new WeakMap<object, Map<string, {architecture: string; variant: string | null | undefined; os: string}>>();

/** Every image (not intermediate layers) with its architecture and the containers using it. */
export async function listImageRecords(engine: Engine, filter: ImageFilter = {}, opts: {signal?: AbortSignal} = {}): Promise<ImageRecord[]> {
	const signal = opts.signal;
	let rows: Docker.ImageInfo[];
	try {
		rows = (await dockerOf(engine).listImages({all: false, filters: JSON.stringify(imageFilters(filter)), ...(signal ? {abortSignal: signal} : {})} as never)) as unknown as Docker.ImageInfo[];
	} catch (err) {
		throw toEngineError(err, engine.where);
	}
	const usage = await resourceUsage(engine, signal);
	// an image's platform never changes for its id: ask only about ids not seen before (the images
	// pane lists again on every container create/destroy/rename while it is shown)
	let known = platforms.get(dockerOf(engine));
	if (!known) platforms.set(dockerOf(engine), (known = new Map()));
	for (const id of [...known.keys()]) if (!rows.some((r) => r.Id === id)) known.delete(id);
	const out: ImageRecord[] = [];
	for (const r of rows) {
		let d = known.get(r.Id);
		if (!d) {
			if (signal?.aborted) throw toEngineError(signal.reason ?? Object.assign(new Error('aborted'), {name: 'AbortError'}), engine.where);
			const got = await inspectImage(engine, r.Id, signal);
			if (!got) continue; // removed meanwhile
			d = {architecture: got.architecture, variant: got.variant, os: got.os};
			known.set(r.Id, d);
		}
		const tags = (r.RepoTags ?? []).filter((t) => t !== '<none>:<none>');
		out.push({
			id: r.Id,
			repo_tags: tags,
			repo_digests: (r.RepoDigests ?? []).filter((t) => t !== '<none>@<none>'),
			created: new Date(r.Created * 1000).toISOString(),
			size: r.Size,
			shared_size: typeof r.SharedSize === 'number' ? r.SharedSize : -1,
			architecture: d.architecture,
			variant: d.variant || null,
			os: d.os,
			dangling: tags.length === 0,
			labels: r.Labels ?? {},
			used_by: usage.images.get(r.Id) ?? [],
		});
	}
	return out.sort((a, b) => (a.repo_tags[0] ?? '~').localeCompare(b.repo_tags[0] ?? '~') || a.id.localeCompare(b.id));
}

export interface RemoveImageResult {
	/** false: there was no such image (nothing to do) */
	found: boolean;
	untagged: string[];
	deleted: string[];
}

/**
 * `docker rmi REF`, refused (EngineError 'in-use', naming the containers) while any container —
 * running or not — was created from the image, unless `force`. With force the engine still
 * refuses an image a running container uses.
 */
export async function removeImageChecked(engine: Engine, ref: string, opts: {force?: boolean} = {}): Promise<RemoveImageResult> {
	const d = await inspectImage(engine, ref);
	if (!d) return {found: false, untagged: [], deleted: []};
	if (!opts.force) {
		const users = (await resourceUsage(engine)).images.get(d.id) ?? [];
		if (users.length) {
			throw new EngineError('in-use', `image ${ref} is used by ${users.length} container${users.length === 1 ? '' : 's'}: ${names(users)}`, 'Remove those containers first, or pass --force (the engine still refuses while one of them runs).', 409);
		}
	}
	let raw: Array<{Untagged?: string; Deleted?: string}>;
	try {
		raw = (await imageOf(engine, ref).remove({force: Boolean(opts.force)})) as never;
	} catch (err) {
		const e = toEngineError(err, engine.where);
		if (e.code === 'not-found') return {found: false, untagged: [], deleted: []};
		throw e;
	}
	return {found: true, untagged: raw.flatMap((x) => (x.Untagged ? [x.Untagged] : [])), deleted: raw.flatMap((x) => (x.Deleted ? [x.Deleted] : []))};
}

export interface ImagePruneOptions {
	/** every image no container uses (default: dangling ones only) */
	all?: boolean;
	labels?: string[];
}

/**
 * What `pruneImages` would remove: images (dangling only unless `all`) that no container uses, and
 * the bytes that frees: at least what `system df` counts reclaimable (size − shared), at most their
 * whole sizes (layers they share only with each other go too; the engine does not say which).
 */
export async function imagePruneEstimate(engine: Engine, opts: ImagePruneOptions = {}): Promise<ImagePruneEstimate> {
	const images = await listImageRecords(engine, {dangling: !opts.all, ...(opts.labels?.length ? {labels: opts.labels} : {})});
	const candidates = images.filter((i) => i.used_by.length === 0);
	// the list does not compute shared sizes; `system df` does
	let shared = new Map<string, number>();
	try {
		const df = (await dockerOf(engine).df()) as {Images?: Array<{Id: string; SharedSize?: number}>};
		shared = new Map((df.Images ?? []).map((i) => [i.Id, i.SharedSize ?? -1]));
	} catch {
		// no df: count whole sizes
	}
	let bytes = 0;
	let max = 0;
	for (const c of candidates) {
		const s = shared.get(c.id) ?? c.shared_size;
		bytes += Math.max(0, c.size - (s > 0 ? s : 0));
		max += c.size;
	}
	return {images: candidates.map((c) => ({id: c.id, repo_tags: c.repo_tags, size: c.size})), bytes, bytes_max: max};
}

/** `docker image prune [-a] [--filter label=…]`: what the engine removed and the space it reclaimed. */
export async function pruneImages(engine: Engine, opts: ImagePruneOptions = {}): Promise<ImagePruneResult> {
	const filters: Record<string, string[]> = {dangling: [opts.all ? 'false' : 'true']};
	if (opts.labels?.length) filters['label'] = opts.labels;
	let raw: {ImagesDeleted?: Array<{Untagged?: string; Deleted?: string}> | null; SpaceReclaimed?: number};
	try {
		raw = (await dockerOf(engine).pruneImages({filters: JSON.stringify(filters)} as never)) as never;
	} catch (err) {
		throw toEngineError(err, engine.where);
	}
	const del = raw.ImagesDeleted ?? [];
	return {
		deleted: del.flatMap((x) => (x.Deleted ? [x.Deleted] : [])),
		untagged: del.flatMap((x) => (x.Untagged ? [x.Untagged] : [])),
		space_reclaimed: raw.SpaceReclaimed ?? 0,
	};
}

/** `docker history REF`: newest layer first; null when there is no such image. */
export async function imageHistory(engine: Engine, ref: string): Promise<ImageHistoryEntry[] | null> {
	let raw: Array<{Id: string; Created: number; CreatedBy: string; Size: number; Comment: string; Tags: string[] | null}>;
	try {
		raw = (await imageOf(engine, ref).history()) as never;
	} catch (err) {
		const e = toEngineError(err, engine.where);
		if (noSuchImage(e)) return null;
		throw e;
	}
	return raw.map((h) => ({id: h.Id, created: new Date(h.Created * 1000).toISOString(), created_by: h.CreatedBy ?? '', size: h.Size ?? 0, comment: h.Comment ?? '', tags: h.Tags ?? []}));
}

export type {ContainerRef};
