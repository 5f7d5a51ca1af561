/**
 * Test images built on the spot (no registry): a busybox commit with extra files, and an image
 * labelled arm64 whose entrypoint is an aarch64 ELF, written as a `docker save` archive by hand.
 * Every tag carries the run id; removeImages() deletes them.
 */
import {createHash} from 'node:crypto';
import {chmodSync, mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {execFileSync} from 'node:child_process';
import {IMAGE, RUN_ID, TEST_LABEL, docker} from '../../helpers/engine.js';

export const made: string[] = [];
const tempDirs: string[] = [];

/** A tag unique to this run: tuitest/bt-<what>-<run id>:<tag>. */
export function testTag(what: string, tag = 'latest'): string {
	return `tuitest/bt-${what}-${RUN_ID}:${tag}`;
}

/** busybox + files (path → [content, mode]) committed with an entrypoint. */
export function commitImage(tag: string, files: Record<string, [string, number]>, entrypoint: string[]): string {
	const dir = mkdtempSync(join(tmpdir(), 'berth-img-'));
	const cid = docker('create', '--label', `${TEST_LABEL}=${RUN_ID}`, IMAGE, 'true');
	try {
		for (const [path, [content, mode]] of Object.entries(files)) {
			const local = join(dir, path.replace(/\//g, '_'));
			writeFileSync(local, content);
			chmodSync(local, mode);
			docker('cp', local, `${cid}:${path}`);
		}
		docker('commit', '-c', `ENTRYPOINT ${JSON.stringify(entrypoint)}`, cid, tag);
		made.push(tag);
		return tag;
	} finally {
		docker('rm', '-f', cid);
		rmSync(dir, {recursive: true, force: true});
	}
}

/** A minimal static aarch64 ELF executable header (enough for the kernel to say ENOEXEC on x86). */
export function aarch64Elf(): Buffer {
	const h = Buffer.alloc(64 + 56 + 8);
	h.write('\x7fELF', 0, 'latin1');
	h[4] = 2; // 64-bit
	h[5] = 1; // little endian
	h[6] = 1; // version
	h.writeUInt16LE(2, 16); // ET_EXEC
	h.writeUInt16LE(183, 18); // EM_AARCH64
	h.writeUInt32LE(1, 20);
	h.writeBigUInt64LE(0x400078n, 24); // entry
	h.writeBigUInt64LE(64n, 32); // phoff
	h.writeUInt16LE(64, 52); // ehsize
	h.writeUInt16LE(56, 54); // phentsize
	h.writeUInt16LE(1, 56); // phnum
	h.writeUInt32LE(1, 64); // PT_LOAD
	h.writeUInt32LE(5, 68); // R+X
	h.writeBigUInt64LE(0x400000n, 80);
	h.writeBigUInt64LE(0x400000n, 88);
	h.writeBigUInt64LE(0x80n, 96);
	h.writeBigUInt64LE(0x80n, 104);
	h.writeBigUInt64LE(0x1000n, 112);
	return h;
}

/**
 * Write a `docker save`-format archive of a one-layer image (/bin/app = an aarch64 ELF, entrypoint
 * /bin/app) labelled with ARCH, tagged TAG. Returns the archive path (inside a temp dir).
 */
export function writeArmArchive(tag: string, arch = 'arm64', out?: string, padBytes = 0): string {
	const dir = mkdtempSync(join(tmpdir(), 'berth-arm-'));
	tempDirs.push(dir);
	const root = join(dir, 'rootfs');
	mkdirSync(join(root, 'bin'), {recursive: true});
	writeFileSync(join(root, 'bin', 'app'), aarch64Elf());
	chmodSync(join(root, 'bin', 'app'), 0o755);
	// a big file (zeros, stored in full by tar) for archives that must not fit in memory
	if (padBytes) truncateSync(openAndClose(join(root, 'bin', 'pad')), padBytes);
	const img = join(dir, 'image');
	mkdirSync(join(img, 'layer'), {recursive: true});
	execFileSync('tar', ['-C', root, '-cf', join(img, 'layer', 'layer.tar'), 'bin']);
	const layerSha = execFileSync('sha256sum', [join(img, 'layer', 'layer.tar')], {encoding: 'utf8'}).split(' ')[0]!;
	const config = JSON.stringify({
		architecture: arch,
		os: 'linux',
		created: '2026-01-01T00:00:00Z',
		config: {Entrypoint: ['/bin/app'], Env: ['PATH=/bin']},
		rootfs: {type: 'layers', diff_ids: [`sha256:${layerSha}`]},
		history: [{created: '2026-01-01T00:00:00Z', created_by: 'berth test'}],
	});
	const cfgSha = createHash('sha256').update(config).digest('hex');
	writeFileSync(join(img, `${cfgSha}.json`), config);
	writeFileSync(join(img, 'manifest.json'), JSON.stringify([{Config: `${cfgSha}.json`, RepoTags: [tag], Layers: ['layer/layer.tar']}]));
	const archive = out ?? join(dir, 'image.tar');
	execFileSync('tar', ['-C', img, '-cf', archive, 'manifest.json', `${cfgSha}.json`, 'layer']);
	return archive;
}

function openAndClose(path: string): string {
	writeFileSync(path, '');
	return path;
}

/** `docker import` a rootfs whose /bin/app is an aarch64 ELF: the image says the engine's arch. */
export function importElfImage(tag: string): string {
	const dir = mkdtempSync(join(tmpdir(), 'berth-import-'));
	tempDirs.push(dir);
	mkdirSync(join(dir, 'root', 'bin'), {recursive: true});
	writeFileSync(join(dir, 'root', 'bin', 'app'), aarch64Elf());
	chmodSync(join(dir, 'root', 'bin', 'app'), 0o755);
	execFileSync('tar', ['-C', join(dir, 'root'), '-cf', join(dir, 'rootfs.tar'), 'bin']);
	docker('import', '-c', 'ENTRYPOINT ["/bin/app"]', join(dir, 'rootfs.tar'), tag);
	made.push(tag);
	return tag;
}

/** Load an arm64-labelled image with an aarch64 entrypoint under TAG. */
export function loadArmImage(tag: string): string {
	const archive = writeArmArchive(tag);
	docker('load', '-i', archive);
	made.push(tag);
	return tag;
}

/** Remove every image/tag this run made (and any extra refs given). */
export function removeImages(...extra: string[]): void {
	for (const d of tempDirs.splice(0)) rmSync(d, {recursive: true, force: true});
	for (const t of [...made.splice(0), ...extra]) {
		try {
			docker('rmi', '-f', t);
		} catch {
			// already gone
		}
	}
}

/** `docker run -d` (or create) of any image with the test label; failures to start are returned, not thrown. */
export function runImage(name: string, image: string, opts: {init?: boolean; extra?: string[]; cmd?: string[]; create?: boolean} = {}): {id: string | null; error: string | null} {
	const args = [opts.create ? 'create' : 'run', ...(opts.create ? [] : ['-d']), ...(opts.init === false ? [] : ['--init']), '--label', `${TEST_LABEL}=${RUN_ID}`, '--name', name, ...(opts.extra ?? []), image, ...(opts.cmd ?? [])];
	try {
		return {id: docker(...args), error: null};
	} catch (err) {
		return {id: null, error: String((err as {stderr?: string}).stderr ?? err)};
	}
}
