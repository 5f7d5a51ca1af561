/**
 * The events pane with a given state (no engine): the feed keeps the newest events only and never
 * adds a replayed one twice; the pane follows the newest like the logs pane (moving up pauses it, G
 * follows again) and says where it is; the `/` filter (substring, /regex/, field:value); hostile
 * bytes in names, labels and images are drawn inert; Tab, `v` and `:events` reach it; the tab bar
 * fits 80 columns.
 */
import assert from 'node:assert/strict';
import chalk from 'chalk';
import {afterEach, describe, it} from 'node:test';
import type {EngineEvent} from '../../source/model/event.js';
import {createEventFeed} from '../../source/state/effects/events.js';
import {ATTRS_MAX, CELL_MAX, EVENTS_KEPT} from '../../source/state/events.js';
import {PANES} from '../../source/state/types.js';
import {tabLabels} from '../../source/ui/components/Tabs.js';
import {makeTheme} from '../../source/ui/theme.js';
import {assertInert, HOSTILE} from '../helpers/hostile.js';
import {KEY, mount, storeWith, tick, type Harness} from './harness.js';

const T0 = Date.parse('2026-01-01T00:30:00Z') * 1e6;
const ev = (i: number, over: Partial<EngineEvent> = {}): EngineEvent => ({
	time: new Date((T0 + i * 1e9) / 1e6).toISOString(),
	time_nano: T0 + i * 1e9,
	type: 'container',
	action: 'start',
	actor: `${i}`.padStart(64, 'a'),
	attributes: {name: `web${i}`, image: 'tuitest/busybox:latest'},
	scope: 'local',
	...over,
});

let h: Harness | null = null;
afterEach(() => {
	h?.unmount();
	h = null;
});

/** The pane's event rows on screen (below the title line), trimmed. */
const rowsOf = (frame: string) => frame.split('\n').filter((l) => /^\d\d:\d\d:\d\d\.\d{3} /.test(l.trim())).map((l) => l.trim());

describe('events pane (given state)', () => {
	it(`the feed keeps the newest ${EVENTS_KEPT} (a ring), counts the rest, and drops a replayed event`, async () => {
		const store = storeWith([]);
		const feed = createEventFeed(store, {batchMs: 1});
		for (let i = 0; i < EVENTS_KEPT + 25; i++) feed.push(ev(i));
		await tick(10);
		let s = store.getState().events;
		assert.equal(s.rows.length, EVENTS_KEPT);
		assert.equal(s.dropped, 25);
		assert.equal(s.rows[0]!.actor, 'web25');
		assert.equal(s.rows.at(-1)!.actor, `web${EVENTS_KEPT + 24}`);
		// a reconnect replays the engine's recent events (same time, type, action, actor): not added again
		for (let i = EVENTS_KEPT - 100; i < EVENTS_KEPT + 25; i++) feed.push(ev(i));
		// an event at the same time but another action (or actor) is a new one
		feed.push(ev(EVENTS_KEPT + 24, {action: 'die'}));
		await tick(10);
		s = store.getState().events;
		assert.equal(s.rows.at(-1)!.action, 'die');
		assert.equal(s.rows.at(-2)!.actor, `web${EVENTS_KEPT + 24}`);
		assert.equal(s.dropped, 26);
		// a huge label (a container's labels ride on every event of it) is not kept whole
		feed.push(ev(EVENTS_KEPT + 30, {attributes: {name: 'x'.repeat(100_000), 'hx.huge': 'y'.repeat(100_000), ...Object.fromEntries(Array.from({length: 500}, (_, i) => [`k${i}`, 'z'.repeat(300)]))}}));
		await tick(10);
		const big = store.getState().events.rows.at(-1)!;
		assert.ok(big.actor.length <= CELL_MAX + 1 && big.attrs.length <= ATTRS_MAX + 1, `${big.actor.length} ${big.attrs.length}`);
		assert.ok(big.attrs.startsWith('hx.huge=yyy'), big.attrs.slice(0, 40));
		feed.stop();
	});

	it('events arriving while the pane is hidden draw no frame (the screen reads the slice only while shown)', async () => {
		const store = storeWith([]);
		const feed = createEventFeed(store, {batchMs: 1});
		h = await mount(store, {columns: 100, rows: 24});
		await tick(50);
		const before = h.stdout.frames.length;
		for (let i = 0; i < 20; i++) {
			feed.push(ev(i));
			await tick(5);
		}
		await tick(30);
		assert.equal(store.getState().events.rows.length, 20);
		assert.equal(h.stdout.frames.length, before, 'no frame for events nobody sees');
		const f = await h.press('v');
		assert.match(f, /events following · 2–20 of 20/);
		feed.stop();
	});

	it('follows the newest at the bottom; up pauses (the window stays while events arrive), G follows again; the position is shown', async () => {
		const store = storeWith([]);
		const feed = createEventFeed(store, {batchMs: 1});
		for (let i = 0; i < 40; i++) feed.push(ev(i));
		await tick(10);
		h = await mount(store, {columns: 100, rows: 24});
		let f = await h.press('v');
		assert.equal(store.getState().ui.pane, 'events');
		assert.match(f, /events following · 22–40 of 40/);
		let rows = rowsOf(f);
		assert.equal(rows.length, 19, 'the pane\'s height less its title');
		assert.match(rows.at(-1)!, /container start\s+web39\s/);
		f = await h.press('k', 'k');
		assert.match(f, /paused \(G follows\) · 20–38 of 40/);
		for (let i = 40; i < 45; i++) feed.push(ev(i));
		await tick(20);
		f = await h.press();
		assert.match(f, /paused \(G follows\) · 20–38 of 45/);
		assert.match(rowsOf(f).at(-1)!, /web37\s/);
		f = await h.press('G');
		assert.match(f, /events following · 27–45 of 45/);
		assert.match(rowsOf(f).at(-1)!, /web44\s/);
		f = await h.press('g');
		assert.match(f, /paused \(G follows\) · 1–19 of 45/);
		rows = rowsOf(f);
		assert.match(rows[0]!, /web0\s/);
		feed.stop();
	});

	it('/ filters: substring, /regex/, field:value (type:network action:destroy); esc clears; a bad regex says so', async () => {
		const store = storeWith([]);
		const feed = createEventFeed(store, {batchMs: 1});
		feed.push(ev(1));
		feed.push(ev(2, {type: 'network', action: 'create', actor: 'f'.repeat(64), attributes: {name: 'backnet', type: 'bridge'}}));
		feed.push(ev(3, {type: 'network', action: 'destroy', actor: 'f'.repeat(64), attributes: {name: 'backnet', type: 'bridge'}}));
		feed.push(ev(4, {type: 'volume', action: 'destroy', actor: 'datavol', attributes: {driver: 'local'}}));
		feed.push(ev(5, {type: 'image', action: 'pull', actor: 'tuitest/busybox:latest', attributes: {name: 'tuitest/busybox'}}));
		feed.push(ev(6, {action: 'exec_start: /bin/sh -c true', attributes: {name: 'web6', execID: 'e'.repeat(64)}}));
		feed.push(ev(7, {type: 'image', action: 'delete', actor: `sha256:${'5'.repeat(64)}`, attributes: {name: `sha256:${'5'.repeat(64)}`}}));
		await tick(10);
		h = await mount(store, {columns: 100, rows: 24});
		await h.press('v');
		let f = await h.press('/', ...'type:network action:destroy', KEY.enter);
		assert.deepEqual(rowsOf(f).map((r) => r.split(/\s+/).slice(1, 4).join(' ')), ['network destroy backnet']);
		assert.match(f, /filter "type:network action:destroy" 1\/7/);
		f = await h.press(KEY.esc);
		assert.equal(rowsOf(f).length, 7, 'esc clears the filter');
		// an image named by its id: the short id, as docker shows it
		assert.match(rowsOf(f).at(-1)!, /image\s+delete\s+5{12}(\s|$)/);
		// healthcheck noise out: a regex on one field
		f = await h.press('/', ...'action:/^(?!exec_)/', KEY.enter);
		assert.equal(rowsOf(f).length, 6);
		assert.ok(!/exec_start/.test(f));
		await h.press(KEY.esc);
		f = await h.press('/', ...'backnet', KEY.enter);
		assert.equal(rowsOf(f).length, 2);
		f = await h.press('/', ...'/^(pull|destroy)$/', KEY.enter);
		assert.deepEqual(rowsOf(f).map((r) => r.split(/\s+/)[2]), ['destroy', 'destroy', 'pull']);
		f = await h.press(KEY.esc, '/', ...'image:busybox', KEY.enter);
		assert.deepEqual(rowsOf(f).map((r) => r.split(/\s+/)[1]), ['container', 'image']);
		f = await h.press(KEY.esc, '/', ...'/([/', KEY.enter);
		assert.match(f, /regex: /);
		feed.stop();
	});

	it('hostile bytes in names, labels, images and actions reach the terminal inert (colour off and on)', async () => {
		const H = HOSTILE;
		const hostile: EngineEvent[] = [
			ev(1, {attributes: {name: `hxname${H.osc52}`, image: `hximg${H.osc2st}${H.overwrite}`, 'hx.label': `${H.osc0}${H.csi}${H.c1}${H.bidi}`, [`hxkey${H.dcs}`]: H.esc2}}),
			ev(2, {type: `hxtype${H.c1}`, action: `hxaction${H.osc8}${H.bel}`, actor: `hxactor${H.oscOpen}`, attributes: {}}),
			ev(3, {type: 'volume', action: 'create', actor: `hxvol\n${H.csi}`, attributes: {driver: H.long}}),
		];
		for (const colour of [false, true]) {
			const level = chalk.level;
			if (colour) chalk.level = 3;
			try {
				const store = storeWith([]);
				const feed = createEventFeed(store, {batchMs: 1});
				for (const e of hostile) feed.push(e);
				await tick(10);
				h = await mount(store, {columns: 240, rows: 20, ...(colour ? {theme: makeTheme(true)} : {})});
				await h.press('v');
				await h.press('/', ...'hx', KEY.enter);
				const all = h.stdout.frames.join('\n');
				if (colour) assert.match(all, /\x1b\[3[0-9]m/, 'colours drawn');
				assertInert(colour ? all.replace(/\x1b\[[0-9;]*m/g, '') : all, `events pane (colour ${colour ? 'on' : 'off'})`);
				if (!colour) assert.ok(!all.includes('\x1b'), 'no ESC at all with colour off');
				for (const m of ['hxname', 'hximg', 'hxa', 'hxf', 'hxtype', 'hxaction', 'hxactor', 'hxvol', 'hxkey']) assert.ok(all.includes(m), `${m} on screen:\n${h.frame()}`);
				h.unmount();
				h = null;
				feed.stop();
			} finally {
				chalk.level = level;
			}
		}
	});

	it('Tab, v and :events reach the pane; :events WORDS filters it; the tab bar fits 80 columns on every pane', async () => {
		const store = storeWith([]);
		h = await mount(store, {columns: 80, rows: 24});
		await h.press(...Array(PANES.indexOf('events')).fill(KEY.tab));
		assert.equal(store.getState().ui.pane, 'events');
		await h.press('1');
		await h.press(':', ...'events type:volume', KEY.enter);
		assert.equal(store.getState().ui.pane, 'events');
		assert.equal(store.getState().ui.eventsView.filter, 'type:volume');
		await h.press('1', 'v');
		assert.equal(store.getState().ui.pane, 'events');
		assert.match(h.frame().split('\n')[1]!, / v Events /);
		for (const p of PANES) for (const right of [0, 30, 80]) assert.ok(tabLabels(p, 80, right).used <= 80, `${p}: ${tabLabels(p, 80, right).used}`);
	});
});
