/**
 * The helpers that let independent CLI runs overlap (test/helpers/cli.ts): inParallel keeps the
 * results and the first failure in list order, never runs more than its limit at once and lets
 * every task end; spawnBytes gives back what spawnSync would (raw bytes, exit code, limits).
 */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {inParallel, spawnBytes} from './cli.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('inParallel', () => {
	it('gives the results in list order, whatever order the tasks end in', async () => {
		const r = await inParallel([30, 5, 20, 0, 10].map((ms, i) => async () => (await sleep(ms), i)));
		assert.deepEqual(r, [0, 1, 2, 3, 4]);
	});

	it('runs at most `limit` at once, and does reach the limit', async () => {
		let now = 0;
		let most = 0;
		await inParallel(
			Array.from({length: 9}, () => async () => {
				most = Math.max(most, ++now);
				await sleep(10);
				now--;
			}),
			3,
		);
		assert.equal(most, 3);
	});

	it('lets every task end, then throws the first failure in list order (as a serial run would stop at it)', async () => {
		const ended: number[] = [];
		const tasks = [
			async () => (await sleep(5), ended.push(0)),
			async () => {
				await sleep(40);
				ended.push(1);
				throw new Error('task 1');
			},
			async () => {
				ended.push(2);
				throw new Error('task 2');
			},
			async () => (await sleep(60), ended.push(3)),
		];
		await assert.rejects(inParallel(tasks, 2), /^Error: task 1$/);
		assert.deepEqual([...ended].sort(), [0, 1, 2, 3]);
	});

	it('an empty list is an empty result', async () => assert.deepEqual(await inParallel([]), []));
});

describe('spawnBytes', () => {
	it('stdout and stderr as raw bytes (invalid UTF-8 kept), the exit code and the pid', async () => {
		const r = await spawnBytes(process.execPath, ['-e', 'process.stdout.write(Buffer.from([0x68, 0xff, 0x9b])); process.stderr.write("e"); process.exitCode = 3']);
		assert.deepEqual([...r.out], [0x68, 0xff, 0x9b]);
		assert.equal(r.err.toString(), 'e');
		assert.equal(r.code, 3);
		assert.ok(typeof r.pid === 'number' && r.pid > 0);
	});

	it('past maxBuffer: killed, the output cut there (as spawnSync)', async () => {
		const r = await spawnBytes(process.execPath, ['-e', 'setInterval(() => process.stdout.write("x".repeat(1000)), 1)'], {maxBuffer: 5000});
		assert.equal(r.code, null);
		assert.equal(r.signal, 'SIGTERM');
		assert.equal(r.out.length, 5000);
	});

	it('past the timeout: killed', async () => {
		const r = await spawnBytes(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], {timeout: 200});
		assert.deepEqual([r.code, r.signal], [null, 'SIGTERM']);
	});

	it('a program that cannot start: code null, the reason on err', async () => {
		const r = await spawnBytes('/nonexistent/berth-no-such-program', []);
		assert.equal(r.code, null);
		assert.match(r.err.toString(), /ENOENT/);
	});
});
