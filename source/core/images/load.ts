/**
 * `berth load-images DIR`: `docker load` every *.tar, *.tar.gz, *.tgz in a folder, each streamed
 * from disk to the engine (which decompresses gzip itself), one result per file. Files whose name
 * says another architecture than the host's are skipped with a note.
 *
 * Stable API (used by `berth deploy`):
 *   loadImages(engine, dir, {onProgress?, hostArch?, signal?}) → Promise<LoadReport>
 */
import {createReadStream} from 'node:fs';
import {readdir, stat} from 'node:fs/promises';
import {join} from 'node:path';
import {Transform} from 'node:stream';
import type {Engine} from '../../engine/connection.js';
import {EngineError} from '../../engine/errors.js';
import {loadImageStream} from '../../engine/images.js';
import {archFromName, hostArch as detectHostArch, normaliseArch} from './arch.js';

export type LoadStatus = 'loaded' | 'skipped' | 'failed';

export interface FileResult {
	/** file name inside the folder */
	file: string;
	path: string;
	/** bytes on disk */
	size: number;
	status: LoadStatus;
	/** image names (repo:tag, or sha256:… when untagged) the engine loaded from it */
	images: string[];
	/** the arch the file name says, if any */
	arch: string | null;
	/** why it was skipped, or the engine's error */
	note: string | null;
}

export interface LoadReport {
	dir: string;
	host_arch: string;
	files: FileResult[];
	loaded: number;
	skipped: number;
	failed: number;
}

export interface LoadProgress {
	file: string;
	/** 1-based position among the files to load, and how many there are */
	index: number;
	count: number;
	bytes: number;
	total: number;
	/** 'start' | 'data' | 'done' */
	phase: 'start' | 'data' | 'done';
	result?: FileResult;
}

export interface LoadOptions {
	onProgress?: (p: LoadProgress) => void;
	/** normalised host arch (amd64, arm64); detected when absent */
	hostArch?: string;
	signal?: AbortSignal;
}

const ARCHIVE = /\.(tar|tar\.gz|tgz)$/i;

/** The image archives in a folder, sorted by name. */
export async function findArchives(dir: string): Promise<string[]> {
	const entries = await readdir(dir, {withFileTypes: true});
	return entries
		.filter((e) => (e.isFile() || e.isSymbolicLink()) && ARCHIVE.test(e.name))
		.map((e) => e.name)
		.sort();
}

/** Pure: should this file be loaded on a host of this arch? null = yes, else the skip note. */
export function skipReason(file: string, host: string): string | null {
	const a = archFromName(file);
	if (!a || !host || a === normaliseArch(host)) return null;
	return `name says ${a}, host is ${normaliseArch(host)}`;
}

export async function loadImages(engine: Engine, dir: string, opts: LoadOptions = {}): Promise<LoadReport> {
	const host = normaliseArch(opts.hostArch ?? (await detectHostArch()).arch);
	const names = await findArchives(dir);
	const files: FileResult[] = [];
	const todo: FileResult[] = [];
	for (const file of names) {
		const path = join(dir, file);
		const size = (await stat(path)).size;
		const arch = archFromName(file);
		const reason = skipReason(file, host);
		const r: FileResult = {file, path, size, status: reason ? 'skipped' : 'loaded', images: [], arch, note: reason};
		files.push(r);
		if (!reason) todo.push(r);
	}
	let index = 0;
	for (const r of todo) {
		index++;
		if (opts.signal?.aborted) {
			r.status = 'failed';
			r.note = 'aborted';
			continue;
		}
		const base = {file: r.file, index, count: todo.length, total: r.size};
		opts.onProgress?.({...base, bytes: 0, phase: 'start'});
		let bytes = 0;
		const counter = new Transform({
			transform(chunk: Buffer, _enc, cb) {
				bytes += chunk.length;
				opts.onProgress?.({...base, bytes, phase: 'data'});
				cb(null, chunk);
			},
		});
		const src = createReadStream(r.path);
		src.on('error', (err) => counter.destroy(err));
		src.pipe(counter);
		try {
			const out = await loadImageStream(engine, counter, opts.signal);
			r.images = out.loaded;
			if (out.error) {
				r.status = 'failed';
				r.note = out.error;
			} else if (out.loaded.length === 0) {
				r.status = 'failed';
				r.note = 'the engine loaded no image from it';
			}
		} catch (err) {
			// an engine that is gone or hung fails the whole load (exit 3), not this one file
			if (err instanceof EngineError && (err.code === 'unreachable' || err.code === 'permission')) throw err;
			r.status = 'failed';
			r.note = (err as Error).message;
		} finally {
			src.destroy();
		}
		opts.onProgress?.({...base, bytes, phase: 'done', result: r});
	}
	const count = (s: LoadStatus) => files.filter((f) => f.status === s).length;
	return {dir, host_arch: host, files, loaded: count('loaded'), skipped: count('skipped'), failed: count('failed')};
}
