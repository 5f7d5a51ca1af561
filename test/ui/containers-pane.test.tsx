/** The containers pane: tree rows with CPU/MEM, filter, sort, marks, folding, 80×24 fit and resize. */
import assert from 'node:assert/strict';
import {afterEach, describe, it} from 'node:test';
import {demoRecords, sample} from './fixtures.js';
import {record} from '../helpers/records.js';
import type {StatsManager} from '../../source/state/effects/stats.js';
import type {LogManager} from '../../source/state/effects/logs.js';
import {KEY, mount, storeWith, type Harness} from './harness.js';

let h: Harness | null = null;
afterEach(() => {
	h?.unmount();
	h = null;
});

const line = (frame: string, text: string) => frame.split('\n').slice(2).find((l) => l.includes(text)) ?? '';

describe('containers pane', () => {
	it('lists project → service → containers with state, health, ports, CPU and memory', async () => {
		const store = storeWith(demoRecords());
		store.dispatch({type: 'stats/batch', samples: {['worker1'.padEnd(64, '0')]: sample({cpu: 7.5, memUsed: 50 * 1024 * 1024})}});
		h = await mount(store);
		const f = h.frame();
		assert.match(line(f, '▾ demo'), /6\/6 running · 1 unhealthy/);
		assert.match(line(f, 'demo_api_1'), /running\s+healthy\s+127\.0\.0\.1:18181→8080\/tcp/);
		assert.match(line(f, 'demo_worker_1'), /7\.5%\s+50MiB\s+1h/);
		assert.match(line(f, 'demo_metrics_1'), /unhealthy/);
		assert.match(line(f, 'lonely'), /exited\(1\)/);
		// the worker service row sums its replicas
		assert.match(line(f, '▾ worker'), /2\/2 running\s+7\.5%\s+50MiB/);
	});

	it('fits 80×24 (frame ≤ rows − 1, no line wider than the terminal) and re-lays out on resize', async () => {
		h = await mount(storeWith(demoRecords()), {columns: 80, rows: 24});
		let f = h.frame();
		assert.ok(f.split('\n').length <= 23, `frame has ${f.split('\n').length} lines`);
		for (const l of f.split('\n')) assert.ok([...l].length <= 80, `too wide: "${l}"`);
		assert.doesNotMatch(f, /IMAGE/);
		f = await h.resize(140, 50);
		assert.match(f, /IMAGE/);
		assert.ok(f.split('\n').length <= 49);
		for (const l of f.split('\n')) assert.ok([...l].length <= 140);
		// tall terminals get a logs preview under the list
		assert.match(f, /logs · /);
		f = await h.resize(80, 24);
		assert.doesNotMatch(f, /IMAGE/);
		assert.doesNotMatch(f, /logs · /);
	});

	it('engine lost: a banner with what to do, the frame still fits', async () => {
		const store = storeWith(demoRecords());
		h = await mount(store, {columns: 80, rows: 24});
		store.dispatch({type: 'connection/lost', where: 'unix:///test.sock', error: {code: 'unreachable', message: 'Cannot reach the engine at unix:///test.sock', hint: 'Start the daemon (systemctl start docker)'}, retryAt: Date.now() + 5000});
		const f = await h.press();
		assert.match(f, /✖ Cannot reach the engine at unix:\/\/\/test\.sock/);
		assert.match(f, /→ Start the daemon/);
		assert.match(f, /disconnected/);
		assert.ok(f.split('\n').length <= 23, `frame has ${f.split('\n').length} lines`);
		for (const l of f.split('\n')) assert.ok([...l].length <= 80, `too wide: "${l}"`);
	});

	it('/ filters by substring and by /regex/, Esc clears', async () => {
		h = await mount(storeWith(demoRecords()));
		let f = await h.press('/', 'w', 'o', 'r');
		assert.match(f, /demo_worker_1/);
		assert.doesNotMatch(f, /demo_api_1/);
		assert.match(f, /\/wor/);
		f = await h.press(KEY.enter);
		assert.match(f, /filter wor/);
		f = await h.press('/', KEY.backspace, KEY.backspace, KEY.backspace, '/', '^', 'd', 'e', 'm', 'o', '_', '(', 'a', 'p', 'i', '|', 'd', 'b', ')', '/', KEY.enter);
		assert.match(f, /demo_api_1/);
		assert.match(f, /demo_db_1/);
		assert.doesNotMatch(f, /demo_web_1/);
		f = await h.press(KEY.esc);
		assert.match(f, /demo_web_1/);
		f = await h.press('/', 'n', 'o', 'p', 'e');
		assert.match(f, /No container matches "nope"/);
	});

	it('o cycles the sort column, O reverses; cpu sorts the busiest first', async () => {
		const store = storeWith(demoRecords());
		store.dispatch({
			type: 'stats/batch',
			samples: {['worker1'.padEnd(64, '0')]: sample({cpu: 1}), ['worker2'.padEnd(64, '0')]: sample({cpu: 50})},
		});
		h = await mount(store);
		let f = await h.press('o');
		assert.match(f, /STATE▲/);
		store.dispatch({type: 'ui/sort', by: 'cpu', desc: true});
		f = await h.press();
		assert.ok(f.indexOf('demo_worker_2') < f.indexOf('demo_worker_1'), 'busiest first');
		assert.match(f, /CPU▼/);
		f = await h.press('O');
		assert.match(f, /CPU▲/);
		assert.ok(f.indexOf('demo_worker_1') < f.indexOf('demo_worker_2'));
	});

	it('space marks rows (a service row marks its replicas), x clears', async () => {
		const store = storeWith(demoRecords());
		h = await mount(store);
		// rows: demo, api, api_1, db, db_1, metrics, metrics_1, web, web_1, worker, worker_1 …
		const workerRow = 9;
		for (let i = 0; i < workerRow; i++) await h.press('j');
		let f = await h.press(KEY.space);
		assert.equal(Object.keys(store.getState().ui.marked).length, 2);
		assert.match(line(f, 'demo_worker_1'), /^● /);
		assert.match(f, /● 2 marked/);
		f = await h.press('x');
		assert.equal(Object.keys(store.getState().ui.marked).length, 0);
		assert.doesNotMatch(f, /marked/);
	});

	it('enter folds a service; h goes to the parent; enter on a container opens its logs', async () => {
		const store = storeWith(demoRecords());
		h = await mount(store);
		let f = await h.press('j', KEY.enter);
		assert.match(f, /▸ api/);
		assert.doesNotMatch(f, /demo_api_1/);
		f = await h.press('l');
		assert.match(f, /▾ api/);
		await h.press('j', 'h');
		assert.equal(store.getState().ui.cursor, 's:demo/api');
		f = await h.press('j', KEY.enter);
		assert.equal(store.getState().ui.pane, 'logs');
		assert.match(f, /logs · container demo_api_1/);
	});

	it('the standalone row shows no total and streams only its visible rows; the preview does not merge it', async () => {
		// 40 unrelated containers: a total of them means nothing, and would cost a stats stream each
		const lone = Array.from({length: 40}, (_, i) => record({id: `lone${i}x`.padEnd(64, '0'), name: `lone-${String(i).padStart(2, '0')}`}));
		const store = storeWith(lone);
		store.dispatch({type: 'stats/batch', samples: Object.fromEntries(lone.map((c) => [c.id, sample({cpu: 1, memUsed: 1024 * 1024})]))});
		const wants: string[][] = [];
		const shown: Array<string | null> = [];
		const stats: StatsManager = {want: (ids) => void wants.push([...ids]), open: () => [], stop() {}};
		const logs = {show: (subject: string | null) => void shown.push(subject), stop() {}} as unknown as LogManager;
		h = await mount(store, {columns: 140, rows: 46, services: {stats, logs}});
		const f = h.frame();
		assert.match(line(f, '▾ standalone'), /40\/40 running\s*$/);
		assert.match(line(f, 'lone-00'), /1\.0%\s+1\.0MiB/);
		assert.match(f, /Standalone containers share nothing: select one to see its logs/);
		await new Promise((r) => setTimeout(r, 400));
		const visible = f.split('\n').filter((l) => /lone-\d\d/.test(l)).length;
		assert.ok(visible > 5 && visible < 40, `${visible} rows visible`);
		assert.equal(wants.at(-1)?.length, visible, 'one stream per visible container row, none for the rest');
		assert.ok(shown.every((s) => s === null), `preview followed ${shown.join(',')}`);
		// on a container the preview follows it
		await h.press('j');
		await new Promise((r) => setTimeout(r, 300));
		assert.equal(shown.at(-1), `c:${lone[0]!.id}`);
	});
});
