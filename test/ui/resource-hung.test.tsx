/**
 * Real engine behind a half-hung proxy (test/helpers/hang-proxy.ts: /events, /containers … pass
 * through; the paths a test names are accepted and never answered). The images, volumes and
 * networks panes must not stay on "Loading …": the list gives up within the engine-call bound the
 * dashboard uses (BERTH_ENGINE_TIMEOUT, here 2 s) with a message saying what happened and what to
 * do, loads again when the engine answers again (an event, a reconnect, ctrl+r), and every request
 * it made is aborted when the pane is left or the dashboard quits. Also: the engine vanishing
 * mid-list.
 */
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {createResourceManager, type ResourceManager} from '../../source/state/effects/resources.js';
import {startContainerSync, type ContainerSync} from '../../source/state/effects/containers.js';
import {initialState, reducer} from '../../source/state/reducer.js';
import {createStore, type Store} from '../../source/state/store.js';
import type {Action, State} from '../../source/state/types.js';
import {keymap, visibleBindings} from '../../source/ui/keymap.js';
import {RUN_ID, TEST_LABEL, docker, dockerAsync, sleep, testEngine, uniqueName, waitFor} from '../helpers/engine.js';
import {hangProxy, type HangProxy} from '../helpers/hang-proxy.js';
import {mount, type Harness} from './harness.js';

process.env['BERTH_ENGINE_TIMEOUT'] = '2';
const BOUND_MS = 2000;
/** the bound, plus the slack of a machine shared with other test runs */
const SLACK_MS = 2500;
const CTRL_R = '\x12';
const LABEL = `${TEST_LABEL}=${RUN_ID}`;

interface Rig {
	store: Store<State, Action>;
	manager: ResourceManager;
	sync: ContainerSync;
	h: Harness;
	stop(): void;
}

async function rig(proxy: HangProxy, passes: (name: string) => boolean = () => false): Promise<Rig> {
	const store = createStore(reducer, initialState());
	let manager: ResourceManager | null = null;
	// only the events a test names reach the manager (other runs' container events would reload the lists and hide a missing retry)
	const sync = startContainerSync(store, {host: proxy.host, backoffMs: {initial: 200, max: 400}, onEvent: (e) => (passes(e.attributes['name'] ?? e.actor) ? manager?.push(e) : undefined)});
	manager = createResourceManager(store, sync.engine, {burstMs: 50, fed: true});
	await waitFor(() => store.getState().connection.status === 'connected', 'connected', 15_000);
	const h = await mount(store, {columns: 160, rows: 30, bindings: visibleBindings(keymap, {readOnly: false}), services: {resources: manager}});
	const m = manager;
	return {
		store,
		manager: m,
		sync,
		h,
		stop() {
			h.unmount();
			m.stop();
			sync.stop();
		},
	};
}

const PANE = {images: '8', volumes: '9', networks: '0'} as const;

describe('resource panes on a hung engine', () => {
	let proxy: HangProxy;
	const volumes: string[] = [];
	before(async () => {
		await testEngine();
		proxy = await hangProxy();
		// a volume of our own: the volumes list is not empty once it loads (the engine may hold none)
		const v = uniqueName('hung-vol');
		volumes.push(v);
		docker('volume', 'create', '--label', LABEL, v);
	});
	after(async () => {
		await proxy.close();
		for (const v of volumes) await dockerAsync('volume', 'rm', '-f', v).catch(() => undefined);
	});

	for (const [kind, hang] of [
		['images', /^\/images\/json/],
		['images', /^\/images\/[^/]+\/json/], // the list answers; each image's inspect hangs
		['volumes', /^\/volumes/],
		['networks', /^\/networks/],
	] as const) {
		it(`${kind} (${hang.source} hangs): a message within the bound, not "Loading" for ever; ctrl+r loads once the engine answers`, async () => {
			proxy.hang = null;
			const r = await rig(proxy);
			try {
				proxy.hang = hang;
				const t0 = Date.now();
				await r.h.press(PANE[kind]);
				await waitFor(() => proxy.seen.length > 0 && proxy.open() > 0, 'a request hangs', 5000);
				const f = await waitFor(() => (/did not answer/.test(r.h.frame()) ? r.h.frame() : null), `the ${kind} pane says the engine did not answer`, BOUND_MS + SLACK_MS).catch(() => assert.fail(`after ${Date.now() - t0} ms the pane shows:\n${r.h.frame()}`));
				assert.ok(Date.now() - t0 < BOUND_MS + SLACK_MS, `message after ${Date.now() - t0} ms`);
				assert.doesNotMatch(f, new RegExp(`Loading ${kind}`));
				assert.match(f, /within 2 s/, 'the bound named');
				assert.match(f, /ctrl\+r/, 'what to do named');
				await waitFor(() => proxy.open() === 0, 'the hung requests given up', 2000);
				proxy.hang = null;
				await r.h.press(CTRL_R);
				await waitFor(() => r.store.getState().resources[kind].error === null && r.store.getState().resources[kind].items.length > 0, `ctrl+r loaded the ${kind}`, 10_000);
				assert.doesNotMatch(r.h.frame(), /did not answer/);
			} finally {
				proxy.hang = null;
				proxy.seen.length = 0;
				r.stop();
			}
		});
	}

	it('each call slow but under the bound (list, containers, inspect: 1.2 s each): the whole list is still bounded', async () => {
		const r = await rig(proxy);
		try {
			proxy.slow = {path: /^\/(images\/json|containers\/json|images\/[^/]+\/json)/, ms: 1200};
			const t0 = Date.now();
			await r.h.press(PANE.images);
			await waitFor(() => r.store.getState().resources.images.loaded, 'the images list ended', 10_000);
			const ms = Date.now() - t0;
			assert.match(r.store.getState().resources.images.error ?? `listed after ${ms} ms`, /did not answer within 2 s/);
			assert.ok(ms < BOUND_MS + SLACK_MS, `ended after ${ms} ms`);
		} finally {
			proxy.slow = null;
			r.stop();
		}
	});

	it('an event after the failure (the engine answers again) loads the list again, no key needed', async () => {
		const v = uniqueName('hung-vol');
		const r = await rig(proxy, (name) => name === v);
		try {
			proxy.hang = /^\/images\/[^/]+\/json/;
			await r.h.press(PANE.images);
			await waitFor(() => r.store.getState().resources.images.error, 'the images list failed', BOUND_MS + SLACK_MS);
			proxy.hang = null;
			volumes.push(v);
			docker('volume', 'create', '--label', LABEL, v);
			await waitFor(() => r.store.getState().resources.images.error === null && r.store.getState().resources.images.items.length > 0, 'an event reloaded the images', 10_000);
		} finally {
			proxy.hang = null;
			proxy.seen.length = 0;
			r.stop();
		}
	});

	it('ctrl+r while a list still waits on the engine: that list is given up and asked anew at once', async () => {
		const r = await rig(proxy);
		try {
			proxy.hang = /^\/networks/;
			await r.h.press(PANE.networks);
			await waitFor(() => proxy.open() > 0, 'the networks list hangs', 5000);
			proxy.hang = null;
			const t0 = Date.now();
			await r.h.press(CTRL_R);
			await waitFor(() => r.store.getState().resources.networks.items.length > 0, 'ctrl+r listed anew', BOUND_MS - 500).catch(() => assert.fail(`not listed ${Date.now() - t0} ms after ctrl+r (the hung list was waited out?)`));
			assert.equal(r.store.getState().resources.networks.error, null);
			assert.equal(proxy.open(), 0, 'the hung request given up');
		} finally {
			proxy.hang = null;
			proxy.seen.length = 0;
			r.stop();
		}
	});

	it('leaving the pane aborts its hung requests; so does quitting', async () => {
		const r = await rig(proxy);
		try {
			proxy.hang = /^\/images\/[^/]+\/json/;
			await r.h.press(PANE.images);
			await waitFor(() => proxy.open() > 0, 'an inspect hangs', 5000);
			await r.h.press('1');
			await waitFor(() => proxy.open() === 0, 'leaving the pane gave the hung request up', 1000).catch(() => assert.fail(`${proxy.open()} hung requests still open after leaving the pane`));
			assert.equal(r.store.getState().resources.images.error, null, 'a list given up by leaving is no failure');

			proxy.hang = /^\/volumes/;
			await r.h.press(PANE.volumes);
			await waitFor(() => proxy.open() > 0, 'the volumes list hangs', 5000);
			r.stop();
			await waitFor(() => proxy.open() === 0, 'quitting gave the hung request up', 1000).catch(() => assert.fail(`${proxy.open()} hung requests still open after quitting`));
		} finally {
			proxy.hang = null;
			proxy.seen.length = 0;
			r.stop();
		}
	});

	it('the engine vanishing mid-list: the pane says so at once, and the reconnect loads the list', async () => {
		const r = await rig(proxy);
		try {
			proxy.hang = /^\/networks/;
			await r.h.press(PANE.networks);
			await waitFor(() => proxy.open() > 0, 'the networks list hangs', 5000);
			const t0 = Date.now();
			proxy.hang = null;
			proxy.vanish();
			await waitFor(() => r.store.getState().resources.networks.error !== null || r.store.getState().resources.networks.items.length > 0, 'the list ended', 1500);
			assert.ok(Date.now() - t0 < 1500);
			await waitFor(() => r.store.getState().resources.networks.error === null && r.store.getState().resources.networks.items.length > 0, 'the reconnect loaded the networks', 10_000);
			await sleep(50);
			assert.doesNotMatch(r.h.frame(), /Loading networks/);
		} finally {
			proxy.hang = null;
			r.stop();
		}
	});
});
