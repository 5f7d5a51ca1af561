/**
 * Compose actions from the keyboard on a real project (docker-compose v1 here): U brings a stopped
 * service back, R recreates (new container id), D takes the project down after a y; the status line
 * shows progress and the result; the list follows /events.
 */
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {startEffects, type Effects} from '../../source/state/effects/index.js';
import {composeTargetOf} from '../../source/state/effects/compose.js';
import {initialState, reducer} from '../../source/state/reducer.js';
import {createStore, type Store} from '../../source/state/store.js';
import type {Action, State} from '../../source/state/types.js';
import {cleanup, composeUp, docker, RUN_ID, waitFor} from '../helpers/engine.js';
import {KEY, mount, type Harness} from './harness.js';

const project = `btdcmp${process.pid}`;
const ours = (s: State) => Object.values(s.containers).filter((c) => c.project === project);

describe('compose actions from the dashboard (real engine)', () => {
	let store: Store<State, Action>;
	let fx: Effects;
	let h: Harness;
	let dir = '';
	before(async () => {
		dir = composeUp(
			project,
			`version: "2.4"
services:
  app:
    image: tuitest/busybox:latest
    init: true
    command: ["sleep", "600"]
    labels: {berth.test: "${RUN_ID}", berth.group: application}
`,
		);
		store = createStore(reducer, initialState());
		fx = startEffects(store);
		await waitFor(() => store.getState().connection.status === 'connected', 'connected', 10_000);
		await waitFor(() => ours(store.getState()).some((c) => c.state === 'running'), 'project running', 10_000);
		h = await mount(store, {columns: 120, rows: 30, services: {engine: fx.sync.engine, stats: fx.stats, logs: fx.logs, host: fx.host, actions: fx.actions, compose: fx.compose}});
	});
	after(() => {
		h?.unmount();
		fx?.stop();
		cleanup();
	});

	it('finds the compose files from the labels, absolute', () => {
		const t = composeTargetOf(project, ours(store.getState()));
		assert.ok(t);
		assert.equal(t.project, project);
		assert.equal(t.projectDir, dir);
		assert.deepEqual(t.files, [`${dir}/docker-compose.yml`]);
	});

	it('s stops the service, U brings it up, R recreates it, D takes it down', async () => {
		await h.press(':', ...`filter ${project}`.split(''), KEY.enter);
		store.dispatch({type: 'ui/cursor', key: `s:${project}/app`});
		await h.press('s', 'y');
		await waitFor(() => ours(store.getState()).every((c) => c.state === 'exited'), 'stopped', 15_000);

		await h.press('U');
		await waitFor(() => /compose up .* done/.test(h.frame()), 'compose up done', 60_000);
		await waitFor(() => ours(store.getState()).some((c) => c.state === 'running'), 'running again', 10_000);
		const id = ours(store.getState())[0]!.id;

		let f = await h.press('R');
		assert.match(f, new RegExp(`compose recreate project ${project}\\?`));
		await h.press('y');
		await waitFor(() => /compose recreate .* done/.test(h.frame()), 'recreate done', 60_000);
		await waitFor(() => ours(store.getState()).some((c) => c.state === 'running' && c.id !== id), 'a new container', 10_000);

		store.dispatch({type: 'ui/cursor', key: `p:${project}`});
		f = await h.press('D');
		assert.match(f, new RegExp(`compose down project ${project}\\?`));
		await h.press('y');
		await waitFor(() => /compose down .* done/.test(h.frame()), 'down done', 60_000);
		await waitFor(() => ours(store.getState()).length === 0, 'gone from the list', 10_000);
		assert.equal(docker('ps', '-aq', '--filter', `label=com.docker.compose.project=${project}`), '');
	});
});
