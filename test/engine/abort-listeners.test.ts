/**
 * Real engine: many requests under one AbortSignal (the dashboard's session signal: the sync's
 * inspects, relists, the /events stream) must not pile abort listeners on it. 200 concurrent
 * inspects on one signal print no MaxListenersExceededWarning, and once they and a stream opened
 * on it have ended, the signal has as many abort listeners as before (none left behind).
 */
import assert from 'node:assert/strict';
import {getEventListeners} from 'node:events';
import {after, before, describe, it} from 'node:test';
import {inspectContainer} from '../../source/engine/containers.js';
import {engineEvents} from '../../source/engine/events.js';
import {startContainerSync} from '../../source/state/effects/containers.js';
import {initialState, reducer} from '../../source/state/reducer.js';
import {createStore} from '../../source/state/store.js';
import type {Action, State} from '../../source/state/types.js';
import {cleanup, runContainer, sleep, testEngine} from '../helpers/engine.js';

describe('abort listeners on a shared signal', () => {
	let id = '';
	const warnings: string[] = [];
	const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
	before(() => {
		id = runContainer({cmd: ['sleep', '600']});
		process.on('warning', onWarning);
	});
	after(() => {
		process.off('warning', onWarning);
		cleanup();
	});

	it('200 concurrent inspects on one signal: no MaxListeners warning, no listener left after', async () => {
		const engine = await testEngine();
		const ac = new AbortController();
		const baseline = getEventListeners(ac.signal, 'abort').length;
		const all = Promise.all(Array.from({length: 200}, (_, i) => inspectContainer(engine, i % 2 ? id : `berth-hung-none-${i}`, ac.signal)));
		const during = getEventListeners(ac.signal, 'abort').length;
		const got = await all;
		assert.equal(got.filter(Boolean).length, 100, 'the existing container answered, the missing ones are null');
		await sleep(50); // a warning is emitted on the next tick
		assert.deepEqual(warnings.filter((w) => /MaxListeners/.test(w)), []);
		assert.ok(during - baseline <= 1, `one listener on the shared signal at most while 200 requests run (saw ${during - baseline})`);
		assert.equal(getEventListeners(ac.signal, 'abort').length, baseline, 'every listener removed once the requests ended');
	});

	it('a stream on the signal that ends (destroyed) leaves no listener on it; abort still ends a live one', async () => {
		const engine = await testEngine();
		const ac = new AbortController();
		const baseline = getEventListeners(ac.signal, 'abort').length;
		for (let i = 0; i < 15; i++) {
			const events = await engineEvents(engine, {since: Math.floor(Date.now() / 1000) - 1, until: Math.floor(Date.now() / 1000)}, ac.signal);
			for await (const e of events) void e;
		}
		await sleep(50);
		assert.equal(getEventListeners(ac.signal, 'abort').length, baseline, '15 ended streams left listeners on the signal');
		assert.deepEqual(warnings.filter((w) => /MaxListeners/.test(w)), []);

		const live = await engineEvents(engine, {}, ac.signal);
		const ended = (async () => {
			for await (const e of live) void e;
			return true;
		})().catch(() => true);
		setTimeout(() => ac.abort(), 50);
		assert.equal(await Promise.race([ended, sleep(3000).then(() => false)]), true, 'the abort ended the live stream');
	});

	it('the dashboard sync retrying a vanished engine many times leaves no listener per retry', async () => {
		const store = createStore<State, Action>(reducer, initialState());
		let tries = 0;
		const sync = startContainerSync(store, {
			connect: async () => {
				tries++;
				throw Object.assign(new Error('connect ENOENT /tmp/berth-hung-gone.sock'), {code: 'ENOENT'});
			},
			backoffMs: {initial: 1, max: 2},
		});
		try {
			const t0 = Date.now();
			while (tries < 40 && Date.now() - t0 < 5000) await sleep(10);
			assert.ok(tries >= 40, `the sync retried (${tries} times)`);
			await sleep(50);
			assert.deepEqual(warnings.filter((w) => /MaxListeners/.test(w)), []);
		} finally {
			sync.stop();
		}
	});
});
