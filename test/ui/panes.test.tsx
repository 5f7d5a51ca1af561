/** Each pane rendered from a filled store, driven by keys: groups, ports, logs, stats, inspect, doctor, help. */
import assert from 'node:assert/strict';
import {afterEach, describe, it} from 'node:test';
import type {LogLineView} from '../../source/state/types.js';
import {demoRecords, sample} from './fixtures.js';
import {KEY, mount, NOW, storeWith, tick, type Harness} from './harness.js';

let h: Harness | null = null;
afterEach(() => {
	h?.unmount();
	h = null;
});

const logLine = (seq: number, text: string, source = 'demo_api_1', sourceIndex = 0): LogLineView => ({
	seq,
	ts: `2026-01-01T00:59:${String(seq % 60).padStart(2, '0')}.123456789Z`,
	text,
	stream: 'stdout',
	source,
	sourceIndex,
});

describe('panes', () => {
	it('Tab and 1–7 switch panes; the tab bar shows the active one', async () => {
		const store = storeWith(demoRecords());
		h = await mount(store);
		for (const [key, pane] of [['2', 'groups'], ['3', 'ports'], ['4', 'logs'], ['5', 'stats'], ['6', 'inspect'], ['7', 'doctor'], ['1', 'containers']] as const) {
			await h.press(key);
			assert.equal(store.getState().ui.pane, pane);
		}
		await h.press(KEY.tab);
		assert.equal(store.getState().ui.pane, 'groups');
		await h.press('\x1b[Z');
		assert.equal(store.getState().ui.pane, 'containers');
		await h.press('4', KEY.esc);
		assert.equal(store.getState().ui.pane, 'containers');
	});

	it('groups: foundation → support then compose projects, with counts and CPU/memory totals', async () => {
		const store = storeWith(demoRecords());
		store.dispatch({type: 'stats/batch', samples: {['worker1'.padEnd(64, '0')]: sample({cpu: 2, memUsed: 10 * 1024 * 1024}), ['worker2'.padEnd(64, '0')]: sample({cpu: 3, memUsed: 20 * 1024 * 1024})}});
		h = await mount(store);
		const f = await h.press('2');
		const lines = f.split('\n');
		const at = (name: string) => lines.find((l) => l.includes(name)) ?? '';
		assert.ok(f.indexOf('foundation') < f.indexOf('core') && f.indexOf('core') < f.indexOf('application') && f.indexOf('application') < f.indexOf('support'));
		assert.match(at('◆ foundation'), /1\/1\s+0/);
		// application: web, two workers, and the standalone container (default group)
		assert.match(at('◆ application'), /3\/4\s+0\s+5\.0%\s+30MiB/);
		assert.match(at('◆ support'), /1\/1\s+1/);
		assert.match(at('▣ demo (compose)'), /6\/6\s+1/);
		// enter on a group shows its containers in the containers pane (as a filter)
		await h.press('j');
		const g = await h.press(KEY.enter);
		assert.equal(store.getState().ui.pane, 'containers');
		assert.match(g, /demo_api_1/);
		assert.doesNotMatch(g, /demo_db_1/);
	});

	it('ports: every published port, conflicts highlighted', async () => {
		const recs = demoRecords();
		recs[6] = {...recs[6]!, state: 'running', ports: [{host_ip: '0.0.0.0', host_port: 18180, container_port: 80, protocol: 'tcp'}]};
		h = await mount(storeWith(recs));
		const f = await h.press('3');
		assert.match(f, /127\.0\.0\.1\s+18181\s+8080\s+tcp\s+demo_api_1/);
		assert.match(f, /⚠ 127\.0\.0\.1\s+18180\s+8080\s+tcp\s+demo_web_1/);
		assert.match(f, /⚠ 0\.0\.0\.0\s+18180\s+80\s+tcp\s+lonely/);
		assert.match(f, /2 in conflict/);
	});

	it('logs: merged replicas prefixed, search highlight with n/N, filter, timestamps, wrap, pause on scroll', async () => {
		const store = storeWith(demoRecords());
		const lines = Array.from({length: 40}, (_, i) => logLine(i + 1, `${i % 5 === 0 ? 'ERROR' : 'info'} line ${i + 1}`, i % 2 ? 'worker_2' : 'worker_1', i % 2));
		store.dispatch({type: 'ui/subject', key: 's:demo/worker'});
		store.dispatch({type: 'logs/set', logs: {subject: 's:demo/worker', lines, dropped: 7, sources: 2, error: null}});
		store.dispatch({type: 'ui/pane', pane: 'logs'});
		h = await mount(store);
		let f = h.frame();
		assert.match(f, /logs · service demo\/worker \(2\) following · 40 lines · 7 dropped/);
		assert.match(f, /worker_2 │ info line 40/);
		assert.match(f, /worker_1 │ info line 39/);
		f = await h.press('k', 'k');
		assert.match(f, /paused \(G follows\)/);
		assert.doesNotMatch(f, /line 40/);
		f = await h.press('G');
		assert.match(f, /following/);
		f = await h.press('/', 'E', 'R', 'R', KEY.enter);
		assert.match(f, /search "ERR" 8\/8/);
		f = await h.press('n');
		assert.match(f, /search "ERR" 7\/8/);
		f = await h.press('N');
		assert.match(f, /8\/8/);
		f = await h.press('f', 'E', 'R', 'R', 'O', 'R', KEY.enter);
		assert.match(f, /8\/40 lines/);
		assert.doesNotMatch(f, /info line/);
		f = await h.press('t');
		assert.match(f, /00:59:36\.123 worker_2 │ ERROR line 36/);
		f = await h.press(KEY.esc);
		assert.match(f, /info line 40/);
	});

	it('logs: wrap splits a long line over rows; off truncates it', async () => {
		const store = storeWith(demoRecords());
		store.dispatch({type: 'logs/set', logs: {subject: 'c:x', lines: [logLine(1, 'a'.repeat(150) + 'END')], dropped: 0, sources: 1, error: null}});
		store.dispatch({type: 'ui/pane', pane: 'logs'});
		h = await mount(store);
		assert.doesNotMatch(h.frame(), /END/);
		const f = await h.press('w');
		assert.match(f, /aEND/);
	});

	it('stats: one container with sparklines, usage/limit, network, block I/O; stale when old', async () => {
		const store = storeWith(demoRecords());
		const id = 'api'.padEnd(64, '0');
		for (let i = 0; i < 10; i++) store.dispatch({type: 'stats/batch', samples: {[id]: sample({cpu: i * 10, at: NOW - 1000})}});
		store.dispatch({type: 'host/sample', host: {at: NOW, cpu: 25, cpus: 4, memUsed: 2 * 1024 ** 3, memTotal: 8 * 1024 ** 3, diskUsed: 10 * 1024 ** 3, diskSize: 100 * 1024 ** 3}});
		store.dispatch({type: 'ui/cursor', key: `c:${id}`});
		h = await mount(store);
		let f = await h.press('5');
		assert.match(f, /stats · container demo_api_1 · sample 1\.0s ago · 10 samples/);
				assert.match(f, /▁▆████████ +██████████\n/, 'CPU and memory charts side by side, newest right');
		assert.match(f, /CPU\s+90%\s+of 2 cpu\s+\(scale 0–200%\)\s+MEM/);
		assert.match(f, /MEM\s+50MiB \/ 1\.0GiB \(4\.9%\)/);
		assert.match(f, /NET\s+rx 1\.0KiB · tx 2\.0KiB\s+BLOCK read 0B · write 4\.0KiB · PIDS 3/);
		assert.match(f, /host cpu 25% of 4 · mem 2\.0GiB\/8\.0GiB · disk \/ 10GiB\/100GiB/);
		store.dispatch({type: 'stats/batch', samples: {[id]: sample({at: NOW - 5000})}});
		f = await h.press();
		assert.match(f, /STALE sample 5\.0s ago/);
		// 80 columns: the charts stack; 12 rows: sparklines instead
		f = await h.resize(80, 30);
		assert.ok(f.split('\n').findIndex((l) => l.startsWith('MEM')) > f.split('\n').findIndex((l) => l.startsWith('CPU')) + 3, 'stacked');
		f = await h.resize(80, 12);
		assert.match(f, /CPU\s+\S+%\s+of 2 cpu\s+[▁-█]+/);
	});

	it('inspect: YAML, scroll with j/k, search with / and n', async () => {
		const store = storeWith(demoRecords());
		const text = ['Id: abc', 'State:', '  Status: running', ...Array.from({length: 40}, (_, i) => `  Key${i}: value${i}`), 'HostConfig:', '  NetworkMode: bridge'].join('\n');
		store.dispatch({type: 'ui/cursor', key: `c:${'api'.padEnd(64, '0')}`});
		h = await mount(store);
		await h.press('6');
		store.dispatch({type: 'inspect/set', inspect: {id: 'api'.padEnd(64, '0'), text, error: null}});
		let f = await h.press();
		assert.match(f, /inspect · container demo_api_1 · lines 1–\d+ of 45/);
		assert.match(f, /Status: running/);
		f = await h.press('j', 'j', 'j');
		assert.match(f, /lines 4–/);
		f = await h.press('/', 'N', 'e', 't', 'w', KEY.enter);
		assert.match(f, /NetworkMode: bridge/);
		assert.match(f, /"Netw" 1 hits/);
	});

	it('doctor: findings with their fix; no engine says so', async () => {
		const store = storeWith(demoRecords());
		h = await mount(store);
		let f = await h.press('7');
		assert.match(f, /doctor · project demo/);
		assert.match(f, /The engine is not connected/);
		store.dispatch({
			type: 'doctor/set',
			doctor: {subject: 'p:demo', running: false, at: NOW, error: null, findings: [{container: 'demo_metrics_1', service: 'metrics', code: 'unhealthy', severity: 'error', message: 'demo_metrics_1 is unhealthy', fix: 'Run the check by hand'}]},
		});
		f = await h.press();
		assert.match(f, /✖ demo_metrics_1 \[unhealthy\] demo_metrics_1 is unhealthy/);
		assert.match(f, /→ Run the check by hand/);
		assert.match(f, /1 finding/);
	});

	it('? shows the keys of this pane from the keymap; esc closes', async () => {
		h = await mount(storeWith(demoRecords()), {columns: 80, rows: 24});
		let f = await h.press('?');
		assert.match(f, /berth — keys/);
		assert.match(f, /Containers/);
		assert.match(f, /Mark \/ unmark/);
		assert.ok(f.split('\n').length <= 23);
		f = await h.press('G');
		assert.match(f, /Confirm dialog|Yes, do it/);
		f = await h.press(KEY.esc);
		assert.doesNotMatch(f, /berth — keys/);
	});

	it('q quits', async () => {
		h = await mount(storeWith(demoRecords()));
		await h.press('q');
		await tick();
		assert.equal(h.quit.called, 1);
	});
});
