/**
 * The live model against the real engine: a container started, stopped, removed or turning
 * unhealthy from "another terminal" (the docker CLI) shows in the store within a second, grouped
 * by compose labels; the rendered frame (ink-testing-library) matches; reconnect after a failure.
 */
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {render} from 'ink-testing-library';
import React from 'react';
import {connectEngine} from '../../source/engine/connection.js';
import {startContainerSync, type ContainerSync} from '../../source/state/effects/containers.js';
import {initialState, reducer} from '../../source/state/reducer.js';
import {createStore} from '../../source/state/store.js';
import type {Action, State} from '../../source/state/types.js';
import type {Store} from '../../source/state/store.js';
import {App} from '../../source/ui/App.js';
import {StoreContext} from '../../source/ui/hooks/useStore.js';
import {makeTheme} from '../../source/ui/theme.js';
import {cleanup, composeUp, docker, RUN_ID, runContainer, sleep, uniqueName, waitFor} from '../helpers/engine.js';
import {plain} from '../helpers/frame.js';

const byName = (s: State, name: string) => Object.values(s.containers).find((c) => c.name === name);

describe('live container sync (real engine)', () => {
	let store: Store<State, Action>;
	let sync: ContainerSync;
	before(async () => {
		store = createStore(reducer, initialState());
		sync = startContainerSync(store);
		await waitFor(() => store.getState().connection.status === 'connected', 'connected', 10_000);
	});
	after(() => {
		sync.stop();
		cleanup();
	});

	it('a container started from outside appears within 1 s, with exact started_at', async () => {
		const name = uniqueName('live');
		const t0 = Date.now();
		runContainer({name});
		const rec = await waitFor(() => byName(store.getState(), name)?.state === 'running' && byName(store.getState(), name), 'container in store', 5000, 10);
		assert.ok(Date.now() - t0 < 1000 + 800, `took ${Date.now() - t0} ms including docker run`);
		assert.equal(rec.detailed, true);
		assert.ok(rec.started_at);
	});

	it('stop shows as exited, unhealthy shows as unhealthy, removal drops it', async () => {
		const name = uniqueName('life');
		const id = runContainer({name, health: {cmd: 'test -f /tmp/ok', interval: '1s', retries: 1}, cmd: ['sh', '-c', 'touch /tmp/ok; exec sleep 600']});
		await waitFor(() => byName(store.getState(), name)?.health === 'healthy', 'healthy', 8000);
		docker('exec', id, 'rm', '/tmp/ok');
		await waitFor(() => byName(store.getState(), name)?.health === 'unhealthy', 'unhealthy', 8000);
		docker('stop', '-t', '1', id);
		let t = Date.now();
		await waitFor(() => byName(store.getState(), name)?.state === 'exited', 'exited', 1000, 10);
		assert.ok(Date.now() - t <= 1000);
		assert.equal(byName(store.getState(), name)?.exit_code, 143);
		docker('rm', id);
		t = Date.now();
		await waitFor(() => !byName(store.getState(), name), 'removed', 1000, 10);
	});

	it('groups a compose project by its labels and renders project → service → containers', async () => {
		const project = `btf${process.pid}`;
		composeUp(
			project,
			`services:
  web:
    image: tuitest/busybox:latest
    init: true
    command: ["httpd", "-f", "-p", "8080", "-h", "/var/www"]
    ports: ["127.0.0.1:19951:8080"]
    labels: {berth.test: "${RUN_ID}"}
  worker:
    image: tuitest/busybox:latest
    init: true
    command: ["sleep", "600"]
    labels: {berth.test: "${RUN_ID}"}
`,
		);
		await waitFor(() => Object.values(store.getState().containers).filter((c) => c.project === project && c.state === 'running').length === 2, 'compose containers', 5000);
		const web = Object.values(store.getState().containers).find((c) => c.project === project && c.service === 'web');
		assert.equal(web?.name, `${project}_web_1`);
		assert.deepEqual(web?.ports, [{host_ip: '127.0.0.1', host_port: 19951, container_port: 8080, protocol: 'tcp'}]);

		// only this project on screen: the engine is shared, other projects may fill the list above it
		store.dispatch({type: 'ui/filter', text: project});
		const ui = render(
			<StoreContext.Provider value={store}>
				<App theme={makeTheme(false)} />
			</StoreContext.Provider>,
		);
		try {
			await sleep(100);
			const frame = plain(ui.lastFrame());
			const lines = frame.split('\n');
			const p = lines.findIndex((l) => l.includes(`▾ ${project}`));
			assert.ok(p >= 0, frame);
			assert.match(lines[p]!, /2\/2 running/);
			assert.match(lines[p + 1]!, /▾ web/);
			assert.match(lines[p + 2]!, new RegExp(`${project}_web_1\\s+running\\s+-\\s+127\\.0\\.0\\.1:19951→8080/tcp`));
			assert.match(lines[p + 3]!, /▾ worker/);
			// fold the project from the keyboard: move to its row, Enter
			for (let i = 0; i < p - 2; i++) ui.stdin.write('j');
			await sleep(50);
			store.dispatch({type: 'ui/cursor', key: `p:${project}`});
			await sleep(20);
			ui.stdin.write('\r');
			await sleep(50);
			const folded = plain(ui.lastFrame());
			assert.match(folded, new RegExp(`▸ ${project}`));
			assert.doesNotMatch(folded, new RegExp(`${project}_web_1`));
		} finally {
			store.dispatch({type: 'ui/filter', text: ''});
			ui.unmount();
		}
	});
});

describe('reconnect', () => {
	it('shows the failure with a hint, then connects when the engine answers', async () => {
		const store = createStore(reducer, initialState());
		let attempts = 0;
		const sync = startContainerSync(store, {
			backoffMs: {initial: 50, max: 100},
			connect: () => {
				attempts++;
				return connectEngine({host: attempts < 3 ? 'unix:///tmp/berth-nothing-here.sock' : undefined});
			},
		});
		try {
			await waitFor(() => store.getState().connection.status === 'disconnected', 'disconnected', 3000, 5);
			const c = store.getState().connection;
			assert.equal(c.error?.code, 'unreachable');
			assert.match(c.error?.message ?? '', /berth-nothing-here\.sock/);
			assert.ok(c.retryAt && c.retryAt > Date.now() - 1000);
			await waitFor(() => store.getState().connection.status === 'connected', 'connected', 5000);
			assert.equal(attempts, 3);
			assert.equal(store.getState().loaded, true);
		} finally {
			sync.stop();
		}
	});
});
