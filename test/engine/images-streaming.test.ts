/**
 * loadImages streams: a 192 MiB archive goes to the engine without the loader's memory growing by
 * anything near its size (measured in a child process: peak RSS against RSS before the load).
 */
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {mkdirSync, rmSync, statSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {after, describe, it} from 'node:test';
import {RUN_ID, docker} from '../helpers/engine.js';
import {removeImages, writeArmArchive} from '../core/doctor/make-images.js';

const TAG = `tuitest/bt-big-${RUN_ID}:arm64`;
const PAD = 192 * 1024 * 1024;

describe('loadImages memory', () => {
	after(() => {
		removeImages(TAG);
	});

	it('a 192 MiB archive is loaded without reading it into memory', (t) => {
		const first = writeArmArchive(TAG, 'arm64', undefined, PAD);
		const dir = join(dirname(first), 'bundle');
		mkdirSync(dir);
		const archive = writeArmArchive(TAG, 'arm64', join(dir, 'big-arm64.tar'), PAD);
		rmSync(first);
		assert.ok(statSync(archive).size > PAD);
		const root = process.cwd();
		const script = `
			import {connectEngine} from '${root}/source/engine/connection.ts';
			import {loadImages} from '${root}/source/core/images/load.ts';
			const engine = await connectEngine();
			globalThis.gc?.();
			const before = process.memoryUsage().rss;
			const report = await loadImages(engine, ${JSON.stringify(dir)}, {hostArch: 'arm64'});
			console.log(JSON.stringify({before, peak: process.resourceUsage().maxRSS * 1024, report}));
		`;
		const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {encoding: 'utf8', maxBuffer: 1 << 20});
		assert.equal(r.status, 0, r.stderr);
		const out = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as {before: number; peak: number; report: {loaded: number; files: Array<{images: string[]}>}};
		assert.equal(out.report.loaded, 1);
		assert.deepEqual(out.report.files[0]!.images, [TAG]);
		assert.ok(docker('image', 'inspect', '-f', '{{.Architecture}}', TAG) === 'arm64');
		const growth = out.peak - out.before;
		t.diagnostic(`peak RSS grew by ${Math.round(growth / 1048576)} MiB`);
		assert.ok(growth < 64 * 1024 * 1024, `memory grew by ${Math.round(growth / 1048576)} MiB while loading a ${PAD / 1048576} MiB archive`);
	});
});
