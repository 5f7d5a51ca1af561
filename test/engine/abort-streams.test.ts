/**
 * Real engine: a follow stream (logs of a container that prints nothing, or stats) aborted while
 * its request is still under way must end and give its socket back (the bench's socket figure
 * found sockets that stayed open for good).
 */
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {engineSocketCount} from '../../bench/proc.js';
import {containerLogs} from '../../source/engine/logs.js';
import {watchStats} from '../../source/engine/stats.js';
import {cleanup, runContainer, testEngine, waitFor} from '../helpers/engine.js';
import {dockerOf} from '../../source/engine/client.js';

async function drain(it: AsyncIterable<unknown>): Promise<void> {
	for await (const x of it) void x;
}

/** Start a stream (run resolves when it ends), abort it after `delayMs`, and require it to end (or refuse) within 3 s. */
async function abortedEnds(run: (signal: AbortSignal) => Promise<unknown>, delayMs: number): Promise<void> {
	const ac = new AbortController();
	const p = run(ac.signal);
	setTimeout(() => ac.abort(), delayMs);
	const ended = (async () => {
		try {
			await p;
		} catch {
			// refusing an aborted request is fine too
		}
		return true;
	})();
	const timeout = new Promise<boolean>((r) => setTimeout(() => r(false), 3000).unref());
	assert.equal(await Promise.race([ended, timeout]), true, `stream aborted after ${delayMs} ms did not end`);
}

describe('aborted follow streams', () => {
	let id = '';
	before(() => {
		id = runContainer({cmd: ['sleep', '600']});
	});
	after(() => cleanup());

	it('logs of a quiet container: ends and closes its socket whenever the abort comes', async () => {
		const engine = await testEngine();
		const sock = new URL(engine.target.url).pathname;
		await dockerOf(engine).ping();
		const base = engineSocketCount(process.pid, sock);
		for (const delay of [0, 1, 3, 5, 10, 20, 50, 200]) {
			await abortedEnds(async (signal) => drain(await containerLogs(engine, id, {signal, follow: true, tail: 0})), delay);
		}
		await waitFor(() => engineSocketCount(process.pid, sock) <= base, `sockets back to ${base}`, 3000);
	});

	it('stats: ends whenever the abort comes', async () => {
		const engine = await testEngine();
		const sock = new URL(engine.target.url).pathname;
		const base = engineSocketCount(process.pid, sock);
		for (const delay of [0, 1, 5, 20, 200]) await abortedEnds((signal) => watchStats(engine, id, signal, () => undefined), delay);
		await waitFor(() => engineSocketCount(process.pid, sock) <= base, `sockets back to ${base}`, 3000);
	});
});

describe('sockets after aborted streams', () => {
	let ids: string[] = [];
	before(() => {
		ids = [1, 2, 3, 4, 5].map(() => runContainer({cmd: ['sleep', '600']}));
	});
	after(() => cleanup());

	it('five stats and five log streams aborted at once: no socket stays open', async () => {
		const engine = await testEngine();
		const sock = new URL(engine.target.url).pathname;
		const acs = ids.flatMap(() => [new AbortController(), new AbortController()]);
		const runs = ids.flatMap((id, i) => [
			watchStats(engine, id, acs[2 * i]!.signal, () => undefined),
			containerLogs(engine, id, {signal: acs[2 * i + 1]!.signal, follow: true, tail: 0}).then(drain),
		]);
		await waitFor(() => engineSocketCount(process.pid, sock) >= 10, 'ten streams open', 5000);
		for (const ac of acs) ac.abort();
		await Promise.allSettled(runs);
		// nothing else of this process talks to the engine now; a pooled keep-alive socket would
		// linger for 5 s, half a second is plenty to close them all
		await waitFor(() => engineSocketCount(process.pid, sock) === 0, 'no socket to the engine', 500, 20);
	});
});
