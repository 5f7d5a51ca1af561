/**
 * A name given by the user goes into a request path (`/containers/NAME/json`, `/images/REF/json`,
 * `/volumes/NAME`, `/networks/NAME`) escaped, for every kind of object: spaces, control bytes,
 * `%`, `?`, `#`, `/` and dot segments name nothing, and the engine says so ("not found"), never an
 * HTTP client error, another object's answer, a redirect followed elsewhere, or a crash.
 */
import assert from 'node:assert/strict';
import {readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import type {Engine} from '../../source/engine/connection.js';
import {containerAction, inspectContainer, inspectRaw} from '../../source/engine/containers.js';
import {imageHistory, inspectImage, removeImageChecked} from '../../source/engine/images.js';
import {connectNetwork, disconnectNetwork, ensureNetwork, getNetwork, removeNetwork} from '../../source/engine/networks.js';
import {createVolume, getVolume, removeVolume} from '../../source/engine/volumes.js';
import {cleanup, runContainer, testEngine, uniqueName} from '../helpers/engine.js';
import {HOSTILE} from '../helpers/hostile.js';

/** Names no object can have, each needing escaping (or naming a path the engine would rewrite). */
export const UNNAMEABLE = [
	'a b',
	'x?y',
	'x#y',
	'%zz',
	'100%',
	'%2e%2e',
	'.',
	'..',
	'../../images/json',
	'../x',
	'a/../b',
	'a//b',
	'',
	' ',
	'tab\there',
	'nl\nthere',
	`ctl\x01\x7f?#% ${HOSTILE.osc0}`,
	HOSTILE.csi,
	'ünï/cödé',
];

let engine: Engine;

describe('names given by the user reach the engine escaped', () => {
	before(async () => {
		engine = await testEngine();
	});
	after(() => cleanup());

	for (const name of UNNAMEABLE) {
		it(`${JSON.stringify(name).slice(0, 40)}: not found, for containers, images, volumes and networks`, async () => {
			assert.equal(await inspectContainer(engine, name), null);
			assert.equal(await inspectRaw(engine, name), null);
			await assert.rejects(containerAction(engine, name, 'restart'), (e: {code?: string}) => e.code === 'not-found');
			assert.equal(await containerAction(engine, name, 'remove'), 'gone');
			// most are no image reference at all (the engine: 400 "invalid reference format"): no such image either
			assert.equal(await inspectImage(engine, name), null);
			assert.equal(await imageHistory(engine, name), null);
			assert.equal((await removeImageChecked(engine, name)).found, false);
			assert.equal(await getVolume(engine, name), null);
			assert.equal((await removeVolume(engine, name)).found, false);
			assert.equal(await getNetwork(engine, name), null);
			assert.equal((await removeNetwork(engine, name)).found, false);
			await assert.rejects(connectNetwork(engine, name, 'bridge'), (e: {code?: string}) => e.code === 'not-found');
			await assert.rejects(disconnectNetwork(engine, name, 'bridge'), (e: {code?: string}) => e.code === 'not-found');
		});
	}

	it('an empty name creates nothing: the engine would invent a name (volume) or answer about another network', async () => {
		await assert.rejects(createVolume(engine, ''), (e: {code?: string; message?: string}) => e.code === 'bad-request' && /no volume name/.test(e.message ?? ''));
		await assert.rejects(ensureNetwork(engine, ''), (e: {code?: string; message?: string}) => e.code === 'bad-request' && /no network name/.test(e.message ?? ''));
	});

	it('a real container is found by the name Docker allows (letters, digits, ".", "_", "-")', async () => {
		const name = `${uniqueName('dedupe')}.a_b-c`;
		const id = runContainer({name});
		const c = await inspectContainer(engine, name);
		assert.equal(c?.id, id);
		assert.equal((await inspectContainer(engine, id.slice(0, 12)))?.name, name);
	});

	it('an image is found by a reference with "/", ":" and by its id', async () => {
		const i = await inspectImage(engine, 'tuitest/busybox:latest');
		assert.ok(i);
		assert.equal((await inspectImage(engine, i.id))?.id, i.id);
		assert.ok((await imageHistory(engine, 'tuitest/busybox:latest'))?.length);
	});

	it('every handle on an engine object is made in engine/client.ts (which escapes the name)', () => {
		const root = 'source/engine';
		const bad = readdirSync(root)
			.filter((f) => f.endsWith('.ts') && f !== 'client.ts')
			.filter((f) => /\.get(Container|Image|Volume|Network|Exec)\(/.test(readFileSync(join(root, f), 'utf8')));
		assert.deepEqual(bad, []);
	});
});
