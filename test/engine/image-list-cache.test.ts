/**
 * The images pane lists again on every container create/destroy/rename while it is shown: an
 * image's platform (architecture, variant, os) never changes for its id, so a second list asks
 * the engine only about ids it has not seen.
 */
import assert from 'node:assert/strict';
import {before, describe, it} from 'node:test';
import {dockerOf} from '../../source/engine/client.js';
import type {Engine} from '../../source/engine/connection.js';
import {listImageRecords} from '../../source/engine/images.js';
import {IMAGE, testEngine} from '../helpers/engine.js';

describe('image list: platforms remembered by id', () => {
	let engine: Engine;
	let inspected: string[] = [];
	before(async () => {
		engine = await testEngine();
		const d = dockerOf(engine);
		const getImage = d.getImage.bind(d);
		d.getImage = ((name: string) => {
			const img = getImage(name);
			const inspect = img.inspect.bind(img);
			img.inspect = ((...a: unknown[]) => {
				inspected.push(name);
				return (inspect as (...x: unknown[]) => unknown)(...a);
			}) as typeof img.inspect;
			return img;
		}) as typeof d.getImage;
	});

	it('the second list inspects no image the first one saw, and the records are the same', async () => {
		const first = await listImageRecords(engine);
		assert.ok(first.some((r) => r.repo_tags.includes(IMAGE)), 'the test image is listed');
		assert.ok(inspected.length >= 1, 'the first list asked for the platforms');
		inspected = [];
		const second = await listImageRecords(engine);
		assert.deepEqual(inspected, [], 'no inspect for known ids');
		assert.deepEqual(
			second.filter((r) => first.some((f) => f.id === r.id)).map((r) => [r.id, r.architecture, r.os, r.variant]),
			first.filter((r) => second.some((s) => s.id === r.id)).map((r) => [r.id, r.architecture, r.os, r.variant]),
		);
	});
});
