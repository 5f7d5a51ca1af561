/**
 * The edges of the resource panes' and the events pane's promise that the random churn
 * (resource-churn.test.ts) reaches only by luck, each made to happen on purpose against the real
 * engine, with the store and every effect (startEffects) running:
 * - "used by" follows a container's rename (volumes, images) and a container created on a network
 *   or removed from it without a network event (networks), within BOUND_MS, while the pane is shown;
 * - the events pane keeps every event emitted while the dashboard's /events stream was down (the
 *   engine unreachable for a while), once each;
 * - a burst of more than EVENTS_KEPT events: the ring holds at most EVENTS_KEPT, the newest, in
 *   order, each once, and counts what it let go;
 * - hostile bytes in a network's name and in volume and network labels reach the model intact
 *   (byte for byte as the engine has them) and the events pane's rows inert.
 */
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import type {Readable} from 'node:stream';
import {dockerOf} from '../../source/engine/client.js';
import type {Engine} from '../../source/engine/connection.js';
import {startEffects, type Effects} from '../../source/state/effects/index.js';
import {createResourceManager} from '../../source/state/effects/resources.js';
import {engineEvents} from '../../source/engine/events.js';
import {EVENTS_KEPT} from '../../source/state/events.js';
import {initialState, reducer} from '../../source/state/reducer.js';
import {createStore, type Store} from '../../source/state/store.js';
import type {Action, PaneId, State} from '../../source/state/types.js';
import {cleanup, docker, dockerAsync, IMAGE, RUN_ID, runContainer, sleep, TEST_LABEL, testEngine, uniqueName, waitFor} from '../helpers/engine.js';
import {assertInert, HOSTILE} from '../helpers/hostile.js';
import {connectCapturingEvents} from '../helpers/churn.js';

const BOUND_MS = 3000;
const LABEL = `${TEST_LABEL}=${RUN_ID}`;

interface Rig {
	store: Store<State, Action>;
	fx: Effects;
	streams: Readable[];
	/** while true, connecting fails (the engine unreachable) */
	down: {value: boolean};
}

async function rig(): Promise<Rig> {
	const store = createStore(reducer, initialState());
	const streams: Readable[] = [];
	const down = {value: false};
	const fx = startEffects(store, {
		events: {batchMs: 50},
		sync: {
			backoffMs: {initial: 200, max: 400},
			connect: async () => {
				if (down.value) throw Object.assign(new Error('connect ECONNREFUSED /var/run/docker.sock'), {code: 'ECONNREFUSED'});
				return connectCapturingEvents(streams);
			},
		},
	});
	await waitFor(() => store.getState().connection.status === 'connected', 'connected', 15_000);
	return {store, fx, streams, down};
}

const show = (r: Rig, pane: PaneId) => r.store.dispatch({type: 'ui/pane', pane});
const names = (refs: Array<{name: string}>) => refs.map((x) => x.name).sort();

/**
 * The resource manager fed, as in the dashboard, by an /events stream — here one filtered to this
 * run's label, so that other runs' events (which reload the lists too) cannot hide a missed reload.
 */
async function fedManager(engine: Engine) {
	const store = createStore(reducer, initialState());
	store.dispatch({type: 'connection/connected', where: engine.where, engine: {version: engine.serverVersion, api: engine.apiVersion, arch: engine.arch}});
	const res = createResourceManager(store, () => engine, {fed: true});
	const ac = new AbortController();
	const seen: string[] = [];
	const stream = await engineEvents(engine, {filters: {label: [LABEL]}}, ac.signal);
	void (async () => {
		try {
			for await (const e of stream) {
				seen.push(`${e.type} ${e.action} ${e.attributes['name'] ?? ''}`);
				res.push(e);
			}
		} catch {
			// aborted
		}
	})();
	return {store, res, seen, stop: () => (res.stop(), ac.abort())};
}

describe('resource panes: "used by" follows what changes it (the edges of the churn property)', () => {
	let engine: Engine;
	let m: Awaited<ReturnType<typeof fedManager>>;
	const made = {volumes: [] as string[], networks: [] as string[], tags: [] as string[]};
	before(async () => {
		engine = await testEngine();
		m = await fedManager(engine);
	});
	after(async () => {
		m?.stop();
		cleanup();
		for (const v of made.volumes) await dockerAsync('volume', 'rm', '-f', v).catch(() => undefined);
		for (const n of made.networks) await dockerAsync('network', 'rm', n).catch(() => undefined);
		for (const t of made.tags) await dockerAsync('rmi', t).catch(() => undefined);
	});
	const showIt = (pane: PaneId) => m.store.dispatch({type: 'ui/pane', pane});
	const fail = (what: string, model: unknown) => (err: unknown) => assert.fail(`${(err as Error).message}: the model says ${JSON.stringify(model)} (events seen: ${m.seen.slice(-4).join('; ')})`);

	it(`volumes: a container that mounts a volume is renamed → its new name in "used by" within ${BOUND_MS} ms`, async () => {
		const vol = uniqueName('churn2-vol');
		made.volumes.push(vol);
		docker('volume', 'create', '--label', LABEL, vol);
		const c = uniqueName('churn2-c');
		runContainer({name: c, extra: ['-v', `${vol}:/data`]});
		showIt('volumes');
		const usedBy = () => m.store.getState().resources.volumes.items.find((v) => v.name === vol)?.used_by;
		await waitFor(() => usedBy()?.length === 1, 'the volume listed, used by the container', 10_000);
		// past any reload still under way: only the rename can change it now
		await sleep(600);
		const to = `${c}-renamed`;
		docker('rename', c, to);
		await waitFor(() => names(usedBy() ?? []).join() === to, `"used by" says ${to}`, BOUND_MS).catch((err) => fail('', usedBy())(err));
	});

	it(`images: a container of a tag is renamed → its new name in "used by" within ${BOUND_MS} ms`, async () => {
		const repo = `bt-churn2-img-${process.pid}`;
		const tag = `${repo}:t1`;
		made.tags.push(tag);
		docker('tag', IMAGE, tag);
		const c = uniqueName('churn2-ic');
		runContainer({name: c});
		showIt('images');
		const usedBy = () => m.store.getState().resources.images.items.find((i) => i.repo_tags.includes(tag))?.used_by;
		await waitFor(() => usedBy()?.some((u) => u.name === c), 'the tag listed, used by the container', 10_000);
		// past any reload still under way: only the rename can change it now
		await sleep(600);
		const to = `${c}-renamed`;
		docker('rename', c, to);
		const mine = () => names(usedBy() ?? []).filter((n) => n.startsWith(c));
		await waitFor(() => mine().join() === to, `"used by" says ${to}`, BOUND_MS).catch((err) => fail('', mine())(err));
	});

	it(`networks: a container created on a network (not started: no network event) and removed again shows and goes within ${BOUND_MS} ms`, async () => {
		const net = uniqueName('churn2-net');
		made.networks.push(net);
		docker('network', 'create', '--label', LABEL, net);
		showIt('networks');
		const attached = () => m.store.getState().resources.networks.items.find((n) => n.name === net)?.containers;
		await waitFor(() => attached()?.length === 0, 'the network listed, empty', 10_000);
		const c = uniqueName('churn2-nc');
		const id = docker('create', '--init', '--label', LABEL, '--name', c, '--network', net, IMAGE, 'sleep', '600');
		await waitFor(() => names(attached() ?? []).join() === c, `${c} attached`, BOUND_MS).catch((err) => fail('', attached())(err));
		docker('rm', '-f', id);
		await waitFor(() => attached()?.length === 0, `${c} gone from the network`, BOUND_MS).catch((err) => fail('', attached())(err));
	});
});

describe('events pane: nothing lost across an outage, bounded under a burst, hostile bytes inert', () => {
	let engine: Engine;
	let r: Rig;
	const made = {volumes: [] as string[], networks: [] as string[]};
	before(async () => {
		engine = await testEngine();
		r = await rig();
		show(r, 'events');
	});
	after(async () => {
		r?.fx.stop();
		cleanup();
		for (const v of made.volumes) await dockerAsync('volume', 'rm', '-f', v).catch(() => undefined);
		for (const n of made.networks) await dockerAsync('network', 'rm', n).catch(() => undefined);
	});

	it('the /events stream cut and the engine unreachable for 3 s: the events emitted meanwhile are in the pane once each, in order', async () => {
		const base = uniqueName('churn2-gap');
		const mine = () => r.store.getState().events.rows.filter((x) => x.actor.startsWith(base));
		docker('volume', 'create', '--label', LABEL, `${base}-a`);
		made.volumes.push(`${base}-a`);
		await waitFor(() => mine().length === 1, 'the first event', 5000);
		// the engine goes away (a proxy dies, the socket resets) and stays away for 3 s
		r.down.value = true;
		(r.streams.at(-1) as Readable & {socket: {destroy(): void}}).socket.destroy();
		await waitFor(() => r.store.getState().connection.status !== 'connected', 'the sync saw the cut', 5000);
		const during = [`${base}-b`, `${base}-c`, `${base}-d`];
		for (const v of during) {
			made.volumes.push(v);
			await dockerAsync('volume', 'create', '--label', LABEL, v);
			await sleep(1000);
		}
		r.down.value = false;
		await waitFor(() => r.store.getState().connection.status === 'connected', 'reconnected', 10_000);
		docker('volume', 'create', '--label', LABEL, `${base}-e`);
		made.volumes.push(`${base}-e`);
		await waitFor(() => mine().some((x) => x.actor === `${base}-e`), 'the event after the reconnect', 5000);
		await sleep(300);
		assert.deepEqual(
			mine().map((x) => `${x.action} ${x.actor}`),
			['a', 'b', 'c', 'd', 'e'].map((s) => `create ${base}-${s}`),
			'every create once, in order (b, c, d happened while the dashboard was cut off)',
		);
	});

	it(`a burst of more than ${EVENTS_KEPT} events: the ring keeps the newest ${EVENTS_KEPT}, in order, each once, and counts the rest`, async () => {
		const name = uniqueName('churn2-burst');
		// a container that shrugs off SIGUSR1: each kill is one event and changes nothing else
		const id = runContainer({name, cmd: ['sh', '-c', 'trap "" USR1; while true; do sleep 1; done']});
		const c = dockerOf(engine).getContainer(id);
		const N = EVENTS_KEPT + 300;
		const ev0 = r.store.getState().events;
		const seen0 = ev0.rows.length + ev0.dropped;
		// an exec created (never started) is one event and nothing else: the cheapest burst the engine makes
		let next = 0;
		const worker = async () => {
			while (next < N) {
				next++;
				await c.exec({Cmd: ['true']});
			}
		};
		const t0 = Date.now();
		await Promise.all(Array.from({length: 16}, worker));
		const burstMs = Date.now() - t0;
		const ours = () => r.store.getState().events.rows.filter((x) => x.actor === name && x.action.startsWith('exec_create'));
		await waitFor(() => {
			const ev = r.store.getState().events;
			return ev.rows.length + ev.dropped - seen0 >= N && ours().length > 0;
		}, `${N} events reached the feed`, 20_000).catch((err) => assert.fail(`${(err as Error).message}: ${JSON.stringify({rows: r.store.getState().events.rows.length, dropped: r.store.getState().events.dropped})}`));
		await sleep(300);
		const ev = r.store.getState().events;
		assert.equal(ev.rows.length, EVENTS_KEPT, `the ring holds ${ev.rows.length}, at most (and here exactly) ${EVENTS_KEPT}`);
		assert.ok(ev.dropped >= N - EVENTS_KEPT, `dropped ${ev.dropped}`);
		// the newest, in order, once each: the feed numbers every event it takes
		const seqs = ev.rows.map((x) => x.seq);
		assert.ok(seqs.every((s, i) => i === 0 || s === seqs[i - 1]! + 1), 'consecutive: nothing lost or doubled inside the ring');
		assert.equal(seqs.at(-1), ev.rows.length + ev.dropped, 'the last row is the newest event');
		// other runs share the engine: most of the ring is ours, the newest of the burst among it
		assert.ok(ours().length >= EVENTS_KEPT / 2, `ours in the ring: ${ours().length} (burst of ${N} in ${burstMs} ms)`);
		await dockerAsync('rm', '-f', id);
	});

	it('hostile bytes in a network name and in volume and network labels: intact in the model, inert in the events rows', async () => {
		const evilNet = `bt-churn2-hx-${process.pid}${HOSTILE.osc0}${HOSTILE.csi}${HOSTILE.bidi}`;
		const vol = uniqueName('churn2-hxv');
		const label = `${HOSTILE.osc52}${HOSTILE.c1}${HOSTILE.overwrite}`;
		made.networks.push(evilNet);
		made.volumes.push(vol);
		docker('network', 'create', '--label', LABEL, '--label', `hx=${label}`, evilNet);
		docker('volume', 'create', '--label', LABEL, '--label', `hx=${label}`, vol);
		const raw = JSON.parse(docker('network', 'inspect', evilNet)) as Array<{Name: string; Labels: Record<string, string>}>;
		assert.equal(raw[0]!.Name, evilNet, 'the engine kept the name as given');
		show(r, 'networks');
		const net = await waitFor(() => r.store.getState().resources.networks.items.find((n) => n.name.startsWith(`bt-churn2-hx-${process.pid}`)), 'the network listed', 10_000);
		assert.equal(net.name, evilNet, 'the name, byte for byte');
		assert.equal(net.labels['hx'], raw[0]!.Labels['hx']);
		assert.equal(net.labels['hx'], label);
		show(r, 'volumes');
		const v = await waitFor(() => r.store.getState().resources.volumes.items.find((x) => x.name === vol), 'the volume listed', 10_000);
		assert.equal(v.labels['hx'], label, 'the label, byte for byte');
		const rows = await waitFor(() => {
			const xs = r.store.getState().events.rows.filter((x) => x.actor.includes(`bt-churn2-hx-${process.pid}`));
			return xs.length ? xs : null;
		}, 'the network create row', 5000);
		for (const x of rows) assertInert(Object.values(x).join(' '), 'an event row');
		assert.ok(rows[0]!.actor.includes('hxa'), 'the marker shows');
	});
});
