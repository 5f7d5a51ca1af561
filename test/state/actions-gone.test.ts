/**
 * An action on a row whose container is already gone (removed outside berth, its destroy event
 * lost) removes the row and says so — it does not leave a stuck row behind an error. Run with the
 * effects wired as the dashboard wires them (startEffects), against the real engine; the stale row
 * is made the way drift made it: the record of a container that no longer exists, put in the model.
 */
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {inspectContainer} from '../../source/engine/containers.js';
import type {ContainerRecord} from '../../source/model/container.js';
import {startEffects, type Effects} from '../../source/state/effects/index.js';
import {initialState, reducer} from '../../source/state/reducer.js';
import {createStore, type Store} from '../../source/state/store.js';
import type {Action, State} from '../../source/state/types.js';
import {cleanup, docker, runContainer, testEngine, uniqueName, waitFor} from '../helpers/engine.js';
import {KEY, mount} from '../ui/harness.js';

const CMDS = ['stop', 'kill', 'restart', 'pause', 'start'] as const;

describe('an action on a container that is already gone', () => {
	let store: Store<State, Action>;
	let fx: Effects;
	/** records of containers that existed, then were removed before the sync started: what a drifted model still shows */
	const ghosts = new Map<string, ContainerRecord>();
	before(async () => {
		const engine = await testEngine();
		for (const key of [...CMDS, 'remove', 'bulk', 'key']) {
			const id = runContainer({name: uniqueName(`gone-${key}`), cmd: ['sleep', '600']});
			const rec = await inspectContainer(engine, id);
			assert.ok(rec);
			ghosts.set(key, rec);
		}
		docker('rm', '-f', ...[...ghosts.values()].map((r) => r.id));
		// the sync replays events from a second or two before its list: start it after theirs
		await new Promise((r) => setTimeout(r, 2500));
		store = createStore(reducer, initialState());
		fx = startEffects(store);
		await waitFor(() => store.getState().connection.status === 'connected' && store.getState().loaded, 'connected', 10_000);
	});
	after(() => {
		fx?.stop();
		cleanup();
	});

	/** put the stale row in the model; the sync has no event for it, so it stays */
	const stale = async (key: string) => {
		const rec = ghosts.get(key)!;
		store.dispatch({type: 'containers/upsert', records: [rec]});
		await new Promise((r) => setTimeout(r, 300));
		assert.ok(store.getState().containers[rec.id], 'the stale row is in the model');
		return rec;
	};

	for (const cmd of CMDS) {
		it(`${cmd}: the row goes and the status line says the container no longer exists`, async () => {
			const rec = await stale(cmd);
			const ok = await fx.actions.run(cmd, [rec]);
			assert.equal(ok, false);
			assert.equal(store.getState().containers[rec.id], undefined, 'the row was removed (as the action answered)');
			const st = store.getState().ui.status;
			assert.equal(st?.kind, 'error');
			assert.match(st?.text ?? '', new RegExp(`Cannot ${cmd === 'pause' ? 'pause' : cmd}: ${rec.name} no longer exists \\(removed outside berth\\); its row was removed`));
			// and it stays gone: the list read again, the sync's late answers, do not bring it back
			await new Promise((r) => setTimeout(r, 600));
			assert.equal(store.getState().containers[rec.id], undefined, 'the row stays gone');
		});
	}

	it('remove: success, "already gone", and the row goes', async () => {
		const rec = await stale('remove');
		store.dispatch({type: 'ui/mark', ids: [rec.id], on: true});
		assert.equal(await fx.actions.run('remove', [rec]), true);
		assert.equal(store.getState().containers[rec.id], undefined);
		assert.equal(store.getState().ui.marked[rec.id], undefined);
		assert.match(store.getState().ui.status?.text ?? '', new RegExp(`✔ removed ${rec.name} \\(it was already gone\\)`));
	});

	it('a bulk action: the live target is acted on, the gone one is dropped and named', async () => {
		const name = uniqueName('live-bulk');
		const id = runContainer({name, cmd: ['sleep', '600']});
		const live = await waitFor(() => store.getState().containers[id]?.state === 'running' && store.getState().containers[id], 'live row');
		const rec = await stale('bulk');
		assert.equal(await fx.actions.run('pause', [rec, live]), false);
		assert.equal(docker('inspect', '-f', '{{.State.Status}}', id), 'paused');
		assert.equal(store.getState().containers[rec.id], undefined);
		assert.match(store.getState().ui.status?.text ?? '', new RegExp(`Cannot pause: ${rec.name} no longer exists .*; paused the other 1`));
		await waitFor(() => store.getState().containers[id]?.state === 'paused', 'the live row shows paused', 5000);
	});

	it('from the keyboard: K then y on the stale row → the row leaves the screen with a clear message', async () => {
		const rec = await stale('key');
		const h = await mount(store, {columns: 140, rows: 30, services: {engine: fx.sync.engine, stats: fx.stats, logs: fx.logs, host: fx.host, actions: fx.actions}});
		try {
			await h.press(KEY.esc, KEY.esc, '1', '/', ...rec.name.split(''), KEY.enter);
			await waitFor(() => h.frame().includes(rec.name), 'the stale row on screen', 5000);
			store.dispatch({type: 'ui/cursor', key: `c:${rec.id}`});
			await h.press('K', 'y');
			// the footer shows the message (elided in the middle when long; :messages has it whole)
			const f = await waitFor(() => h.frame().includes(`Cannot kill: ${rec.name}`) && h.frame(), `the message:\n${h.frame()}\n${JSON.stringify(store.getState().ui.status)}`, 5000);
			assert.match(store.getState().ui.status?.text ?? '', new RegExp(`${rec.name} no longer exists \\(removed outside berth\\)`));
			assert.ok(!f.split('\n').some((l) => new RegExp(`^\\s+${rec.name}\\s`).test(l)), `the row is gone from the screen:\n${f}`);
		} finally {
			h.unmount();
		}
	});
});
