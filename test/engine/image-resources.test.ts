/**
 * engine/images.ts's records and actions against the real engine: images made here by `docker
 * import` (of an export of the test image) and labelled; pulls from a registry served by this test
 * on 127.0.0.1 (nothing else is reachable) and from a port where nothing listens.
 */
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import type {Engine} from '../../source/engine/connection.js';
import {EngineError} from '../../source/engine/errors.js';
import {imageHistory, imagePruneEstimate, inspectImage, listImageRecords, pruneImages, removeImage, removeImageChecked} from '../../source/engine/images.js';
import {pullImage} from '../../source/engine/image-pull.js';
import type {PullProgress} from '../../source/model/image.js';
import {IMAGE, RUN_ID, TEST_LABEL, cleanup, docker, runContainer, testEngine, uniqueName} from '../helpers/engine.js';
import {startFakeRegistry} from './fake-registry.js';

let engine: Engine;
const dir = mkdtempSync(join(tmpdir(), 'berth-img-res-'));
const rootfs = join(dir, 'rootfs.tar');
const madeImages: string[] = [];

/** A fresh image from the test image's filesystem: untagged (dangling) unless a tag is given. */
function importImage(labels: Record<string, string>, tag?: string): string {
	const args = ['import'];
	for (const [k, v] of Object.entries(labels)) args.push('--change', `LABEL ${k}=${v}`);
	args.push('--change', 'CMD ["sleep","600"]', rootfs, ...(tag ? [tag] : []));
	const id = docker(...args);
	madeImages.push(id);
	return id;
}

describe('engine image records and actions', () => {
	before(async () => {
		engine = await testEngine();
		const c = docker('create', '--label', `${TEST_LABEL}=${RUN_ID}`, IMAGE);
		execFileSync('docker', ['export', '-o', rootfs, c]);
		docker('rm', c);
	});
	after(() => {
		cleanup();
		for (const id of madeImages.reverse()) {
			try {
				docker('rmi', '-f', id);
			} catch {
				// already gone
			}
		}
		rmSync(dir, {recursive: true, force: true});
	});

	it('lists a dangling imported image with its architecture, labels, and no users; history', async () => {
		const id = importImage({[TEST_LABEL]: RUN_ID, 'bt.kind': 'dangling'});
		const rows = await listImageRecords(engine, {dangling: true, labels: [`${TEST_LABEL}=${RUN_ID}`, 'bt.kind=dangling']});
		assert.deepEqual(rows.map((r) => r.id), [id]);
		const r = rows[0]!;
		assert.equal(r.dangling, true);
		assert.deepEqual(r.repo_tags, []);
		assert.equal(r.architecture, engine.arch);
		assert.equal(r.os, 'linux');
		assert.deepEqual(r.used_by, []);
		assert.ok(r.size > 1_000_000);
		const h = await imageHistory(engine, id);
		assert.equal(h?.length, 1);
		assert.equal(h![0]!.size, r.size);
		assert.match(h![0]!.comment, /Imported/);
		assert.equal(await imageHistory(engine, `tuitest/bt-absent-${RUN_ID}:x`), null);
	});

	it('rm is refused while a container uses the image (even a stopped one), forced it untags; a running user stops even force', async () => {
		const tag = `tuitest/bt-res-${RUN_ID}:used`;
		const id = importImage({[TEST_LABEL]: RUN_ID}, tag);
		const stopped = uniqueName('resources-img-user');
		docker('create', '--name', stopped, '--label', `${TEST_LABEL}=${RUN_ID}`, tag);
		const rec = (await listImageRecords(engine, {labels: [`${TEST_LABEL}=${RUN_ID}`]})).find((i) => i.id === id);
		assert.deepEqual(rec?.used_by.map((u) => [u.name, u.state]), [[stopped, 'created']]);
		await assert.rejects(removeImageChecked(engine, tag), (e: EngineError) => e.code === 'in-use' && e.message.includes(stopped) && /--force/.test(e.hint));
		assert.ok(await inspectImage(engine, tag), 'still there after the refusal');
		// a running container: the engine refuses even --force
		const tag2 = `tuitest/bt-res-${RUN_ID}:running`;
		docker('tag', tag, tag2);
		const running = uniqueName('resources-img-run');
		runContainer({name: running, extra: []});
		docker('rm', '-f', running);
		docker('run', '-d', '--name', running, '--label', `${TEST_LABEL}=${RUN_ID}`, tag2);
		await assert.rejects(removeImageChecked(engine, id, {force: true}), (e: EngineError) => e.code === 'conflict' && /running/.test(e.message));
		docker('rm', '-f', running);
		const r = await removeImageChecked(engine, tag2, {force: true});
		assert.deepEqual(r.untagged, [tag2]);
		const r2 = await removeImageChecked(engine, tag, {force: true});
		assert.equal(r2.found, true);
		assert.deepEqual(r2.untagged, [tag]);
		assert.deepEqual(await removeImageChecked(engine, tag), {found: false, untagged: [], deleted: []});
	});

	it('prune: the estimate before bounds the space reclaimed after; only unused images with the label go', async () => {
		const label = `bt.prune=${RUN_ID}`;
		const a = importImage({[TEST_LABEL]: RUN_ID, 'bt.prune': RUN_ID});
		const b = importImage({[TEST_LABEL]: RUN_ID, 'bt.prune': RUN_ID});
		const used = importImage({[TEST_LABEL]: RUN_ID, 'bt.prune': RUN_ID});
		const tagged = importImage({[TEST_LABEL]: RUN_ID, 'bt.prune': RUN_ID}, `tuitest/bt-res-${RUN_ID}:tagged`);
		docker('create', '--name', uniqueName('resources-prune-user'), '--label', `${TEST_LABEL}=${RUN_ID}`, used);
		const est = await imagePruneEstimate(engine, {labels: [label]});
		assert.deepEqual(est.images.map((i) => i.id).sort(), [a, b].sort());
		assert.ok(est.bytes_max >= est.bytes && est.bytes_max > 0);
		const all = await imagePruneEstimate(engine, {all: true, labels: [label]});
		assert.deepEqual(all.images.map((i) => i.id).sort(), [a, b, tagged].sort());
		const r = await pruneImages(engine, {labels: [label]});
		assert.deepEqual(r.deleted.filter((d) => [a, b].includes(d)).sort(), [a, b].sort());
		assert.ok(r.space_reclaimed >= est.bytes && r.space_reclaimed <= est.bytes_max, `reclaimed ${r.space_reclaimed} not in [${est.bytes}, ${est.bytes_max}]`);
		assert.equal(await inspectImage(engine, a), null);
		assert.ok(await inspectImage(engine, used));
		assert.ok(await inspectImage(engine, tagged));
	});

	it('a pull from a registry nobody answers fails fast, naming the registry and what to check', async () => {
		const t0 = Date.now();
		await assert.rejects(pullImage(engine, '127.0.0.1:1/x'), (e: EngineError) => {
			assert.equal(e.code, 'registry');
			assert.match(e.message, /cannot reach registry 127\.0\.0\.1:1 to pull 127\.0\.0\.1:1\/x:latest/);
			assert.match(e.hint, /registry address and port/);
			return true;
		});
		assert.ok(Date.now() - t0 < 5000, `took ${Date.now() - t0} ms`);
		await assert.rejects(pullImage(engine, 'bt-nosuch.invalid/x:1'), (e: EngineError) => e.code === 'registry' && e.message.includes('bt-nosuch.invalid'));
	});

	it('pulls with credentials from the docker config (auths), reporting progress per layer; without them the registry refusal is named', async () => {
		const reg = await startFakeRegistry({basic: {user: 'bt-user', password: 'bt-pass'}, labels: {[TEST_LABEL]: RUN_ID}});
		const ref = `${reg.host}/bt-res-${RUN_ID}/pulled:1`;
		try {
			const empty = join(dir, 'cfg-empty');
			mkdirSync(empty);
			await assert.rejects(pullImage(engine, ref, {env: {DOCKER_CONFIG: empty}}), (e: EngineError) => e.code === 'registry' && e.message.includes(`registry ${reg.host} refused`) && /docker login/.test(e.hint));

			const cfg = join(dir, 'cfg-auths');
			mkdirSync(cfg);
			writeFileSync(join(cfg, 'config.json'), JSON.stringify({auths: {[reg.host]: {auth: Buffer.from('bt-user:bt-pass').toString('base64')}}}));
			const events: PullProgress[] = [];
			const r = await pullImage(engine, ref, {env: {DOCKER_CONFIG: cfg}, onProgress: (p) => events.push(p)});
			madeImages.push(ref);
			assert.equal(r.registry, reg.host);
			assert.equal(r.authenticated, true);
			assert.match(r.status, /Downloaded newer image/);
			assert.match(r.digest ?? '', /^sha256:[0-9a-f]{64}$/);
			assert.ok(reg.authorizations.includes(`Basic ${Buffer.from('bt-user:bt-pass').toString('base64')}`));
			for (const layer of reg.layerIds) {
				const mine = events.filter((e) => e.layer === layer);
				assert.ok(mine.some((e) => e.status === 'Downloading' && e.total > 0 && e.current > 0), `download progress for ${layer}`);
				assert.equal(mine.at(-1)?.status, 'Pull complete');
			}
			const d = await inspectImage(engine, ref);
			assert.equal(d?.architecture, 'amd64');
		} finally {
			await reg.close();
		}
	});

	it('pulls with credentials from a credential helper (credHelpers)', async () => {
		const reg = await startFakeRegistry({basic: {user: 'helper-user', password: 'helper-secret'}, layerBytes: 10_000, labels: {[TEST_LABEL]: RUN_ID}});
		const ref = `${reg.host}/bt-res-${RUN_ID}/helped:1`;
		try {
			const bin = join(dir, 'bin');
			mkdirSync(bin, {recursive: true});
			const helper = join(bin, 'docker-credential-bttest');
			writeFileSync(helper, `#!/bin/sh\nread server\n[ "$1" = get ] && [ "$server" = "${reg.host}" ] && printf '{"ServerURL":"%s","Username":"helper-user","Secret":"helper-secret"}' "$server" && exit 0\necho "credentials not found in native keychain"; exit 1\n`);
			chmodSync(helper, 0o755);
			const cfg = join(dir, 'cfg-helper');
			mkdirSync(cfg);
			writeFileSync(join(cfg, 'config.json'), JSON.stringify({credHelpers: {[reg.host]: 'bttest'}, auths: {[reg.host]: {auth: Buffer.from('wrong:wrong').toString('base64')}}}));
			const r = await pullImage(engine, ref, {env: {DOCKER_CONFIG: cfg, PATH: `${bin}:${process.env.PATH}`}});
			madeImages.push(ref);
			assert.equal(r.authenticated, true);
			assert.ok(reg.authorizations.includes(`Basic ${Buffer.from('helper-user:helper-secret').toString('base64')}`));
			assert.ok(!reg.authorizations.includes(`Basic ${Buffer.from('wrong:wrong').toString('base64')}`), 'credHelpers wins over auths');
			await removeImage(engine, ref, true);
		} finally {
			await reg.close();
		}
	});
});
