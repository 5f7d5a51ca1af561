/**
 * Issue 15 — a cell without a figure says why, in words a user understands; the stats pane and the
 * help say where the figures come from (cgroup files or the engine API).
 */
import assert from 'node:assert/strict';
import {afterEach, describe, it} from 'node:test';
import {MAX_STATS_STREAMS} from '../../source/state/follow.js';
import {whyNoFigure} from '../../source/ui/panes/StatsPane.js';
import {demoRecords, sample} from './fixtures.js';
import {mount, NOW, storeWith, type Harness} from './harness.js';

let h: Harness | null = null;
afterEach(() => {
	h?.unmount();
	h = null;
});

const id = (s: string) => s.padEnd(64, '0');

describe('stats: why a cell has no figure, and where the figures come from', () => {
	it('the stats pane of a project: waiting, CPU after the second sample, stale, each in words; the source in the title', async () => {
		const store = storeWith(demoRecords());
		store.dispatch({type: 'stats/source', source: 'cgroup'});
		store.dispatch({
			type: 'stats/batch',
			samples: {
				[id('db')]: sample({at: NOW}),
				[id('api')]: sample({at: NOW, cpu: null}),
				[id('web')]: sample({at: NOW - 10_000}),
			},
		});
		store.dispatch({type: 'ui/cursor', key: 'p:demo'});
		h = await mount(store, {columns: 120, rows: 30});
		const f = await h.press('5');
		const row = (name: string) => f.split('\n').find((l) => l.includes(name)) ?? '';
		assert.match(f, /stats · project demo \(6\) · from cgroup files/);
		assert.match(row('demo_db_1'), /demo_db_1\s+13%/);
		assert.doesNotMatch(row('demo_db_1'), /wait|stale|sample/);
		assert.match(row('demo_api_1'), /demo_api_1\s+wait\s+CPU after the second sample/);
		assert.match(row('demo_web_1'), /demo_web_1\s+stale\s+no sample for 10s: the stream stalled or ended/);
		assert.match(row('demo_worker_1'), /demo_worker_1\s+wait\s+waiting for the first sample/);
		for (const l of f.split('\n').filter((l) => l.startsWith('demo_'))) assert.doesNotMatch(l, /…|\?/, `no bare ellipsis or question mark stands for a missing figure: ${l}`);
	});

	it('the engine API as the source: the title says so; one container waiting says what it waits for', async () => {
		const store = storeWith(demoRecords());
		store.dispatch({type: 'stats/source', source: 'api'});
		store.dispatch({type: 'ui/cursor', key: `c:${id('api')}`});
		h = await mount(store, {columns: 120, rows: 30});
		let f = await h.press('5');
		assert.match(f, /stats · container demo_api_1 · from engine API/);
		assert.match(f, /Waiting for the first sample of demo_api_1… \(CPU needs two samples, a second apart\)/);
		store.dispatch({type: 'stats/batch', samples: {[id('api')]: sample({at: NOW, cpu: null})}});
		f = await h.press();
		assert.match(f, /CPU\s+wait of 2 cpu · CPU after the second sample/);
	});

	it('help names the source of this session', async () => {
		const store = storeWith(demoRecords());
		store.dispatch({type: 'stats/source', source: 'cgroup'});
		h = await mount(store, {columns: 100, rows: 60});
		const f = await h.press('?');
		assert.match(f, /stats from the cgroup files \(BERTH_STATS=api\|cgroup chooses\)/);
	});

	it('the list: a first sample without CPU reads `wait`, not `…`', async () => {
		const store = storeWith(demoRecords());
		store.dispatch({type: 'stats/batch', samples: {[id('api')]: sample({at: NOW, cpu: null})}});
		h = await mount(store, {columns: 100, rows: 24});
		const row = h.frame().split('\n').find((l) => l.includes('demo_api_1'))!;
		assert.match(row, /\swait\s+50MiB\s/);
	});

	it('over the stream limit: "not sampled", with the limit', () => {
		assert.equal(whyNoFigure(undefined, false, NOW), `not sampled: only the first ${MAX_STATS_STREAMS} running containers are`);
		assert.equal(whyNoFigure(undefined, true, NOW), 'waiting for the first sample');
		assert.equal(whyNoFigure({last: sample({at: NOW}), cpu: [], mem: []}, true, NOW), null);
	});
});
