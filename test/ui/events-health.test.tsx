/**
 * The events pane and healthchecks, on the real engine: a container with a 1 s healthcheck fires
 * exec_create / exec_start / exec_die every second. They are hidden by default, kept out of the
 * event ring (they must not push real events out), counted in the pane's title; H shows them (the
 * newest of them) and hides them again. A user's own exec on the same container stays shown.
 */
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {startEffects, type Effects} from '../../source/state/effects/index.js';
import {selectEventRows} from '../../source/state/events.js';
import {initialState, reducer} from '../../source/state/reducer.js';
import {createStore, type Store} from '../../source/state/store.js';
import type {Action, State} from '../../source/state/types.js';
import {cleanup, docker, runContainer, sleep, uniqueName, waitFor} from '../helpers/engine.js';
import {KEY, mount, type Harness} from './harness.js';

const EXEC = /^exec_(create|start|die)\b/;

describe('events pane: health checks', () => {
	let store: Store<State, Action>;
	let fx: Effects;
	let h: Harness;
	const name = uniqueName('hc-events');
	before(async () => {
		store = createStore(reducer, initialState());
		fx = startEffects(store, {events: {batchMs: 50}});
		await waitFor(() => store.getState().connection.status === 'connected', 'connected', 15_000);
		h = await mount(store, {columns: 200, rows: 40, services: {engine: fx.sync.engine, resources: fx.resources}});
	});
	after(() => {
		h?.unmount();
		fx?.stop();
		cleanup();
	});

	it('hidden by default, out of the ring, counted in the title; H shows and hides them; a user exec stays shown', async () => {
		await h.press('v');
		await h.press('/', ...name, KEY.enter);
		runContainer({name, health: {cmd: 'exit 0', interval: '1s'}});
		const mine = () => store.getState().events;
		const hcSeen = () => [...mine().rows, ...mine().health].filter((r) => r.actor === name && EXEC.test(r.action)).length;
		await waitFor(() => mine().rows.some((r) => r.actor === name && r.action === 'start'), 'the start row', 10_000);
		// three checks at least
		await waitFor(() => mine().healthHidden >= 9 || mine().rows.filter((r) => r.actor === name && EXEC.test(r.action)).length >= 9, 'nine exec events of the healthcheck', 15_000);
		docker('exec', name, 'true');
		await waitFor(() => selectEventRows(store.getState()).some((r) => r.actor === name && r.action.trim() === 'exec_create: true'), 'the user exec shown', 10_000);
		await sleep(200);

		const s = store.getState();
		const ringExec = s.events.rows.filter((r) => r.actor === name && EXEC.test(r.action) && !/: true\s*$/.test(r.action) && !(r.action === 'exec_die' && r.attrs.includes('execID=' + userExecId(s))));
		assert.deepEqual(ringExec.map((r) => r.action), [], 'no health-check event in the ring');
		assert.ok(s.events.healthHidden >= 9, `counted: ${s.events.healthHidden}`);
		const shown = selectEventRows(s);
		assert.ok(!shown.some((r) => r.actor === name && /^exec_(create|start): \/bin\/sh -c exit 0/.test(r.action)), 'none shown');
		let f = h.frame();
		assert.match(f, /\d[\d,]* health-check events hidden \(H shows\)/, f);
		assert.ok(f.includes('exec_create: true'), `the user's exec shown\n${f}`);

		f = await h.press('H');
		await waitFor(() => /exec_create: \/bin\/sh -c exit 0/.test(h.frame()), 'H shows the health checks', 3000).catch(() => assert.fail(h.frame()));
		assert.match(h.frame(), /health-check events shown \(H hides\)/);
		assert.ok(hcSeen() >= 9);
		// in the order they happened, among the others
		const seqs = selectEventRows(store.getState()).map((r) => r.seq);
		assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b));

		await h.press('H');
		await sleep(100);
		assert.doesNotMatch(h.frame(), /exec_create: \/bin\/sh -c exit 0/);
		assert.match(h.frame(), /health-check events hidden \(H shows\)/);
	});
});

/** The execID of the user's `docker exec … true` (its exec_die carries no command). */
function userExecId(s: State): string {
	const r = s.events.rows.find((x) => x.action.trim() === 'exec_create: true');
	return /execID=([0-9a-f]{12})/.exec(r?.attrs ?? '')?.[1] ?? '-';
}
