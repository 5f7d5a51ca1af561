/**
 * Stats for what is visible, fast: 85 running containers on the real engine, the dashboard's own
 * effects (sync, follow, stats manager) driven through the state as the screen drives them
 * (view/set: the rows on screen and the first one shown). On start, and after a page down, every
 * visible running row must get its first CPU figure within a bound, on both sources (the cgroup
 * files and the engine's API streams).
 */
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {watchStatsAuto} from '../../source/engine/cgroup-stats.js';
import {startEffects} from '../../source/state/effects/index.js';
import {initialState, reducer} from '../../source/state/reducer.js';
import {selectRows} from '../../source/state/selectors.js';
import {createStore} from '../../source/state/store.js';
import type {State} from '../../source/state/types.js';
import {cleanup, dockerAsync, IMAGE, RUN_ID, TEST_LABEL, waitFor} from '../helpers/engine.js';

const N = 85;
const ROWS = 40;
const prefix = `bt-firstmin-vis-${process.pid}-`;

/** The running container rows on screen and whether each has a CPU figure (not `wait`, not `…`). */
function visible(state: State): {ids: string[]; missing: string[]} {
	const {listOffset, listRows} = state.view;
	const ids: string[] = [];
	const missing: string[] = [];
	for (const r of selectRows(state).slice(listOffset, listOffset + listRows)) {
		if (r.kind !== 'container' || r.container.state !== 'running') continue;
		ids.push(r.container.id);
		const s = state.stats[r.container.id];
		if (!s || s.last.cpu === null) missing.push(r.container.name);
	}
	return {ids, missing};
}

async function firstFigures(store: ReturnType<typeof createStore<State, Parameters<typeof reducer>[1]>>, what: string, timeoutMs: number): Promise<number> {
	const t0 = Date.now();
	await waitFor(
		() => {
			const v = visible(store.getState());
			return v.ids.length >= 20 && v.missing.length === 0;
		},
		`${what}: every visible running row with a CPU figure (missing: ${visible(store.getState()).missing.slice(0, 5).join(', ')})`,
		timeoutMs,
		20,
	).catch((err: Error) => {
		const v = visible(store.getState());
		throw new Error(`${err.message}; still without a figure after ${Date.now() - t0} ms: ${v.missing.length} of ${v.ids.length}`);
	});
	return Date.now() - t0;
}

describe(`stats for the visible rows of ${N} containers`, () => {
	before(async () => {
		const names = Array.from({length: N}, (_, i) => `${prefix}${String(i).padStart(2, '0')}`);
		for (let i = 0; i < names.length; i += 10) {
			await Promise.all(names.slice(i, i + 10).map((n) => dockerAsync('run', '-d', '--init', '--label', `${TEST_LABEL}=${RUN_ID}`, '--name', n, IMAGE, 'sleep', '900')));
		}
	});
	after(() => cleanup());

	/** The dashboard's effects on a store filtered to this test's containers, the list's first page on screen. */
	async function dashboard(opts: Parameters<typeof startEffects>[1] = {}) {
		const store = createStore(reducer, initialState());
		const fx = startEffects(store, opts);
		await waitFor(() => store.getState().loaded && Object.values(store.getState().containers).filter((c) => c.name.startsWith(prefix) && c.state === 'running').length === N, `${N} running containers listed`, 20_000);
		store.dispatch({type: 'ui/filter', text: prefix});
		store.dispatch({type: 'view/set', view: {listRows: ROWS, listOffset: 0, preview: false}});
		return {store, fx};
	}

	it('cgroup files: on start and after a page down, every visible running row shows a CPU figure within 1.8 s (before: 2.0–2.6 s)', async () => {
		const saved = process.env['BERTH_STATS'];
		delete process.env['BERTH_STATS'];
		const {store, fx} = await dashboard();
		try {
			fx.follow();
			const start = await firstFigures(store, 'on start', 10_000);
			store.dispatch({type: 'view/set', view: {listRows: ROWS, listOffset: ROWS, preview: false}});
			const page = await firstFigures(store, 'after a page down', 10_000);
			console.log(`# cgroup: first figures for every visible row ${start} ms after start, ${page} ms after a page down`);
			assert.equal(store.getState().statsSource, 'cgroup', 'the state says where the figures come from');
			assert.ok(start <= 1800, `on start: ${start} ms`);
			assert.ok(page <= 1800, `after a page down: ${page} ms`);
		} finally {
			fx.stop();
			if (saved !== undefined) process.env['BERTH_STATS'] = saved;
		}
	});

	it('engine API: berth adds at most 400 ms to the engine\'s own delay (its second sample) before a row shows its figure', async () => {
		const saved = process.env['BERTH_STATS'];
		process.env['BERTH_STATS'] = 'api';
		// when the engine handed each stream its second sample (the first with a CPU figure)
		const second = new Map<string, number>();
		const opened = new Map<string, number>();
		const stream: typeof watchStatsAuto = (e, id, signal, onSample) => {
			opened.set(id, Date.now());
			let n = 0;
			return watchStatsAuto(e, id, signal, (raw) => {
				if (++n === 2) second.set(id, Date.now());
				onSample(raw);
			});
		};
		const {store, fx} = await dashboard({stats: {stream}});
		// when the store first held a CPU figure for each container (of its current stream)
		const shown = new Map<string, number>();
		store.subscribe(() => {
			for (const [id, s] of Object.entries(store.getState().stats)) if (s.last.cpu !== null && second.has(id) && !shown.has(id)) shown.set(id, Date.now());
		});
		const phase = async (what: string, at: number) => {
			const total = await firstFigures(store, what, 15_000);
			const ids = visible(store.getState()).ids;
			const late = ids.map((id) => ({id, open: opened.get(id)! - at, added: shown.get(id)! - second.get(id)!})).sort((a, b) => b.added - a.added);
			const worstOpen = Math.max(...late.map((l) => l.open));
			console.log(`# api, ${what}: every visible row's figure after ${total} ms; streams opened within ${worstOpen} ms; berth's added delay at most ${late[0]!.added} ms`);
			assert.ok(worstOpen <= 240, `${what}: every visible row's stream opened at once (the last after ${worstOpen} ms; the old rest was 250 ms)`);
			assert.ok(late[0]!.added <= 400, `${what}: ${late[0]!.id.slice(0, 12)}'s figure reached the store ${late[0]!.added} ms after the engine sent it`);
		};
		try {
			const t0 = Date.now();
			fx.follow();
			await phase('on start', t0);
			second.clear();
			shown.clear();
			opened.clear();
			const t1 = Date.now();
			store.dispatch({type: 'view/set', view: {listRows: ROWS, listOffset: ROWS, preview: false}});
			await phase('after a page down', t1);
		} finally {
			fx.stop();
			if (saved === undefined) delete process.env['BERTH_STATS'];
			else process.env['BERTH_STATS'] = saved;
		}
	});
});
