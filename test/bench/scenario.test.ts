/** Issue 16's bench helpers: the CPU profile summary, the compose labels, the name-filtering proxy. */
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {createServer, request} from 'node:http';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {createInterface} from 'node:readline';
import {describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';
import {composeNamer} from '../../bench/containers.js';
import {summarise} from '../../bench/figures/profile.js';

describe('summarise (CPU profile)', () => {
	// root → a (self) → b; samples every 1 ms (µs deltas); idle samples are not busy time
	const prof = {
		nodes: [
			{id: 1, callFrame: {functionName: '(root)', url: '', lineNumber: -1}, children: [2, 4]},
			{id: 2, callFrame: {functionName: 'draw', url: 'file:///x/dist/run.js', lineNumber: 9}, children: [3]},
			{id: 3, callFrame: {functionName: 'measure', url: 'file:///x/dist/run.js', lineNumber: 19}},
			{id: 4, callFrame: {functionName: '(idle)', url: '', lineNumber: -1}},
		],
		samples: [2, 3, 3, 4, 4, 4, 2, 3],
		timeDeltas: [0, 1000, 1000, 1000, 1000, 1000, 1000, 1000],
		startTime: 1_000_000,
		endTime: 1_008_000,
	};
	it('adds self time per function and leaves idle out', () => {
		const s = summarise(prof);
		assert.equal(s.busyMs, 4);
		assert.deepEqual(
			s.top.map((t) => [t.fn, t.ms]),
			[
				['draw run.js:10', 2],
				['measure run.js:20', 2],
			],
		);
	});
	it('counts only samples inside the window', () => {
		// samples fall at 1_000_000 + 0, 1000, 2000, …: the window [1_005_500, 1_007_000] holds those
		// at 6000 (draw, 1 ms until the next sample) and 7000 (measure, the last: no time after it)
		const s = summarise(prof, 1_005_500, 1_007_000);
		assert.equal(s.spanMs, 1.5);
		assert.equal(s.busyMs, 1);
		assert.deepEqual(
			s.top.map((t) => [t.fn, t.ms]),
			[
				['draw run.js:10', 1],
				['measure run.js:20', 0],
			],
		);
	});
});

describe('composeNamer', () => {
	it('labels a container as docker-compose 1.29.2 does, one service each', () => {
		const n = composeNamer('bbprojx', 3)(2);
		assert.equal(n.name, 'bbprojx_svc005_1');
		assert.equal(n.labels?.['com.docker.compose.project'], 'bbprojx');
		assert.equal(n.labels?.['com.docker.compose.service'], 'svc005');
		assert.equal(n.labels?.['com.docker.compose.oneoff'], 'False');
		assert.equal(n.labels?.['com.docker.compose.container-number'], '1');
	});
});

describe('nameproxy', () => {
	it('drops nameless containers from the list, passes everything else through', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'berth-nameproxy-test-'));
		const upstream = join(dir, 'engine.sock');
		const listen = join(dir, 'proxy.sock');
		const list = [{Id: 'a', Names: ['/one']}, {Id: 'b', Names: []}, {Id: 'c', Names: null}, {Id: 'd', Names: ['/two\u001b[2J']}];
		const fake = createServer((req, res) => {
			if (req.url?.startsWith('/v1.41/containers/json')) {
				res.writeHead(200, {'content-type': 'application/json'});
				res.end(JSON.stringify(list));
			} else {
				// a stream: two chunks, a pause between
				res.writeHead(200, {'content-type': 'application/json'});
				res.write('{"n":1}\n');
				setTimeout(() => res.end('{"n":2}\n'), 50);
			}
		});
		await new Promise<void>((r) => fake.listen(upstream, r));
		const worker = fileURLToPath(new URL('../../bench/workers/nameproxy.ts', import.meta.url));
		const proc = spawn(process.execPath, ['--import', 'tsx', worker, upstream, listen], {stdio: ['ignore', 'pipe', 'inherit']});
		try {
			await new Promise<void>((resolve, reject) => {
				createInterface({input: proc.stdout!}).on('line', (l) => (l.includes('ready') ? resolve() : undefined));
				proc.once('exit', (c) => reject(new Error(`proxy exited ${c}`)));
			});
			const get = (path: string) =>
				new Promise<{status: number; body: string}>((resolve, reject) => {
					request({socketPath: listen, path}, (res) => {
						let body = '';
						res.on('data', (b: Buffer) => (body += b.toString()));
						res.on('end', () => resolve({status: res.statusCode ?? 0, body}));
					})
						.on('error', reject)
						.end();
				});
			const l = await get('/v1.41/containers/json?all=1');
			assert.equal(l.status, 200);
			assert.deepEqual(
				(JSON.parse(l.body) as Array<{Id: string}>).map((c) => c.Id),
				['a', 'd'],
			);
			const s = await get('/v1.41/containers/a/stats');
			assert.equal(s.body, '{"n":1}\n{"n":2}\n');
		} finally {
			proc.kill('SIGTERM');
			fake.close();
			rmSync(dir, {recursive: true, force: true});
		}
	});
});

describe('buckets (CPU profile)', () => {
	it('puts each sample in the innermost bucket on its stack, the rest in "everything else"', async () => {
		const {buckets} = await import('../../bench/figures/profile.js');
		const prof = {
			nodes: [
				{id: 1, callFrame: {functionName: '(root)', url: '', lineNumber: -1}, children: [2, 5]},
				{id: 2, callFrame: {functionName: 'performWorkOnRoot', url: 'r.js', lineNumber: 1}, children: [3]},
				{id: 3, callFrame: {functionName: 'renderer', url: 'r.js', lineNumber: 2}, children: [4]},
				{id: 4, callFrame: {functionName: 'stringWidth', url: 'r.js', lineNumber: 3}},
				{id: 5, callFrame: {functionName: 'onTimer', url: 'r.js', lineNumber: 4}},
			],
			samples: [4, 2, 5, 4],
			timeDeltas: [0, 1000, 1000, 1000, 1000],
			startTime: 0,
			endTime: 4000,
		};
		const got = Object.fromEntries(buckets(prof).map((b) => [b.bucket, b.ms]));
		assert.equal(got['Ink: output of a frame (renderer)'], 1 + 1);
		assert.equal(got['React: render and commit (without Ink above)'], 1);
		assert.equal(got['everything else (timers, streams, the store, …)'], 1);
	});
});
