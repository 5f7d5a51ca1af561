/**
 * The events pane against the real engine: a labelled container, volume and network created and
 * removed from outside (the docker CLI) show as rows while the pane is shown; the filter narrows
 * them; a hostile label arrives inert; and the pane is fed by the container sync's own /events
 * stream — the dashboard opens /events once, whatever the pane shows.
 */
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {dockerOf} from '../../source/engine/client.js';
import {connectEngine} from '../../source/engine/connection.js';
import {startEffects, type Effects} from '../../source/state/effects/index.js';
import {initialState, reducer} from '../../source/state/reducer.js';
import {createStore, type Store} from '../../source/state/store.js';
import type {Action, State} from '../../source/state/types.js';
import {cleanup, docker, RUN_ID, runContainer, TEST_LABEL, uniqueName, waitFor} from '../helpers/engine.js';
import {assertInert, HOSTILE} from '../helpers/hostile.js';
import {KEY, mount, type Harness} from './harness.js';

/** The rows on screen: [type, action, actor] of each. */
const rows = (frame: string) =>
	frame
		.split('\n')
		.filter((l) => /^\d\d:\d\d:\d\d\.\d{3} /.test(l.trim()))
		.map((l) => l.trim().split(/\s+/).slice(1, 4));
const has = (frame: string, type: string, action: string, actor: string) => rows(frame).some(([t, a, n]) => t === type && a === action && n === actor);

describe('events pane on the real engine', () => {
	let store: Store<State, Action>;
	let fx: Effects;
	let h: Harness;
	/** how many times the dashboard asked the engine for /events */
	let opened = 0;
	const vol = uniqueName('events-vol');
	const net = uniqueName('events-net');
	const vol2 = uniqueName('events-vol');
	before(async () => {
		store = createStore(reducer, initialState());
		fx = startEffects(store, {
			events: {batchMs: 50},
			sync: {
				connect: async () => {
					const e = await connectEngine();
					const d = dockerOf(e);
					const getEvents = d.getEvents.bind(d);
					d.getEvents = ((...args: Parameters<typeof getEvents>) => {
						opened++;
						return getEvents(...args);
					}) as typeof d.getEvents;
					return e;
				},
			},
		});
		await waitFor(() => store.getState().connection.status === 'connected', 'connected', 10_000);
		h = await mount(store, {columns: 240, rows: 40, services: {engine: fx.sync.engine, resources: fx.resources}});
	});
	after(() => {
		h?.unmount();
		fx?.stop();
		cleanup();
		for (const args of [['volume', 'rm', '-f', vol], ['volume', 'rm', '-f', vol2], ['network', 'rm', net]]) {
			try {
				docker(...args);
			} catch {
				// already gone
			}
		}
	});

	it('a container, volume and network made and removed outside show as rows; the filter narrows them; a hostile label is inert; one /events stream', async () => {
		await waitFor(() => opened === 1, 'the sync opened /events once');
		await h.press('v');
		assert.equal(store.getState().ui.pane, 'events');
		// other tests share the engine: show only what this one makes
		const mineOnly = `/bt-events-(c|vol|net)-${process.pid}-/`;
		await h.press('/', ...mineOnly, KEY.enter);
		const name = uniqueName('events-c');
		const evil = `${HOSTILE.osc0}${HOSTILE.csi}${HOSTILE.c1}${HOSTILE.bidi}`;
		const id = runContainer({name, labels: {'hx.evil': evil}, cmd: ['sleep', '600']});
		docker('volume', 'create', '--label', `${TEST_LABEL}=${RUN_ID}`, '--label', `hx.vol=${HOSTILE.osc52}`, vol);
		docker('network', 'create', '--label', `${TEST_LABEL}=${RUN_ID}`, net);
		docker('network', 'connect', net, id);
		await waitFor(() => has(h.frame(), 'container', 'start', name), 'container start row', 10_000).catch((err) => assert.fail(`${(err as Error).message}\n${h.frame()}`));
		await waitFor(() => has(h.frame(), 'volume', 'create', vol) && has(h.frame(), 'network', 'create', net) && has(h.frame(), 'network', 'connect', net), 'volume and network rows', 10_000);
		const f = h.frame();
		assert.ok(has(f, 'container', 'create', name), f);
		// the newest at the bottom: the container came before the network was connected
		const order = rows(f).map((r) => r.join(' '));
		assert.ok(order.indexOf(`container start ${name}`) < order.indexOf(`network connect ${net}`), order.join('\n'));
		// the hostile label was drawn, inert
		await waitFor(() => h.frame().includes('hx.evil=hxa'), 'the label on screen', 5000);
		assertInert(h.stdout.frames.join('\n'), 'events pane, real engine');

		docker('rm', '-f', id);
		docker('network', 'rm', net);
		docker('volume', 'rm', vol);
		await waitFor(() => has(h.frame(), 'container', 'destroy', name) && has(h.frame(), 'network', 'destroy', net) && has(h.frame(), 'volume', 'destroy', vol), 'destroy rows', 10_000);
		// type:network action:destroy: only the network's destroy (of what this test made)
		let g = await h.press('/', ...`type:network action:destroy name:${net}`, KEY.enter);
		assert.deepEqual(rows(g), [['network', 'destroy', net]]);
		g = await h.press(KEY.esc, '/', ...mineOnly, KEY.enter);
		const mine = rows(g);
		assert.ok(mine.length >= 8 && mine.every(([, , n]) => n === name || n === net || n === vol), JSON.stringify(mine));
		assert.deepEqual(
			mine.filter(([t]) => t === 'container').map(([, a]) => a),
			['create', 'start', 'kill', 'die', 'destroy'].filter((a) => mine.some(([t, x]) => t === 'container' && x === a)),
			'in the order they happened',
		);
		await h.press(KEY.esc);
		// the containers pane saw the same stream: the container came and went there too, and still one /events request
		assert.ok(!Object.values(store.getState().containers).some((c) => c.name === name));
		assert.equal(opened, 1, 'the events pane opened no stream of its own');
	});

	it('the volumes pane follows the same stream: a volume made outside shows there, and /events is still open once', async () => {
		await h.press('9');
		assert.equal(store.getState().ui.pane, 'volumes');
		await waitFor(() => store.getState().resources.volumes.loaded, 'volumes listed', 10_000);
		// other tests' volumes may fill the screen: show only this one
		await h.press('/', ...vol2, KEY.enter);
		docker('volume', 'create', '--label', `${TEST_LABEL}=${RUN_ID}`, vol2);
		const listed = () => store.getState().resources.volumes.items.some((v) => v.name === vol2);
		await waitFor(() => listed() && h.frame().split('\n').slice(3).some((l) => l.trim().startsWith(vol2)), 'the new volume in the volumes pane (by the event)', 10_000);
		docker('volume', 'rm', vol2);
		await waitFor(() => !listed(), 'gone from the volumes pane', 10_000);
		assert.equal(opened, 1, 'the resource panes opened no stream of their own');
		await h.press(KEY.esc, '1');
	});
});
