/** `berth load-images` and `berth list-images` (the built CLI) against the real engine. */
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {createWriteStream, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {pipeline} from 'node:stream/promises';
import {createGzip} from 'node:zlib';
import {after, before, describe, it} from 'node:test';
import {usedBy} from '../../source/commands/list-images.js';
import {inspectImage, removeImage, saveImages, tagImage} from '../../source/engine/images.js';
import type {Engine} from '../../source/engine/connection.js';
import {berth} from '../helpers/cli.js';
import {IMAGE, RUN_ID, cleanup, runContainer, testEngine, uniqueName} from '../helpers/engine.js';
import {removeImages, writeArmArchive} from '../core/doctor/make-images.js';

const PLAIN = `tuitest/bt-load-${RUN_ID}:plain`;
const GZ = `tuitest/bt-load-${RUN_ID}:gz`;
const ARM = `tuitest/bt-load-${RUN_ID}:arm`;
const ALL = [PLAIN, GZ, ARM];
let engine: Engine;
const dir = mkdtempSync(join(tmpdir(), 'berth-bundle-'));

interface FileJson {
	file: string;
	size: number;
	status: string;
	images: string[];
	arch: string | null;
	note: string | null;
}

describe('berth load-images', () => {
	before(async () => {
		engine = await testEngine();
		// a bundle as it arrives: a plain tar for amd64, a gzipped one, an arm64 one, a broken one
		await tagImage(engine, IMAGE, PLAIN);
		await pipeline(await saveImages(engine, [PLAIN]), createWriteStream(join(dir, 'app-amd64.tar')));
		await tagImage(engine, IMAGE, GZ);
		await pipeline(await saveImages(engine, [GZ]), createGzip(), createWriteStream(join(dir, 'tools.tar.gz')));
		writeArmArchive(ARM, 'arm64', join(dir, 'app-arm64.tar'));
		writeFileSync(join(dir, 'broken.tgz'), 'not an archive');
		writeFileSync(join(dir, 'README.txt'), 'ignored');
		for (const t of [PLAIN, GZ]) await removeImage(engine, t);
	});
	after(async () => {
		cleanup();
		for (const t of ALL) await removeImage(engine, t, true);
		removeImages();
		rmSync(dir, {recursive: true, force: true});
	});

	it('loads the host-arch and unmarked archives, skips the other arch, reports the broken one (exit 1)', async () => {
		const r = berth(['load-images', dir, '--json', '--arch', 'amd64']);
		assert.equal(r.code, 1, r.err);
		const doc = JSON.parse(r.out) as {host_arch: string; files: FileJson[]; loaded: number; skipped: number; failed: number};
		const by = Object.fromEntries(doc.files.map((f) => [f.file, f]));
		assert.deepEqual(Object.keys(by), ['app-amd64.tar', 'app-arm64.tar', 'broken.tgz', 'tools.tar.gz']);
		assert.deepEqual(by['app-amd64.tar'], {...by['app-amd64.tar'], status: 'loaded', images: [PLAIN], arch: 'amd64', note: null});
		assert.deepEqual([by['tools.tar.gz']!.status, by['tools.tar.gz']!.images], ['loaded', [GZ]]);
		assert.deepEqual([by['app-arm64.tar']!.status, by['app-arm64.tar']!.note], ['skipped', 'name says arm64, host is amd64']);
		assert.equal(by['broken.tgz']!.status, 'failed');
		assert.ok(by['broken.tgz']!.note);
		assert.deepEqual([doc.loaded, doc.skipped, doc.failed], [2, 1, 1]);
		assert.ok(await inspectImage(engine, PLAIN));
		assert.ok(await inspectImage(engine, GZ));
		assert.equal(await inspectImage(engine, ARM), null);
	});

	it('--arch arm64 loads the arm64 file and skips the amd64 one; text output', () => {
		rmSync(join(dir, 'broken.tgz'));
		const r = berth(['load-images', dir, '--arch', 'arm64']);
		assert.equal(r.code, 0, r.err);
		assert.match(r.out, new RegExp(`loaded +app-arm64\\.tar \\([\\d.]+kB\\): ${ARM.replace(/[.:/]/g, '\\$&')}`));
		assert.match(r.out, /skipped +app-amd64\.tar .*: name says amd64, host is arm64/);
		assert.match(r.out, /2 loaded, 1 skipped, 0 failed \(host arch arm64\)/);
	});

	it('draws a progress bar on a terminal', () => {
		const r = spawnSync('script', ['-qec', `${process.execPath} dist/cli.js load-images ${dir} --arch amd64`, '/dev/null'], {encoding: 'utf8'});
		assert.equal(r.status, 0, r.stderr);
		assert.match(r.stdout, /\(1\/2\) app-amd64\.tar \[#+\.*\] +\d+%/);
		assert.match(r.stdout, /100%/);
	});

	it('usage errors', () => {
		assert.equal(berth(['load-images']).code, 2);
		assert.equal(berth(['load-images', join(dir, 'nope')]).code, 2);
	});
});

describe('berth list-images', () => {
	const TAG = `tuitest/bt-list-${RUN_ID}:v1`;
	before(async () => {
		engine = await testEngine();
		await tagImage(engine, IMAGE, TAG);
	});
	after(async () => {
		cleanup();
		await removeImage(engine, TAG, true);
	});

	it('--json: repository, tag, id, size, created, arch, and the containers using it', async () => {
		const name = uniqueName('user');
		runContainer({name});
		const r = berth(['list-images', '--json']);
		assert.equal(r.code, 0, r.err);
		const rows = JSON.parse(r.out) as Array<{repository: string; tag: string; id: string; size: number; created: string; arch: string; containers: string[]}>;
		const row = rows.find((x) => x.repository === `tuitest/bt-list-${RUN_ID}` && x.tag === 'v1');
		const base = (await inspectImage(engine, IMAGE))!;
		assert.ok(row, r.out.slice(0, 300));
		assert.equal(row.id, base.id);
		assert.equal(row.arch, base.architecture === 'x86_64' ? 'amd64' : base.architecture);
		assert.ok(row.size > 0 && !Number.isNaN(Date.parse(row.created)));
		assert.ok(row.containers.includes(name), `${name} uses it: ${row.containers.join(',')}`);
		const text = berth(['list-images']);
		assert.match(text.out, /^REPOSITORY +TAG +IMAGE ID +SIZE +CREATED +ARCH +USED BY/);
		const line = text.out.split('\n').find((l) => l.startsWith(`tuitest/bt-list-${RUN_ID} `));
		assert.match(line ?? '', new RegExp(`^tuitest/bt-list-${RUN_ID} +v1 +${base.id.slice(7, 19)} +[\\d.]+[kMG]?B +\\d+ \\w+ ago +${row.arch} +\\S`));
		// other runs' containers come and go between the two calls: the column names ours or says "+N more"
		const used = line!.replace(/^.* ago +\S+ +/, '');
		assert.ok(used.includes(name) || /\+\d+ more$/.test(used), used);
		assert.equal(usedBy(['a', 'b', 'c', 'd', 'e']), 'a, b, c +2 more');
	});
});
