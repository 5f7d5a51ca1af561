/** The stats manager batches samples; a batch where nothing the list shows changed is quiet. */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import type {Engine} from '../../source/engine/connection.js';
import type {RawStats} from '../../source/engine/stats.js';
import {createStatsManager} from '../../source/state/effects/stats.js';
import {initialState, reducer} from '../../source/state/reducer.js';
import {createStore} from '../../source/state/store.js';
import type {Action} from '../../source/state/types.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** raw stats with a given CPU share (of 2 cpus) and memory use */
function raw(cpuTotal: number, mem: number, tick: number): RawStats {
	return {
		read: new Date(Date.UTC(2026, 0, 1, 0, 0, tick)).toISOString(),
		cpu_stats: {cpu_usage: {total_usage: cpuTotal * (tick + 1)}, system_cpu_usage: 1e9 * (tick + 1), online_cpus: 2},
		precpu_stats: {cpu_usage: {total_usage: cpuTotal * tick}, system_cpu_usage: 1e9 * tick},
		memory_stats: {usage: mem, limit: 1 << 30, stats: {}},
	};
}

describe('stats manager', () => {
	it('marks a batch quiet when CPU and memory, as the list prints them, did not change', async () => {
		const store = createStore(reducer, initialState());
		const actions: Action[] = [];
		store.subscribe((a) => a && actions.push(a));
		// each "second" (20 ms here) a sample; memory moves by a few bytes, then by a megabyte
		const mems = [10 << 20, (10 << 20) + 8, (10 << 20) + 16, 11 << 20];
		const stream = async (_e: Engine, _id: string, signal: AbortSignal, onSample: (r: RawStats) => void) => {
			for (let t = 0; t < mems.length && !signal.aborted; t++) {
				onSample(raw(1e7, mems[t]!, t + 1));
				await sleep(60);
			}
		};
		const m = createStatsManager(store, () => ({}) as Engine, {flushMs: 30, stream});
		m.want(['a']);
		await sleep(400);
		m.stop();
		const batches = actions.filter((a): a is Extract<Action, {type: 'stats/batch'}> => a.type === 'stats/batch');
		assert.equal(batches.length, 4, 'one batch per sample');
		assert.deepEqual(
			batches.map((b) => Boolean(b.quiet)),
			[false, true, true, false],
			'the first sample and the megabyte change redraw; a few bytes do not',
		);
		assert.equal(store.getState().stats['a']!.last.memUsed, 11 << 20);
		assert.equal(store.getState().stats['a']!.mem.length, 4, 'quiet samples are kept (history, freshness)');
	});
});

describe('stats manager: rows that leave the screen', () => {
	it('a stream closed because its row left the screen leaves no figure behind (back on screen it waits, it is not stale)', async () => {
		const store = createStore(reducer, initialState());
		const stream = async (_e: Engine, _id: string, signal: AbortSignal, onSample: (r: RawStats) => void) => {
			for (let t = 0; !signal.aborted; t++) {
				onSample(raw(1e7, 10 << 20, t + 1));
				await sleep(20);
			}
		};
		const m = createStatsManager(store, () => ({}) as Engine, {flushMs: 30, stream});
		m.want(['a', 'b']);
		await sleep(150);
		assert.ok(store.getState().stats['a'] && store.getState().stats['b']);
		m.want(['b']);
		assert.equal(store.getState().stats['a'], undefined, "a's last figure went with its stream");
		await sleep(100);
		assert.ok(store.getState().stats['b'], 'b still streams');
		assert.equal(store.getState().stats['a'], undefined, 'no late sample of a comes back');
		m.stop();
	});
});
