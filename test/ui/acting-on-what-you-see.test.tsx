/** Issue 15 — acting on what you see: filtered rows, marks, Esc, :messages, ports enter, log search, :pause / :unpause. */
import assert from 'node:assert/strict';
import {afterEach, describe, it} from 'node:test';
import type {ContainerRecord} from '../../source/model/container.js';
import type {ActionRunner, ContainerActionId} from '../../source/state/effects/actions.js';
import {demoRecords} from './fixtures.js';
import {KEY, mount, storeWith, type Harness} from './harness.js';

let h: Harness | null = null;
afterEach(() => {
	h?.unmount();
	h = null;
});

function recorder() {
	const calls: Array<{cmd: ContainerActionId; names: string[]}> = [];
	const runner: ActionRunner = {busy: () => false, run: async (cmd, targets: ContainerRecord[]) => (calls.push({cmd, names: targets.map((t) => t.name)}), true)};
	return {calls, runner};
}

describe('acting on what you see', () => {
	it('r on a project row under a filter restarts only the containers the row shows, and the confirm says so', async () => {
		const {calls, runner} = recorder();
		h = await mount(storeWith(demoRecords()), {services: {actions: runner}});
		await h.press('/', ...'worker_1', KEY.enter);
		// the cursor on the project row ("1/1 running")
		await h.press('g');
		let f = await h.press('r');
		assert.match(f, /Restart 1 of 6 \(what the filter shows\) in project demo\?/);
		assert.doesNotMatch(f, /demo_api_1/);
		await h.press('y');
		assert.deepEqual(calls, [{cmd: 'restart', names: ['demo_worker_1']}]);
		// no filter: the whole project, as before
		await h.press(KEY.esc, 'g', 'r');
		f = h.frame();
		assert.match(f, /Restart project demo \(6\)\?/);
		await h.press('y');
		assert.equal(calls[1]!.names.length, 6);
	});

	it('marks are cleared once a bulk action ran; help says space moves down', async () => {
		const {calls, runner} = recorder();
		h = await mount(storeWith(demoRecords()), {services: {actions: runner}});
		await h.press('j', 'j', KEY.space, KEY.space);
		let f = h.frame();
		assert.match(f, /2 marked/);
		f = await h.press('s');
		assert.match(f, /Stop 2 marked containers\?/);
		f = await h.press('y');
		assert.equal(calls.length, 1);
		assert.equal(calls[0]!.names.length, 2);
		assert.doesNotMatch(f, /marked/);
		assert.doesNotMatch(f, /^\s*● /m);
		f = await h.press('?');
		assert.match(f, /Mark \/ unmark, then move down/);
	});

	it('one Esc does the visible thing even while a message shows', async () => {
		h = await mount(storeWith(demoRecords()));
		await h.press('/', ...'worker', KEY.enter);
		let f = await h.press(':', ...'nosuch', KEY.enter);
		assert.match(f, /Unknown command/);
		assert.match(f, /filter worker/);
		f = await h.press(KEY.esc);
		assert.doesNotMatch(f, /filter worker/, 'one Esc clears the filter');
		assert.match(f, /demo_api_1/);
		// on another pane with a message: one Esc goes back
		await h.press('5', ':', ...'nosuch', KEY.enter);
		f = await h.press(KEY.esc);
		assert.match(f, /NAME.*STATE/);
	});

	it(':messages shows the messages whole, newest first; Esc closes it', async () => {
		h = await mount(storeWith(demoRecords()), {columns: 80, rows: 24});
		const long = 'x'.repeat(120);
		let f = await h.press(':', ...`restart ${long}`, KEY.enter);
		assert.match(f, /No container/);
		await h.press(':', ...'nosuch', KEY.enter);
		f = await h.press(':', ...'messages', KEY.enter);
		const flat = f.replace(/[│\s]+/g, '');
		assert.ok(flat.includes(`Nocontainer,service,projectorgroupnamed"${long}".`), f);
		assert.ok(flat.indexOf('Unknowncommand') < flat.indexOf('Nocontainer'), 'newest first');
		for (const line of f.split('\n')) assert.ok(line.length <= 80, line);
		f = await h.press(KEY.esc);
		assert.doesNotMatch(f, /messages \(/);
		assert.match(f, /NAME/);
	});

	it('enter in the ports pane clears a filter that hides the container, and says so', async () => {
		h = await mount(storeWith(demoRecords()));
		await h.press('/', ...'worker', KEY.enter);
		await h.press('3');
		let f = await h.press('j');
		assert.match(f, /container demo_api_1/);
		f = await h.press(KEY.enter);
		assert.match(f, /Filter "worker" cleared: it hid demo_api_1/);
		const selected = f.split('\n').find((l) => l.includes('api_1') && !l.includes('container '));
		assert.ok(selected, f);
		assert.match(f, /Doctor\b.*container demo_api_1/);
	});

	it('a log search belongs to the subject it was typed for', async () => {
		h = await mount(storeWith(demoRecords()));
		await h.press('j', 'j', '4', '/', ...'scrape', KEY.enter);
		let f = h.frame();
		assert.match(f, /scrape/);
		f = await h.press('1', 'j', '4');
		assert.doesNotMatch(f, /scrape/);
	});

	it(':pause pauses only, :unpause unpauses only', async () => {
		const {calls, runner} = recorder();
		const recs = demoRecords();
		h = await mount(storeWith(recs), {services: {actions: runner}});
		let f = await h.press(':', ...'unpause demo_api_1', KEY.enter);
		assert.match(f, /Nothing to unpause: demo_api_1 is paused|Nothing to unpause: demo_api_1 is not paused|Nothing to unpause/);
		assert.equal(calls.length, 0);
		f = await h.press(':', ...'pause demo_api_1', KEY.enter);
		assert.match(f, /Pause demo_api_1\?/);
		await h.press('y');
		assert.deepEqual(calls, [{cmd: 'pause', names: ['demo_api_1']}]);
	});

	it(':unpause on a paused container unpauses it; :pause on it does nothing', async () => {
		const {calls, runner} = recorder();
		const recs = demoRecords().map((c) => (c.name === 'demo_db_1' ? {...c, state: 'paused' as const} : c));
		h = await mount(storeWith(recs), {services: {actions: runner}});
		let f = await h.press(':', ...'pause demo_db_1', KEY.enter);
		assert.match(f, /Nothing to pause: demo_db_1 is running|Nothing to pause/);
		assert.equal(calls.length, 0);
		f = await h.press(':', ...'unpause demo_db_1', KEY.enter);
		assert.match(f, /Unpause demo_db_1\?/);
		await h.press('y');
		assert.deepEqual(calls, [{cmd: 'pause', names: ['demo_db_1']}]);
	});
});
