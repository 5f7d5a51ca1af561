/** engine/images.ts against the real engine: save → load stream, tag, inspect, list, remove. */
import assert from 'node:assert/strict';
import {createReadStream, createWriteStream, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {pipeline} from 'node:stream/promises';
import {after, before, describe, it} from 'node:test';
import {inspectImage, listImages, loadImageStream, removeImage, saveImages, splitRef, tagImage} from '../../source/engine/images.js';
import {engineInfo} from '../../source/engine/system.js';
import type {Engine} from '../../source/engine/connection.js';
import {IMAGE, RUN_ID, testEngine} from '../helpers/engine.js';

const TAG_A = `tuitest/bt-eng-${RUN_ID}:a`;
const TAG_B = `tuitest/bt-eng-${RUN_ID}:b`;
let engine: Engine;
const dir = mkdtempSync(join(tmpdir(), 'berth-eng-img-'));

describe('engine images', () => {
	before(async () => {
		engine = await testEngine();
	});
	after(async () => {
		for (const t of [TAG_A, TAG_B]) await removeImage(engine, t, true);
		rmSync(dir, {recursive: true, force: true});
	});

	it('splitRef', () => {
		assert.deepEqual(splitRef('reg:5000/a/b:1.2'), {repo: 'reg:5000/a/b', tag: '1.2'});
		assert.deepEqual(splitRef('reg:5000/a/b'), {repo: 'reg:5000/a/b', tag: 'latest'});
		assert.deepEqual(splitRef('busybox'), {repo: 'busybox', tag: 'latest'});
	});

	it('tags, inspects and lists', async () => {
		await tagImage(engine, IMAGE, TAG_A);
		const d = await inspectImage(engine, TAG_A);
		const base = await inspectImage(engine, IMAGE);
		assert.equal(d?.id, base?.id);
		assert.ok(d?.repo_tags.includes(TAG_A));
		assert.equal(d?.os, 'linux');
		assert.ok(d?.architecture);
		const listed = (await listImages(engine)).find((i) => i.id === d!.id);
		assert.ok(listed?.repo_tags.includes(TAG_A));
		assert.ok(listed!.size > 0);
		assert.equal(await inspectImage(engine, `tuitest/bt-none-${RUN_ID}:x`), null);
	});

	it('saves to a stream and loads it back from a file stream', async () => {
		await tagImage(engine, IMAGE, TAG_B);
		const file = join(dir, 'b.tar');
		await pipeline(await saveImages(engine, [TAG_B]), createWriteStream(file));
		await removeImage(engine, TAG_B);
		assert.equal((await inspectImage(engine, TAG_B)), null);
		const out = await loadImageStream(engine, createReadStream(file));
		assert.deepEqual(out, {loaded: [TAG_B], error: null});
		assert.ok(await inspectImage(engine, TAG_B));
	});

	it('reports the engine error for a file that is not an image archive', async () => {
		const {Readable} = await import('node:stream');
		const out = await loadImageStream(engine, Readable.from([Buffer.from('this is not a tar')]));
		assert.deepEqual(out.loaded, []);
		assert.match(out.error ?? '', /tar|EOF|invalid/i);
	});

	it('engineInfo lists the runtimes and the arch', async () => {
		const info = await engineInfo(engine);
		assert.ok(info.runtimes.includes('runc'));
		assert.ok(info.architecture);
	});
});
