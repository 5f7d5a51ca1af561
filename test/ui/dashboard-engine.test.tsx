/**
 * The dashboard against the real engine, driven by keys: a restart from the keyboard restarts the
 * real container (StartedAt changes); a container's log lines show in the logs pane; a container
 * stopped from outside shows as exited; stats streams fill the CPU/MEM columns and stop when the
 * container leaves the screen; a service's replicas' logs merge with prefixes.
 */
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {startEffects, type Effects} from '../../source/state/effects/index.js';
import {initialState, reducer} from '../../source/state/reducer.js';
import {createStore, type Store} from '../../source/state/store.js';
import type {Action, State} from '../../source/state/types.js';
import {cleanup, composeUp, docker, RUN_ID, runContainer, uniqueName, waitFor} from '../helpers/engine.js';
import {KEY, mount, type Harness} from './harness.js';

const startedAt = (id: string) => docker('inspect', '-f', '{{.State.StartedAt}}', id);

describe('dashboard on the real engine', () => {
	let store: Store<State, Action>;
	let fx: Effects;
	let h: Harness;
	before(async () => {
		store = createStore(reducer, initialState());
		fx = startEffects(store, {logs: {batchMs: 50}});
		await waitFor(() => store.getState().connection.status === 'connected', 'connected', 10_000);
		h = await mount(store, {columns: 120, rows: 30, services: {engine: fx.sync.engine, stats: fx.stats, logs: fx.logs, host: fx.host, actions: fx.actions}});
	});
	after(() => {
		h?.unmount();
		fx?.stop();
		cleanup();
	});

	async function select(name: string) {
		await h.press(KEY.esc, KEY.esc, '1', '/', ...name.split(''), KEY.enter);
		await waitFor(() => h.frame().split('\n').some((l) => l.includes(name) && /running|exited/.test(l)), `${name} on screen`, 10_000);
		const key = () => store.getState().containers[Object.keys(store.getState().containers).find((id) => store.getState().containers[id]!.name === name)!];
		const c = await waitFor(key, 'record');
		store.dispatch({type: 'ui/cursor', key: `c:${c.id}`});
		await h.press();
		return c.id;
	}

	it('r then y restarts the real container; the status line reports it', async () => {
		const name = uniqueName('dash-restart');
		const id = runContainer({name, cmd: ['sleep', '600']});
		await waitFor(() => startedAt(id).startsWith('2'), 'started');
		const before = startedAt(id);
		await select(name);
		let f = await h.press('r');
		assert.match(f, new RegExp(`Restart ${name}\\?`));
		await h.press('y');
		await waitFor(() => startedAt(id) !== before, 'StartedAt changed', 15_000);
		f = await waitFor(() => /✔ restarted/.test(h.frame()) && h.frame(), 'status line', 15_000);
		assert.match(f, new RegExp(`✔ restarted ${name}`));
		// the list follows /events: the row is running again
		await waitFor(() => h.frame().split('\n').some((l) => l.includes(name) && l.includes('running')), 'running again', 5000);
	});

	it('p pauses and unpauses, K kills, u starts, d removes — each on the real container', async () => {
		const name = uniqueName('dash-life');
		const id = runContainer({name, cmd: ['sleep', '600']});
		await select(name);
		const state = () => docker('inspect', '-f', '{{.State.Status}}', id);
		await h.press('p', 'y');
		await waitFor(() => state() === 'paused', 'paused', 10_000);
		const row = (state: string) => h.frame().split('\n').some((l) => new RegExp(`^\\s+${name}\\s+${state.replace(/[()]/g, '\\$&')}`).test(l));
		await waitFor(() => row('paused'), 'paused on screen', 5000);
		let f = await h.press('p');
		assert.match(f, new RegExp(`Unpause ${name}\\?`));
		await h.press('y');
		await waitFor(() => state() === 'running', 'unpaused', 10_000);
		await h.press('K', 'y');
		await waitFor(() => state() === 'exited', 'killed', 10_000);
		await waitFor(() => row('exited(137)'), 'exited(137) on screen', 5000);
		await h.press('u');
		await waitFor(() => state() === 'running', 'started without asking', 10_000);
		f = await h.press('d');
		assert.match(f, new RegExp(`Remove \\(force\\) ${name}\\?`));
		await h.press('y');
		await waitFor(() => !docker('ps', '-aq', '--filter', `name=^${name}$`), 'removed', 10_000);
		await waitFor(() => !h.frame().split('\n').some((l) => new RegExp(`^\\s+${name}\\s`).test(l)), 'row gone from the screen', 5000);
		assert.match(h.frame(), new RegExp(`✔ removed ${name}`));
	});

	it('the logs pane shows what the container writes, following', async () => {
		const name = uniqueName('dash-logs');
		runContainer({name, cmd: ['sh', '-c', 'i=0; while :; do i=$((i+1)); echo "tick-$i from berth"; sleep 0.2; done']});
		await select(name);
		await h.press(KEY.enter);
		assert.equal(store.getState().ui.pane, 'logs');
		await waitFor(() => /tick-\d+ from berth/.test(h.frame()), 'log lines on screen', 8000);
		const n1 = Number(/tick-(\d+) from berth\s*\n(?![\s\S]*tick-)/.exec(h.frame())?.[1] ?? 0);
		await waitFor(() => {
			const all = [...h.frame().matchAll(/tick-(\d+)/g)].map((m) => Number(m[1]));
			return Math.max(...all) > n1 + 2;
		}, 'newer lines follow', 8000);
		await h.press('1');
	});

	it('a container stopped from outside shows as exited; stats fill CPU/MEM and streams close when not shown', async () => {
		const name = uniqueName('dash-stop');
		const id = runContainer({name, cmd: ['sleep', '600']});
		await select(name);
		await waitFor(() => fx.stats.open().includes(id), 'stats stream open for the visible container', 5000);
		await waitFor(() => h.frame().split('\n').some((l) => l.includes(name) && /\d+(\.\d)?%\s+\d+(\.\d)?(B|KiB|MiB)/.test(l)), 'CPU and MEM on the row', 10_000);
		docker('stop', '-t', '1', name);
		await waitFor(() => h.frame().split('\n').some((l) => l.includes(name) && l.includes('exited')), 'exited on screen', 10_000);
		await waitFor(() => !fx.stats.open().includes(id), 'stream closed for the stopped container', 5000);
	});

	it('a service with two replicas: merged logs, each line prefixed by its replica', async () => {
		const project = `btdash${process.pid}`;
		composeUp(
			project,
			`version: "2.4"
services:
  echo:
    image: tuitest/busybox:latest
    init: true
    scale: 2
    command: ["sh", "-c", "while :; do echo \\"hello from $$HOSTNAME\\"; sleep 0.3; done"]
    labels: {berth.test: "${RUN_ID}", berth.group: core}
`,
		);
		await waitFor(() => Object.values(store.getState().containers).filter((c) => c.project === project && c.state === 'running').length === 2, 'two replicas', 10_000);
		await h.press(KEY.esc, KEY.esc, ':', ...`logs ${'echo'}`.split(''), KEY.enter);
		assert.equal(store.getState().ui.pane, 'logs');
		await waitFor(() => /echo_1 │ hello from/.test(h.frame()) && /echo_2 │ hello from/.test(h.frame()), 'both replicas prefixed', 10_000);
		assert.match(h.frame(), new RegExp(`logs · service ${project}/echo \\(2\\)`));
		await h.press('1');
	});
});
