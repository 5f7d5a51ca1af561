/**
 * Engine streams under abuse, against the real engine: 1,000 open/abort cycles of logs + stats
 * leave no connection behind; a container removed mid-stream ends both streams cleanly; a 1 MB
 * line without newline, binary output and a burst of 300k lines keep memory bounded.
 */
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {setFlagsFromString} from 'node:v8';
import {runInNewContext} from 'node:vm';
import type {Engine} from '../../source/engine/connection.js';
import {containerLogs, LineSplitter, type LogLine} from '../../source/engine/logs.js';
import {watchStats, type RawStats} from '../../source/engine/stats.js';
import {sanitize} from '../../source/core/sanitize.js';
import {cleanup, docker, runContainer, testEngine, uniqueName, waitFor} from '../helpers/engine.js';
import {engineConnections} from '../helpers/sockets.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heap = () => {
	gc();
	gc();
	return process.memoryUsage().heapUsed;
};

function socketPath(engine: Engine): string {
	const u = new URL(engine.target.url);
	assert.equal(u.protocol, 'unix:', 'these tests count unix-socket connections');
	return u.pathname;
}

/** The dashboard's stats stream (a callback per sample) in the same shape as drain(). */
function drainStats(engine: Engine, id: string, signal: AbortSignal) {
	let count = 0;
	const done = watchStats(engine, id, signal, (s: RawStats) => {
		assert.equal(typeof s.read, 'string');
		count++;
	}).then(
		() => ({ok: true as const, count}),
		(err: unknown) => ({ok: false as const, count, err}),
	);
	return {done, seen: () => count};
}

/** Drain an iterable in the background; resolves with what it saw and how it ended. */
function drain<T>(it: AsyncIterable<T>, onItem?: (x: T) => void) {
	let count = 0;
	const done = (async () => {
		try {
			for await (const x of it) {
				count++;
				onItem?.(x);
			}
			return {ok: true as const, count};
		} catch (err) {
			return {ok: false as const, count, err};
		}
	})();
	return {done, seen: () => count};
}

describe('engine streams under abuse', () => {
	let engine: Engine;
	before(async () => {
		engine = await testEngine();
	});
	after(() => cleanup());

	it('1,000 open/abort cycles of logs + stats: engine connections back to baseline', async () => {
		const id = runContainer({name: uniqueName('leak'), cmd: ['sh', '-c', 'while true; do echo tick; sleep 0.2; done']});
		const sock = socketPath(engine);
		// warm up: the keep-alive agent may hold idle sockets; the baseline includes them
		for (let i = 0; i < 5; i++) {
			const ac = new AbortController();
			const l = drain(await containerLogs(engine, id, {signal: ac.signal, tail: 1}));
			const s = drainStats(engine, id, ac.signal);
			ac.abort();
			await Promise.all([l.done, s.done]);
		}
		await new Promise((r) => setTimeout(r, 200));
		const baseline = engineConnections(sock);
		let peak = 0;
		for (let i = 0; i < 1000; i++) {
			const ac = new AbortController();
			const l = drain(await containerLogs(engine, id, {signal: ac.signal, tail: 1}));
			const s = drainStats(engine, id, ac.signal);
			if (i % 100 === 0) {
				// sometimes let data flow before switching away
				await waitFor(() => l.seen() > 0 && s.seen() > 0, 'first log line and stats sample', 5000, 10);
				peak = Math.max(peak, engineConnections(sock));
			}
			ac.abort();
			const [lr, sr] = await Promise.all([l.done, s.done]);
			assert.ok(lr.ok && sr.ok, `cycle ${i}: an aborted stream threw`);
		}
		const after = await waitFor(() => {
			const n = engineConnections(sock);
			return n <= baseline ? {n} : null;
		}, `engine connections back to baseline ${baseline}`, 10_000, 100);
		assert.ok(after.n <= baseline, `${after.n} connections open after 1,000 cycles, baseline ${baseline}`);
		assert.ok(peak >= 2, 'the probe sees open streams (logs + stats) while they run');
	});

	it('a container removed while its logs and stats stream: both end cleanly', async () => {
		const name = uniqueName('gone');
		const id = runContainer({name, cmd: ['sh', '-c', 'while true; do echo tick; sleep 0.1; done']});
		const ac = new AbortController();
		const l = drain(await containerLogs(engine, id, {signal: ac.signal, tail: 1}));
		const s = drainStats(engine, id, ac.signal);
		await waitFor(() => l.seen() > 1 && s.seen() > 1, 'logs and stats flowing', 10_000);
		docker('rm', '-f', id);
		const [lr, sr] = await Promise.race([
			Promise.all([l.done, s.done]),
			new Promise<never>((_, rej) => setTimeout(() => rej(new Error('streams did not end within 10 s after the container was removed')), 10_000)),
		]);
		assert.ok(lr.ok, `logs stream threw: ${String(!lr.ok && lr.err)}`);
		assert.ok(sr.ok, `stats stream threw: ${String(!sr.ok && sr.err)}`);
		ac.abort();
		// and opening a stream for the removed container fails with a clear engine error, not a hang
		await assert.rejects(containerLogs(engine, id, {signal: new AbortController().signal}), /not found|No such container/i);
	});

	it('a 1 MB line without newline and binary output: cut into bounded pieces, shown inert', async () => {
		const script = 'head -c 1048576 /dev/zero | tr "\\0" a; echo; head -c 65536 /dev/urandom; echo; echo done-marker; sleep 600';
		const id = runContainer({name: uniqueName('huge'), cmd: ['sh', '-c', script]});
		const ac = new AbortController();
		let as = 0;
		let longest = 0;
		let done = false;
		let binary = 0;
		const l = drain(await containerLogs(engine, id, {signal: ac.signal, tail: 100_000}), (batch: LogLine[]) => {
			for (const line of batch) {
				longest = Math.max(longest, line.text.length);
				if (/^a+$/.test(line.text)) as += line.text.length;
				else if (line.text === 'done-marker') done = true;
				else {
					binary++;
					// eslint-disable-next-line no-control-regex
					assert.doesNotMatch(sanitize(line.text), /[\x00-\x08\x0a-\x1f\x7f-\x9f]/);
				}
			}
		});
		await waitFor(() => done, 'the marker after the huge line and the binary', 20_000);
		ac.abort();
		await l.done;
		assert.equal(as, 1_048_576, 'every byte of the long line arrived');
		assert.ok(longest <= 16 * 1024, `a piece of ${longest} chars: lines are not capped`);
		assert.ok(binary > 0, 'binary output arrived as lines');
	});

	it('LineSplitter: a 1 MB chunk without newline never holds more than one piece', () => {
		const pieces: LogLine[] = [];
		const sp = new LineSplitter('stdout', (x) => pieces.push(x), 1024, false);
		const mb = Buffer.alloc(1024 * 1024, 0x61);
		for (let i = 0; i < 16; i++) sp.write(mb.subarray(i * 65536, (i + 1) * 65536));
		assert.equal(pieces.length, 1023, 'all but the last piece emitted; at most one piece held');
		assert.ok(pieces.every((p) => p.text.length === 1024 && p.cut));
		sp.write(Buffer.from('tail\n'));
		assert.equal(pieces.length, 1025);
		assert.equal(pieces.at(-2)!.text.length, 1024);
		assert.equal(pieces.at(-1)!.text, 'tail');
		// a newline after more than maxLine in ONE chunk: still cut
		sp.write(Buffer.from('b'.repeat(5000) + '\n'));
		assert.deepEqual(pieces.slice(-5).map((p) => [p.text.length, Boolean(p.cut)]), [[1024, true], [1024, true], [1024, true], [1024, true], [904, false]]);
		// split multi-byte characters across chunks survive
		sp.write(Buffer.from([0xe6, 0x97]));
		sp.write(Buffer.from([0xa5, 0x0a]));
		assert.equal(pieces.at(-1)!.text, '日');
	});

	it("LineSplitter: the engine's 16 KB partial entries each carry a timestamp; continuations lose it", () => {
		const lines: LogLine[] = [];
		const sp = new LineSplitter('stdout', (x) => lines.push(x));
		sp.write('2026-01-01T00:00:00.000000001Z first half ');
		sp.write('2026-01-01T00:00:00.000000002Z second half\n');
		sp.write('2026-01-01T00:00:01.000000000Z next\n');
		assert.deepEqual(lines, [
			{stream: 'stdout', text: 'first half second half', ts: '2026-01-01T00:00:00.000000001Z'},
			{stream: 'stdout', text: 'next', ts: '2026-01-01T00:00:01.000000000Z'},
		]);
	});

	it('300k lines as fast as the container can write them: heap stays bounded', async () => {
		const id = runContainer({name: uniqueName('flood'), cmd: ['sh', '-c', 'sleep 1; yes "flood line 0123456789 abcdefghijklmnopqrstuvwxyz" | head -n 300000; echo flood-done; sleep 600']});
		const ring: string[] = [];
		const CAP = 5000;
		let total = 0;
		let done = false;
		const base = heap();
		let peak = 0;
		const ac = new AbortController();
		const l = drain(await containerLogs(engine, id, {signal: ac.signal, tail: 0}), (batch: LogLine[]) => {
			for (const line of batch) {
				total++;
				ring.push(sanitize(line.text, {keepColor: true}));
				if (ring.length > CAP) ring.shift();
				if (line.text === 'flood-done') done = true;
			}
			if (total % 50_000 < batch.length) peak = Math.max(peak, process.memoryUsage().heapUsed - base);
		});
		await waitFor(() => done, 'all 300k lines', 60_000, 100);
		ac.abort();
		await l.done;
		const grown = heap() - base;
		assert.equal(total, 300_001);
		// 300k lines are ~17 MB of text; the consumer keeps 5,000 of them
		assert.ok(grown < 8 * 1024 * 1024, `heap grew by ${(grown / 1e6).toFixed(1)} MB after the flood`);
		assert.ok(peak < 64 * 1024 * 1024, `heap peaked ${(peak / 1e6).toFixed(1)} MB above the start during the flood`);
	});
});
