/** Issue 15 — seeing enough: position in long lists, Tab cycling in `:`, E for a shell. */
import assert from 'node:assert/strict';
import {afterEach, describe, it} from 'node:test';
import type {ContainerRecord} from '../../source/model/container.js';
import {record} from '../helpers/records.js';
import chalk from 'chalk';
import {makeTheme} from '../../source/ui/theme.js';
import {plain} from '../helpers/frame.js';
import {demoRecords, sample} from './fixtures.js';
import {KEY, mount, NOW, storeWith, type Harness} from './harness.js';

let h: Harness | null = null;
afterEach(() => {
	h?.unmount();
	h = null;
});

const many = (n: number): ContainerRecord[] =>
	Array.from({length: n}, (_, i) => record({id: `m${i}x`.padEnd(64, '0'), name: `svc-${String(i + 1).padStart(2, '0')}`, ports: [{host_ip: '127.0.0.1', host_port: 20000 + i, container_port: 80, protocol: 'tcp'}]}));

describe('seeing enough', () => {
	it('a list longer than the screen shows where the cursor is ("12/85")', async () => {
		h = await mount(storeWith(many(40)), {columns: 80, rows: 24});
		let f = h.frame();
		// the standalone project row, then 40 containers
		assert.match(f.split('\n')[2]!, /NAME▲\s+1\/41/);
		f = await h.press('G');
		assert.match(f.split('\n')[2]!, /NAME▲\s+41\/41/);
		f = await h.press('3');
		assert.match(f.split('\n')[2]!, /CONTAINER\s+1\/40/);
		// a list that fits shows none
		h.unmount();
		h = await mount(storeWith(demoRecords()), {columns: 80, rows: 24});
		assert.doesNotMatch(h.frame().split('\n')[2]!, /\d+\/\d+/);
	});

	it('Tab in : shows the candidates and cycles through them', async () => {
		h = await mount(storeWith(demoRecords()));
		let f = await h.press(':', ...'restart demo_wo', KEY.tab);
		assert.match(f, /:restart demo_worker_/);
		assert.match(f, /2 matches: demo_worker_1 demo_worker_2/);
		f = await h.press(KEY.tab);
		assert.match(f, /:restart demo_worker_1 /);
		assert.match(f, /\[demo_worker_1\] demo_worker_2/);
		f = await h.press(KEY.tab);
		assert.match(f, /:restart demo_worker_2 /);
		f = await h.press(KEY.tab);
		assert.match(f, /:restart demo_worker_1 /);
		// typing ends the cycle: a unique word completes as before
		f = await h.press(KEY.esc, ':', ...'rest', KEY.tab);
		assert.match(f, /:restart /);
	});

	it('E opens a shell as e does (lazydocker habit)', async () => {
		const opened: string[] = [];
		h = await mount(storeWith(demoRecords()), {services: {exec: (c: ContainerRecord) => void opened.push(c.name)}});
		await h.press('j', 'j', 'E');
		assert.deepEqual(opened, ['demo_api_1']);
	});

	it('inspect wraps long lines instead of cutting them, and scrolls to the very end', async () => {
		const store = storeWith(demoRecords());
		const tail = 'END-OF-THE-LONG-VALUE';
		const long = `  Cmd: ${'x'.repeat(150)}${tail}`;
		const text = ['Id: abc', long, ...Array.from({length: 30}, (_, i) => `  Key${i}: value${i}`), `  Last: ${'y'.repeat(170)}LAST-TAIL`].join('\n');
		store.dispatch({type: 'ui/cursor', key: `c:${'api'.padEnd(64, '0')}`});
		h = await mount(store, {columns: 80, rows: 24});
		await h.press('6');
		store.dispatch({type: 'inspect/set', inspect: {id: 'api'.padEnd(64, '0'), text, error: null}});
		let f = await h.press();
		assert.ok(f.replace(/\n↳ /g, '').includes(tail), f);
		assert.match(f, /↳ /);
		for (const line of f.split('\n')) assert.ok([...line].length <= 80, line);
		f = await h.press('G');
		assert.ok(f.replace(/\n↳ /g, '').includes('LAST-TAIL'), f);
		assert.match(f, /lines \d+–33 of 33/);
	});

	it('the selection is one continuous bar across the row, on an unhealthy row too', async () => {
		const level = chalk.level;
		chalk.level = 3;
		try {
			h = await mount(storeWith(demoRecords()), {columns: 100, rows: 24, theme: makeTheme(true)});
			// the metrics row (unhealthy), and its service row
			for (const moves of [['j', 'j', 'j', 'j', 'j', 'j'], ['k']]) {
				await h.press(...moves);
				const raw: string[] = h.stdout.lastFrame().split('\n').slice(3);
				const sel: string = raw.find((l) => l.includes('\x1b[7m'))!;
				assert.ok(sel, 'a selected row');
				const inside: string = sel.slice(sel.indexOf('\x1b[7m'), sel.lastIndexOf('\x1b[27m'));
				assert.doesNotMatch(inside, /\x1b\[(3[0-7]|9[0-7]|4[0-7]|38;|48;)/, `no colour inside the bar: ${JSON.stringify(sel)}`);
				assert.equal([...plain(inside)].length, 100, 'the bar reaches the right edge');
			}
		} finally {
			chalk.level = level;
		}
	});

	it('CPU cells say why there is no number: wait (no sample yet), stale (none for 3 s)', async () => {
		const store = storeWith(demoRecords());
		h = await mount(store, {columns: 100, rows: 24});
		let f = h.frame();
		const row = (name: string) => f.split('\n').find((l) => l.includes(name))!;
		assert.match(row('demo_api_1'), /\swait\s/);
		assert.doesNotMatch(f, /…\s+1h/);
		store.dispatch({type: 'stats/batch', samples: {['api'.padEnd(64, '0')]: sample({at: NOW - 10_000}), ['db'.padEnd(64, '0')]: sample({at: NOW})}});
		f = await h.press();
		assert.match(row('demo_api_1'), /\sstale\s/);
		assert.match(row('demo_db_1'), /\s13%\s/);
		// an exited container has no CPU cell at all
		assert.doesNotMatch(row('lonely'), /wait|stale/);
	});
});
