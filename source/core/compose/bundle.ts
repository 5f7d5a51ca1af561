/**
 * Which images an image archive (`docker save` output, plain or gzipped; OCI layout too) holds,
 * read from its manifest.json (RepoTags), `repositories` or index.json (ref-name annotations)
 * without loading it. Deploy's pre-check uses this to tell "in the bundle" from "nowhere".
 */
import {createReadStream} from 'node:fs';
import {pipeline} from 'node:stream/promises';
import {Transform} from 'node:stream';
import {createGunzip} from 'node:zlib';
import tar from 'tar-stream';

/** at most this much of one small metadata file is read */
const MAX_META = 8 * 2 ** 20;

function namesFrom(file: string, text: string): string[] {
	let j: unknown;
	try {
		j = JSON.parse(text);
	} catch {
		return [];
	}
	const out: string[] = [];
	if (file === 'manifest.json' && Array.isArray(j)) {
		for (const m of j) for (const t of (m as {RepoTags?: unknown})?.RepoTags instanceof Array ? (m as {RepoTags: unknown[]}).RepoTags : []) if (typeof t === 'string') out.push(t);
	} else if (file === 'repositories' && j && typeof j === 'object') {
		for (const [repo, tags] of Object.entries(j as Record<string, unknown>)) for (const tag of Object.keys((tags as object) ?? {})) out.push(`${repo}:${tag}`);
	} else if (file === 'index.json' && j && typeof j === 'object') {
		for (const m of ((j as {manifests?: unknown[]}).manifests ?? []) as Array<{annotations?: Record<string, string>}>) {
			const a = m?.annotations ?? {};
			const n = a['io.containerd.image.name'] ?? a['org.opencontainers.image.ref.name'];
			if (typeof n === 'string' && n.includes(':')) out.push(n);
		}
	}
	return out;
}

/** The image references an archive holds ([] when it names none or cannot be read as a tar). */
export async function archiveImages(path: string): Promise<string[]> {
	const found = new Set<string>();
	const extract = tar.extract();
	extract.on('entry', (header, stream, next) => {
		const name = header.name.replace(/^\.\//, '');
		if (header.type === 'file' && ['manifest.json', 'repositories', 'index.json'].includes(name) && (header.size ?? 0) <= MAX_META) {
			const chunks: Buffer[] = [];
			stream.on('data', (c: Buffer) => chunks.push(c));
			stream.on('end', () => {
				for (const n of namesFrom(name, Buffer.concat(chunks).toString('utf8'))) found.add(n);
				next();
			});
		} else {
			stream.on('end', () => next());
			stream.resume();
		}
	});
	// gzip or not: decided by the first two bytes
	let first = true;
	let gunzip: ReturnType<typeof createGunzip> | null = null;
	const sniff = new Transform({
		transform(chunk: Buffer, _enc, cb) {
			if (first) {
				first = false;
				if (chunk[0] === 0x1f && chunk[1] === 0x8b) {
					gunzip = createGunzip();
					gunzip.on('data', (d: Buffer) => this.push(d));
					gunzip.on('error', (e) => this.destroy(e));
				}
			}
			if (gunzip) gunzip.write(chunk, () => cb());
			else cb(null, chunk);
		},
		flush(cb) {
			if (!gunzip) return cb();
			gunzip.on('end', () => cb());
			gunzip.end();
		},
	});
	try {
		await pipeline(createReadStream(path), sniff, extract);
	} catch {
		// not a tar (or cut short): whatever was found before stays found
	}
	return [...found];
}
