/** Issue 15 — the first ten minutes at 80×24: names, tabs, footer, a terminal too small. */
import assert from 'node:assert/strict';
import {afterEach, describe, it} from 'node:test';
import type {ContainerRecord} from '../../source/model/container.js';
import {record} from '../helpers/records.js';
import {elideMiddle} from '../../source/ui/names.js';
import {KEY} from './harness.js';
import {mount, storeWith, type Harness} from './harness.js';

let h: Harness | null = null;
afterEach(() => {
	h?.unmount();
	h = null;
});

const svc = (service: string, n: number, over: Partial<ContainerRecord> = {}) =>
	record({
		id: `${service}${n}`.padEnd(64, '0'),
		name: `berth-demo_${service}_${n}`,
		project: 'berth-demo',
		service,
		labels: {'com.docker.compose.project': 'berth-demo', 'com.docker.compose.service': service},
		started_at: '2026-01-01T00:00:00Z',
		...over,
	});

export const demo = () => [svc('worker', 1), svc('worker', 2), svc('metrics', 1), svc('web', 1), svc('db', 1)];

describe('at 80×24', () => {
	it('replica names stay distinguishable under their project', async () => {
		h = await mount(storeWith(demo()), {columns: 80, rows: 24});
		const f = h.frame();
		assert.match(f, /worker_1/);
		assert.match(f, /worker_2/);
		assert.match(f, /metrics_1/);
	});

	it('a long name is cut in the middle: the replica number stays', () => {
		const a = elideMiddle('a-very-long-compose-project-name_worker_11', 16);
		const b = elideMiddle('a-very-long-compose-project-name_worker_12', 16);
		assert.equal(a.length, 16);
		assert.notEqual(a, b);
		assert.match(a, /…/);
		assert.match(a, /_11$/);
	});

	it('tab labels read whole words and the footer keeps ? help and q quit', async () => {
		h = await mount(storeWith(demo()), {columns: 80, rows: 24});
		const lines = h.frame().split('\n');
		const tabs = lines[1]!;
		assert.doesNotMatch(tabs, /Cont |Grou/, tabs);
		assert.match(tabs, /1 Containers/);
		const foot = lines.at(-1)!;
		assert.match(foot, /\? help/);
		assert.match(foot, /q quit/);
		assert.ok(foot.length <= 80, foot);
		// every pane's footer, and with a status message shown
		for (const k of ['2', '3', '4', '5', '6', '7']) {
			const f = (await h.press(k)).split('\n').at(-1)!;
			assert.match(f, /\? help/, `pane ${k}: ${f}`);
			assert.match(f, /q quit/, `pane ${k}: ${f}`);
			assert.match((await h.press(k)).split('\n')[1]!, /\d [A-Z][a-z]+ /);
		}
		await h.press('1', ':', ...'nosuchcommand', KEY.enter);
		const f = h.frame().split('\n').at(-1)!;
		assert.match(f, /Unknown command/);
		assert.match(f, /\? help/);
		assert.match(f, /q quit/);
	});

	it('below 40×12 it says the terminal is too small, and q still quits', async () => {
		h = await mount(storeWith(demo()), {columns: 30, rows: 24});
		assert.match(h.frame().replace(/\s+/g, ' '), /terminal too small \(30×24, needs 40×12\)/);
		assert.doesNotMatch(h.frame(), /worker/);
		let f = await h.resize(80, 10);
		assert.match(f.replace(/\s+/g, ' '), /terminal too small \(80×10, needs 40×12\)/);
		f = await h.resize(80, 24);
		assert.match(f, /worker_1/);
		await h.resize(20, 5);
		for (const line of h.frame().split('\n')) assert.ok(line.length <= 20, JSON.stringify(line));
		await h.press('q');
		assert.equal(h.quit.called, 1);
	});
});
