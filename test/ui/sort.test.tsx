/**
 * Sorting, every column (table-driven): the arrow in the header, the order of the rows and the
 * words agree. ▲ = ascending = the smallest value of the column first; ▼ = descending = the
 * largest first; a row with no value in the column comes last either way. `:sort COL` without a
 * direction: cpu and mem descending (busiest first, ▼), the other columns ascending (▲).
 */
import assert from 'node:assert/strict';
import {afterEach, describe, it} from 'node:test';
import type {ContainerRecord} from '../../source/model/container.js';
import {SORT_COLUMNS, type SortColumn} from '../../source/state/types.js';
import {defaultDesc, sortTree} from '../../source/state/view/sort.js';
import {buildTree} from '../../source/core/tree.js';
import {record} from '../helpers/records.js';
import {sample} from './fixtures.js';
import {KEY, mount, storeWith, type Harness} from './harness.js';

type Rank = 'small' | 'mid' | 'large' | 'none';
const MiB = 1024 * 1024;
const port = (p: number) => [{host_ip: '127.0.0.1', host_port: p, container_port: 80, protocol: 'tcp' as const}];

/** For each column: a container whose value in that column is small, mid, large, or absent (null: every row has one). */
const TABLE: Record<SortColumn, {make: (r: Exclude<Rank, 'none'>) => Partial<ContainerRecord>; none: Partial<ContainerRecord> | null; cpu?: Record<Rank, number>; mem?: Record<Rank, number>}> = {
	name: {make: () => ({}), none: null},
	state: {make: (r) => ({state: r === 'small' ? 'created' : r === 'mid' ? 'exited' : 'running', exit_code: r === 'mid' ? 0 : null}), none: null},
	health: {make: (r) => ({health: r === 'small' ? 'healthy' : r === 'mid' ? 'starting' : 'unhealthy'}), none: {health: 'none'}},
	cpu: {make: () => ({}), none: {state: 'exited', exit_code: 0}, cpu: {small: 1, mid: 20, large: 90, none: 0}},
	mem: {make: () => ({}), none: {state: 'exited', exit_code: 0}, mem: {small: 10 * MiB, mid: 100 * MiB, large: 500 * MiB, none: 0}},
	ports: {make: (r) => ({ports: port(r === 'small' ? 80 : r === 'mid' ? 8080 : 30000)}), none: {ports: []}},
	image: {make: (r) => ({image: r === 'small' ? 'alpine:3' : r === 'mid' ? 'nginx:1' : 'redis:7'}), none: null},
	// uptime: the later the start, the shorter the uptime
	uptime: {make: (r) => ({started_at: r === 'small' ? '2026-01-01T00:50:00Z' : r === 'mid' ? '2026-01-01T00:30:00Z' : '2026-01-01T00:00:00Z'}), none: {state: 'exited', exit_code: 0}},
};

// names run against the values (large is "a…"), so a sort that fell back to names would show
const NAME: Record<Rank, string> = {large: 'a-large', mid: 'b-mid', small: 'c-small', none: 'd-none'};

function records(col: SortColumn): ContainerRecord[] {
	const t = TABLE[col];
	const ranks: Rank[] = t.none ? ['small', 'mid', 'large', 'none'] : ['small', 'mid', 'large'];
	return ranks.map((r) =>
		record({
			id: `${col}${r}`.padEnd(64, '0'),
			// for the name column the names carry the order themselves
			name: col === 'name' ? {small: 'alpha', mid: 'mike', large: 'zulu', none: ''}[r] : NAME[r],
			...(r === 'none' ? t.none! : t.make(r)),
		}),
	);
}

const statsFor = (col: SortColumn) => {
	const t = TABLE[col];
	const out: Record<string, ReturnType<typeof sample>> = {};
	for (const r of ['small', 'mid', 'large'] as const) out[`${col}${r}`.padEnd(64, '0')] = sample({cpu: t.cpu?.[r] ?? 5, memUsed: t.mem?.[r] ?? 5 * MiB});
	return out;
};

const rank = (col: SortColumn, name: string): Rank => (col === 'name' ? ({alpha: 'small', mike: 'mid', zulu: 'large'} as Record<string, Rank>)[name]! : (Object.entries(NAME).find(([, n]) => n === name)![0] as Rank));

let h: Harness | null = null;
afterEach(() => {
	h?.unmount();
	h = null;
});

describe('sorting: arrow, order and words agree for every column', () => {
	for (const col of SORT_COLUMNS) {
		const withNone = TABLE[col].none !== null;
		const asc: Rank[] = ['small', 'mid', 'large', ...(withNone ? (['none'] as Rank[]) : [])];
		const desc: Rank[] = ['large', 'mid', 'small', ...(withNone ? (['none'] as Rank[]) : [])];

		it(`${col}: sortTree ▲ smallest first, ▼ largest first${withNone ? ', no value last both ways' : ''}`, () => {
			const stats = Object.fromEntries(Object.entries(statsFor(col)).map(([id, s]) => [id, {last: s, cpu: [s.cpu ?? 0], mem: [s.memUsed]}]));
			const order = (d: boolean) => sortTree(buildTree(records(col)), col, d, stats).flatMap((p) => p.loose.map((c) => rank(col, c.name)));
			assert.deepEqual(order(false), asc);
			assert.deepEqual(order(true), desc);
		});

		it(`${col}: on screen — ":sort ${col} asc" shows ▲ and that order, "desc" ▼ and the reverse, no direction ${defaultDesc(col) ? '▼' : '▲'}`, async () => {
			const store = storeWith(records(col));
			store.dispatch({type: 'stats/batch', samples: statsFor(col)});
			h = await mount(store, {columns: 200, rows: 30});
			const rowsOnScreen = (f: string) =>
				f
					.split('\n')
					.map((l) => /\b(a-large|b-mid|c-small|d-none|alpha|mike|zulu)\b/.exec(l)?.[1])
					.filter((n): n is string => Boolean(n))
					.map((n) => rank(col, n));
			const title = col === 'uptime' ? 'UPTIM' : col.toUpperCase();
			const sortBy = (words: string) => h!.press(':', ...`sort ${words}`.split(''), KEY.enter);
			let f = await sortBy(`${col} asc`);
			assert.match(f, new RegExp(`${title}▲`));
			assert.deepEqual(rowsOnScreen(f), asc);
			f = await sortBy(`${col} desc`);
			assert.match(f, new RegExp(`${title}▼`));
			assert.deepEqual(rowsOnScreen(f), desc);
			f = await sortBy(col);
			assert.match(f, new RegExp(`${title}${defaultDesc(col) ? '▼' : '▲'}`));
			assert.deepEqual(rowsOnScreen(f), defaultDesc(col) ? desc : asc);
			// O turns it round, and the arrow with it
			f = await h.press('O');
			assert.match(f, new RegExp(`${title}${defaultDesc(col) ? '▲' : '▼'}`));
			assert.deepEqual(rowsOnScreen(f), defaultDesc(col) ? asc : desc);
		});
	}

	it('`:sort cpu` puts the busiest first under ▼ (the issue\'s case)', async () => {
		const store = storeWith(records('cpu'));
		store.dispatch({type: 'stats/batch', samples: statsFor('cpu')});
		h = await mount(store, {columns: 200, rows: 30});
		const f = await h.press(':', ...'sort cpu'.split(''), KEY.enter);
		assert.match(f, /CPU▼/);
		assert.ok(f.indexOf('a-large') < f.indexOf('b-mid') && f.indexOf('b-mid') < f.indexOf('c-small'), f);
	});
});
