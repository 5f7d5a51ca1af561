/** `berth arch-info` (the built CLI) against the real engine. */
import assert from 'node:assert/strict';
import {arch} from 'node:os';
import {after, before, describe, it} from 'node:test';
import {normaliseArch} from '../../source/core/images/arch.js';
import {removeImage} from '../../source/engine/images.js';
import type {Engine} from '../../source/engine/connection.js';
import {berth} from '../helpers/cli.js';
import {IMAGE, RUN_ID, docker, testEngine} from '../helpers/engine.js';
import {loadArmImage, removeImages} from '../core/doctor/make-images.js';

const ARM = `tuitest/bt-arch-${RUN_ID}:arm64`;
let engine: Engine;

describe('berth arch-info', () => {
	before(async () => {
		engine = await testEngine();
		loadArmImage(ARM);
	});
	after(async () => {
		removeImages();
		await removeImage(engine, ARM, true);
	});

	it('--json: host (systeminformation + os.arch), engine, every image', () => {
		const r = berth(['arch-info', '--json']);
		assert.equal(r.code, 0, r.err);
		const doc = JSON.parse(r.out) as {host: {arch: string; node: string; os: string}; engine: {arch: string; reported: string}; images: Array<{repo_tags: string[]; arch: string}>; mismatched: Array<{repo_tags: string[]}>};
		assert.equal(doc.host.node, arch());
		assert.equal(doc.host.arch, normaliseArch(arch()));
		assert.equal(doc.engine.reported, docker('info', '--format', '{{.Architecture}}'));
		assert.equal(doc.engine.arch, normaliseArch(doc.engine.reported));
		const busybox = doc.images.find((i) => i.repo_tags.includes(IMAGE));
		assert.equal(busybox?.arch, normaliseArch(docker('image', 'inspect', '-f', '{{.Architecture}}', IMAGE)));
		const arm = doc.images.find((i) => i.repo_tags.includes(ARM));
		assert.equal(arm?.arch, 'arm64');
		assert.equal(doc.mismatched.some((i) => i.repo_tags.includes(ARM)), doc.engine.arch !== 'arm64');
	});

	it('text: marks images built for another arch', () => {
		const r = berth(['arch-info']);
		assert.match(r.out, /^host +\w+ \(os\.arch /m);
		assert.match(r.out, /^engine +\w+ \(reports /m);
		if (normaliseArch(engine.arch) !== 'arm64') assert.match(r.out, new RegExp(`${ARM.replace(/[.:/]/g, '\\$&')} +[0-9a-f]{12} +arm64 +linux +≠ engine`));
	});
});
