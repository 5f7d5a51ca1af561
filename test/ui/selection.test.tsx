/** One selection: what the tab bar names is what an action key hits, on every pane (ports included). */
import assert from 'node:assert/strict';
import {afterEach, describe, it} from 'node:test';
import type {ContainerRecord} from '../../source/model/container.js';
import type {ActionRunner, ContainerActionId} from '../../source/state/effects/actions.js';
import {demoRecords} from './fixtures.js';
import {mount, storeWith, type Harness} from './harness.js';

let h: Harness | null = null;
afterEach(() => {
	h?.unmount();
	h = null;
});

describe('the selection', () => {
	it('ports pane: the tab names the port\'s container, and r restarts that one', async () => {
		const calls: Array<{cmd: ContainerActionId; names: string[]}> = [];
		const runner: ActionRunner = {busy: () => false, run: async (cmd, targets: ContainerRecord[]) => (calls.push({cmd, names: targets.map((t) => t.name)}), true)};
		h = await mount(storeWith(demoRecords()), {services: {actions: runner}});
		let f = await h.press('3');
		// the first port row: demo_web_1 (127.0.0.1:18180)
		assert.match(f, /Doctor\b.*container demo_web_1/);
		f = await h.press('j');
		assert.match(f, /Doctor\b.*container demo_api_1/);
		f = await h.press('r');
		assert.match(f, /Restart demo_api_1\?/);
		await h.press('y');
		assert.deepEqual(calls, [{cmd: 'restart', names: ['demo_api_1']}]);
		// the logs pane shows what was selected last
		f = await h.press('4');
		assert.match(f, /logs · container demo_api_1/);
	});
});
