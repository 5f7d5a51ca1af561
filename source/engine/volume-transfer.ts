/**
 * Volume backup and restore as a tar(.gz) file through a short-lived helper container.
 *
 * The helper container is created from an image already on the engine and is never started: the
 * engine's archive endpoint (`GET`/`PUT /containers/{id}/archive`, what `docker cp` uses) mounts
 * the container's volumes for the copy and streams a tar with each entry's bytes, mode, owner and
 * symlink target. So the helper image needs no tar or shell, and nothing is loaded into memory:
 * engine → gzip → file, and file → engine (the engine unpacks gzip itself).
 */
import {randomBytes} from 'node:crypto';
import {createReadStream, createWriteStream, renameSync, statSync, unlinkSync} from 'node:fs';
import {Transform, type Readable} from 'node:stream';
import {pipeline} from 'node:stream/promises';
import {createGzip} from 'node:zlib';
import type Docker from 'dockerode';
import tar from 'tar-stream';
import type {Engine} from './connection.js';
import {dockerOf, imageOf, volumeOf} from './client.js';
import {EngineError, toEngineError} from './errors.js';
import {createVolume} from './volumes.js';
import type {VolumeTransfer} from '../model/volume.js';

/** Where the helper container mounts the volume. */
const MOUNT = '/berth-volume';
/** Label on helper containers (so a crash leaves something recognisable). */
export const HELPER_LABEL = 'berth.helper';

/** Images tried first for the helper container (small, everywhere); any local image would do. */
const PREFERRED = /(^|\/)(busybox|alpine|debian|ubuntu|tuitest\/busybox)(:|$)/;

/**
 * The image the helper container is created from: `wanted` when given (it must be on the engine),
 * else a small well-known one present locally, else the smallest local image. None → a clear error.
 * Nothing is ever pulled.
 */
export async function helperImage(engine: Engine, wanted?: string): Promise<string> {
	if (wanted) {
		try {
			await imageOf(engine, wanted).inspect();
			return wanted;
		} catch (err) {
			const e = toEngineError(err, engine.where);
			if (e.code !== 'not-found') throw e;
			throw new EngineError('not-found', `helper image ${wanted} is not on the engine`, 'Pass --image with an image that `docker images` lists (berth never pulls one for this), e.g. busybox or alpine.', 404);
		}
	}
	let rows: Docker.ImageInfo[];
	try {
		rows = await dockerOf(engine).listImages({all: false});
	} catch (err) {
		throw toEngineError(err, engine.where);
	}
	const tagged = rows.flatMap((r) => (r.RepoTags ?? []).filter((t) => t !== '<none>:<none>').map((t) => ({tag: t, size: r.Size})));
	const pick = tagged.filter((t) => PREFERRED.test(t.tag)).sort((a, b) => a.size - b.size)[0] ?? tagged.sort((a, b) => a.size - b.size)[0];
	if (!pick) {
		throw new EngineError('not-found', 'no image on the engine to create the helper container from', 'Load any small image first (e.g. `docker load -i busybox.tar`), or pass --image NAME; berth does not pull one.', 404);
	}
	return pick.tag;
}

/** A stopped container with the volume at MOUNT; removed by the caller. */
async function helperContainer(engine: Engine, image: string, volume: string, readOnly: boolean): Promise<Docker.Container> {
	try {
		return await dockerOf(engine).createContainer({
			name: `berth-volume-helper-${randomBytes(4).toString('hex')}`,
			Image: image,
			// never started; a command is only needed because an image may have none
			Entrypoint: ['/berth-never-started'],
			Cmd: [],
			Labels: {[HELPER_LABEL]: readOnly ? 'volume-backup' : 'volume-restore', 'berth.helper.volume': volume},
			NetworkDisabled: true,
			HostConfig: {Mounts: [{Type: 'volume', Source: volume, Target: MOUNT, ReadOnly: readOnly}], NetworkMode: 'none'},
		} as Docker.ContainerCreateOptions);
	} catch (err) {
		throw toEngineError(err, engine.where);
	}
}

async function removeHelper(c: Docker.Container): Promise<void> {
	try {
		await c.remove({force: true});
	} catch {
		// already gone
	}
}

function counter(): Transform & {bytes: number} {
	const t = new Transform({
		transform(chunk: Buffer, _enc, cb) {
			t.bytes += chunk.length;
			cb(null, chunk);
		},
	}) as Transform & {bytes: number};
	t.bytes = 0;
	return t;
}

export interface BackupOptions {
	/** the helper container's image (default: chosen among local images) */
	image?: string;
	/** overwrite FILE when it exists */
	force?: boolean;
	/** gzip the tar (default: when FILE ends in .gz/.tgz) */
	gzip?: boolean;
	signal?: AbortSignal;
}

const gzName = (f: string) => /\.(t?gz)$/i.test(f);

/**
 * Write the volume's contents as a tar (gzip when FILE ends in .gz/.tgz) to FILE: engine → file,
 * streamed. The file appears only when complete (written beside it, then renamed).
 */
export async function backupVolume(engine: Engine, name: string, file: string, opts: BackupOptions = {}): Promise<VolumeTransfer> {
	try {
		await volumeOf(engine, name).inspect();
	} catch (err) {
		const e = toEngineError(err, engine.where);
		if (e.code === 'not-found') throw new EngineError('not-found', `no volume ${name}`, '`berth volumes` lists them.', 404);
		throw e;
	}
	let exists = true;
	try {
		statSync(file);
	} catch {
		exists = false;
	}
	if (exists && !opts.force) throw new EngineError('conflict', `${file} exists`, 'Choose another file, or pass --force to replace it.', 409);
	const image = await helperImage(engine, opts.image);
	const helper = await helperContainer(engine, image, name, true);
	const tmp = `${file}.partial-${randomBytes(4).toString('hex')}`;
	try {
		let tar: Readable;
		try {
			tar = (await helper.getArchive({path: `${MOUNT}/.`, ...(opts.signal ? {abortSignal: opts.signal} : {})} as never)) as unknown as Readable;
		} catch (err) {
			throw toEngineError(err, engine.where);
		}
		const count = counter();
		const steps: Array<NodeJS.ReadableStream | NodeJS.WritableStream> = [tar];
		if (opts.gzip ?? gzName(file)) steps.push(createGzip());
		steps.push(count, createWriteStream(tmp, {flags: 'wx', mode: 0o600}));
		await pipeline(steps as never, ...(opts.signal ? [{signal: opts.signal}] : []));
		renameSync(tmp, file);
		return {volume: name, file, bytes: count.bytes, helper_image: image};
	} catch (err) {
		try {
			unlinkSync(tmp);
		} catch {
			// never created
		}
		if (err instanceof EngineError) throw err;
		if (opts.signal?.aborted) throw new EngineError('aborted', `backup of ${name} aborted; no file written`, '');
		if ((err as NodeJS.ErrnoException).code && !(err as {statusCode?: number}).statusCode) {
			throw new EngineError('unknown', `cannot write ${file}: ${(err as Error).message}`, 'Check the directory exists and is writable.');
		}
		throw toEngineError(err, engine.where);
	} finally {
		await removeHelper(helper);
	}
}

/**
 * True when the tar stream holds any entry besides the root ("./"); reads up to the first such
 * header (tar-stream), then drops the stream.
 */
function tarHasEntries(tarStream: Readable): Promise<boolean> {
	return new Promise((resolve, reject) => {
		const extract = tar.extract();
		let done = false;
		const finish = (v: boolean) => {
			if (done) return;
			done = true;
			resolve(v);
			tarStream.destroy();
			extract.destroy();
		};
		extract.on('entry', (header, body, next) => {
			if (header.name !== './' && header.name !== '.') return finish(true);
			body.on('end', () => next());
			body.resume();
		});
		extract.on('finish', () => finish(false));
		extract.on('error', (e: Error) => (done ? undefined : ((done = true), reject(e))));
		tarStream.on('error', (e: Error) => (done ? undefined : ((done = true), reject(e))));
		tarStream.pipe(extract);
	});
}

export interface RestoreOptions {
	image?: string;
	/** restore into a volume that already holds files (they are kept or overwritten, never deleted) */
	force?: boolean;
	signal?: AbortSignal;
}

/**
 * Unpack FILE (a tar, plain or gzip/bzip2/xz) into the volume, streamed file → engine. Creates the
 * volume when there is none; refuses (EngineError 'conflict') a volume that already holds files
 * unless `force`.
 */
export async function restoreVolume(engine: Engine, name: string, file: string, opts: RestoreOptions = {}): Promise<VolumeTransfer & {created: boolean}> {
	try {
		if (!statSync(file).isFile()) throw new Error('not a regular file');
	} catch (err) {
		throw new EngineError('not-found', `cannot read ${file}: ${(err as Error).message}`, 'Give the path of a .tar or .tar.gz made by `berth volume backup` (or tar -C DIR -czf FILE .).');
	}
	const image = await helperImage(engine, opts.image);
	const {created} = await createVolume(engine, name);
	const helper = await helperContainer(engine, image, name, false);
	try {
		if (!created && !opts.force) {
			let tar: Readable;
			try {
				tar = (await helper.getArchive({path: `${MOUNT}/.`})) as unknown as Readable;
			} catch (err) {
				throw toEngineError(err, engine.where);
			}
			if (await tarHasEntries(tar)) {
				throw new EngineError('conflict', `volume ${name} is not empty`, 'Restore into a new or empty volume, or pass --force to unpack over what is there (existing files are overwritten, others kept).', 409);
			}
		}
		const count = counter();
		const source = createReadStream(file);
		const body = source.pipe(count);
		source.on('error', (e) => body.destroy(e));
		try {
			await helper.putArchive(body as never, {path: MOUNT, ...(opts.signal ? {abortSignal: opts.signal} : {})} as never);
		} catch (err) {
			const e = toEngineError(err, engine.where);
			if (e.code === 'server' || e.code === 'bad-request') throw new EngineError('bad-request', `the engine could not unpack ${file}: ${e.message}`, 'Is it a tar archive (plain, gzip, bzip2 or xz)?', e.status);
			throw e;
		}
		return {volume: name, file, bytes: count.bytes, helper_image: image, created};
	} finally {
		await removeHelper(helper);
	}
}
