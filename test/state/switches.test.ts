/**
 * 1,000 selection switches through the dashboard's own stream managers (state/effects logs +
 * stats, as the containers pane drives them), against the real engine: switches land while
 * requests are still under way, and sometimes after data flowed. Afterwards the number of this
 * process's connections to the engine socket is back to its baseline.
 */
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import type {Engine} from '../../source/engine/connection.js';
import {inspectContainer} from '../../source/engine/containers.js';
import type {ContainerRecord} from '../../source/model/container.js';
import {createLogManager} from '../../source/state/effects/logs.js';
import {createStatsManager} from '../../source/state/effects/stats.js';
import {initialState, reducer} from '../../source/state/reducer.js';
import {createStore} from '../../source/state/store.js';
import {cleanup, runContainer, sleep, testEngine, uniqueName, waitFor} from '../helpers/engine.js';
import {engineConnections} from '../helpers/sockets.js';

describe('1,000 selection switches (logs + stats managers)', () => {
	let engine: Engine;
	const records: ContainerRecord[] = [];
	before(async () => {
		engine = await testEngine();
		for (let i = 0; i < 3; i++) {
			const id = runContainer({name: uniqueName('switch'), cmd: ['sh', '-c', `while :; do echo "c${i} $(date +%s)"; sleep 0.2; done`]});
			const r = await waitFor(() => inspectContainer(engine, id).then((x) => (x?.state === 'running' ? x : null)), 'running');
			records.push(r);
		}
	});
	after(() => cleanup());

	it('connections to the engine back to baseline', async () => {
		const sock = new URL(engine.target.url).pathname;
		const store = createStore(reducer, initialState());
		const logs = createLogManager(store, () => engine, {tail: 5, batchMs: 20});
		const stats = createStatsManager(store, () => engine, {flushMs: 50});
		const show = (c: ContainerRecord | null) => {
			logs.show(c ? `c:${c.id}` : null, c ? [c] : []);
			stats.want(c ? [c.id] : []);
		};
		// warm-up, then the idle baseline (the agent may keep idle sockets)
		show(records[0]!);
		await waitFor(() => (store.getState() as {logs?: {lines?: {length: number}}}).logs?.lines?.length, 'first log lines', 10_000);
		show(null);
		await sleep(500);
		const baseline = engineConnections(sock);

		let peak = 0;
		for (let i = 0; i < 1000; i++) {
			show(records[i % records.length]!);
			if (i % 50 === 0) {
				await sleep(300); // let the streams open and data flow
				peak = Math.max(peak, engineConnections(sock));
			} else if (i % 3 === 0) {
				await new Promise((r) => setImmediate(r)); // switch again while requests are under way
			}
		}
		show(null);
		const end = await waitFor(() => {
			const n = engineConnections(sock);
			return n <= baseline ? {n} : null;
		}, `engine connections back to baseline ${baseline} (now ${engineConnections(sock)})`, 15_000, 100);
		logs.stop();
		stats.stop();
		assert.ok(end.n <= baseline);
		assert.ok(peak >= 2, `the probe saw the open streams (peak ${peak})`);
	});
});
