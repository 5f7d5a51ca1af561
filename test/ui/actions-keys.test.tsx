/**
 * Action keys on a selection: dangerous ones ask y/n first, the action runs on the container, the
 * service's replicas, the group (in group order) or the marked rows; read-only refuses; the `:`
 * command line; yank. (The runner here records calls; the real-engine test restarts for real.)
 */
import assert from 'node:assert/strict';
import {afterEach, describe, it} from 'node:test';
import type {ContainerRecord} from '../../source/model/container.js';
import type {ActionRunner, ContainerActionId} from '../../source/state/effects/actions.js';
import {plan} from '../../source/state/effects/actions.js';
import {demoRecords} from './fixtures.js';
import {KEY, mount, storeWith, type Harness} from './harness.js';

let h: Harness | null = null;
afterEach(() => {
	h?.unmount();
	h = null;
});

function recorder() {
	const calls: Array<{cmd: ContainerActionId; names: string[]}> = [];
	const runner: ActionRunner = {
		busy: () => false,
		async run(cmd, targets: ContainerRecord[]) {
			calls.push({cmd, names: targets.map((t) => t.name)});
			return true;
		},
	};
	return {calls, runner};
}

describe('actions from the keyboard', () => {
	it('r on a container asks first; n cancels; y restarts it', async () => {
		const store = storeWith(demoRecords());
		const {calls, runner} = recorder();
		h = await mount(store, {services: {actions: runner}});
		await h.press('j', 'j');
		let f = await h.press('r');
		assert.match(f, /Restart demo_api_1\?/);
		assert.match(f, /y\/enter: yes · n\/esc: no/);
		assert.ok(f.split('\n').length <= 23, 'frame stays within rows − 1');
		assert.match(f, /demo_api_1\s+running\s+healthy/, 'the list stays in view above the dialog');
		f = await h.press('n');
		assert.equal(calls.length, 0);
		assert.match(f, /Cancelled/);
		await h.press('r', 'y');
		assert.deepEqual(calls, [{cmd: 'restart', names: ['demo_api_1']}]);
	});

	it('on a service: all replicas; u (start) does not ask', async () => {
		const store = storeWith(demoRecords());
		const {calls, runner} = recorder();
		h = await mount(store, {services: {actions: runner}});
		store.dispatch({type: 'ui/cursor', key: 's:demo/worker'});
		const f = await h.press('s');
		assert.match(f, /Stop service demo\/worker \(2\)\?/);
		assert.match(f, /• demo_worker_1/);
		await h.press(KEY.enter);
		assert.deepEqual(calls.at(-1), {cmd: 'stop', names: ['demo_worker_1', 'demo_worker_2']});
		await h.press('u');
		assert.deepEqual(calls.at(-1), {cmd: 'start', names: ['demo_worker_1', 'demo_worker_2']});
	});

	it('on a group from the groups pane, in group order; on marked rows when any', async () => {
		const store = storeWith(demoRecords());
		const {calls, runner} = recorder();
		h = await mount(store, {services: {actions: runner}});
		store.dispatch({type: 'ui/cursor', key: 'p:demo'});
		await h.press('u');
		assert.deepEqual(calls.at(-1)?.names.slice(0, 3), ['demo_db_1', 'demo_api_1', 'demo_web_1']);
		// stop runs support first: plan() orders the batches
		const targets = demoRecords().slice(0, 6);
		assert.deepEqual(
			plan('stop', targets).map((b) => b.map((c) => c.service)),
			[['metrics'], ['web', 'worker', 'worker'], ['api'], ['db']],
		);
		assert.deepEqual(
			plan('start', targets).map((b) => b.map((c) => c.service)),
			[['db'], ['api'], ['web', 'worker', 'worker'], ['metrics']],
		);
		store.dispatch({type: 'ui/mark', ids: ['db'.padEnd(64, '0'), 'metrics'.padEnd(64, '0')]});
		await h.press('K', 'y');
		assert.deepEqual(calls.at(-1), {cmd: 'kill', names: ['demo_db_1', 'demo_metrics_1']});
		await h.press('2', 'j');
		await h.press('x');
		store.dispatch({type: 'ui/unmarkAll'});
		const f = await h.press('r');
		assert.match(f, /Restart group core \(1\)\?/);
	});

	it('read-only: no action keys, no hints for them', async () => {
		const store = storeWith(demoRecords());
		const {calls, runner} = recorder();
		h = await mount(store, {services: {actions: runner, readOnly: true}});
		await h.press('j', 'j');
		const f = await h.press('r', 'y', 's', 'd');
		assert.equal(calls.length, 0);
		assert.match(f, /^berth \[read-only\]/);
		assert.doesNotMatch(f, /restart/);
		assert.doesNotMatch(f, /\?\s*$/m);
	});

	it('roles: allowed() hides and refuses command ids (also from the command line)', async () => {
		const store = storeWith(demoRecords());
		const {calls, runner} = recorder();
		h = await mount(store, {services: {actions: runner, allowed: (id) => id !== 'remove' && id !== 'kill'}});
		await h.press('j', 'j', 'd', 'K');
		assert.equal(calls.length, 0);
		const f = await h.press(':', ...'rm demo_api_1'.split(''), KEY.enter);
		assert.match(f, /Not allowed for your role: remove/);
		await h.press('r', 'y');
		assert.equal(calls.at(-1)?.cmd, 'restart');
	});

	it(': command line: :restart web, :logs db, :group core, unknown commands, :q', async () => {
		const store = storeWith(demoRecords());
		const {calls, runner} = recorder();
		h = await mount(store, {services: {actions: runner}});
		const type = (s: string) => h!.press(':', ...s.split(''), KEY.enter);
		let f = await type('restart web');
		assert.match(f, /Restart service demo\/web \(1\)\?/);
		await h.press('y');
		assert.deepEqual(calls.at(-1), {cmd: 'restart', names: ['demo_web_1']});
		f = await type('logs db');
		assert.equal(store.getState().ui.pane, 'logs');
		assert.match(f, /logs · service demo\/db/);
		await type('group core');
		assert.equal(store.getState().ui.pane, 'groups');
		assert.equal(store.getState().ui.groupCursor, 'g:core');
		f = await type('frobnicate');
		assert.match(f, /Unknown command ":frobnicate"/);
		// tab completes the command, then a name
		f = await h.press(':', 'r', 'e', 's', KEY.tab, 'd', 'e', 'm', 'o', '_', 'm', KEY.tab);
		assert.match(f, /:restart demo_metrics_1/);
		f = await h.press(KEY.esc, ':', 's', 'o', KEY.tab, 'c', KEY.tab);
		assert.match(f, /:sort cpu/);
		await h.press(KEY.esc);
		// ↑ recalls earlier commands
		f = await h.press(':', KEY.up);
		assert.match(f, /:frobnicate/);
		f = await h.press(KEY.up);
		assert.match(f, /:group core/);
		f = await h.press(KEY.down, KEY.down);
		assert.match(f, /^:\s/m);
		await h.press(KEY.esc);
		await type('q');
		assert.equal(h.quit.called, 1);
	});

	it('y copies the selected name (OSC 52 through the yank service)', async () => {
		const store = storeWith(demoRecords());
		const copied: string[] = [];
		h = await mount(store, {services: {yank: (t) => copied.push(t)}});
		await h.press('j', 'j');
		const f = await h.press('y');
		assert.deepEqual(copied, ['demo_api_1']);
		assert.match(f, /Copied name: demo_api_1/);
		await h.press('Y');
		assert.equal(copied[1], 'api'.padEnd(64, '0'));
	});

	it('status line: busy, then the result; errors carry what to do', async () => {
		const store = storeWith(demoRecords());
		h = await mount(store);
		store.dispatch({type: 'ui/status', status: {kind: 'error', text: '✖ restart failed for demo_api_1: boom', hint: 'Check the engine log', at: 0}});
		const f = await h.press();
		assert.match(f, /✖ restart failed for demo_api_1: boom → Check the engine log/);
	});
});
