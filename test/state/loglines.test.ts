/**
 * The log follower hands the store a snapshot of its buffer instead of a copy: a snapshot must read
 * the same lines however far the buffer moves on or wraps after it was taken; the view, search and
 * pausing must read a wrapped buffer as they read an array; a subject switch in the middle of a
 * batch must not carry the old subject's lines over; seqs ascend in the buffer (the paused view's
 * binary search relies on it) even when a batch's lines arrive out of time order; and a merged
 * view stays within MAX_MERGED_LINES as members are added. The log manager runs against a scripted
 * engine (each container's log stream is written by the test).
 */
import assert from 'node:assert/strict';
import {PassThrough} from 'node:stream';
import {describe, it} from 'node:test';
import {DOCKER} from '../../source/engine/client.js';
import type {Engine} from '../../source/engine/connection.js';
import {createLogManager, MAX_MERGED_LINES} from '../../source/state/effects/logs.js';
import {LineLog} from '../../source/state/loglines.js';
import {initialState, reducer} from '../../source/state/reducer.js';
import {createStore} from '../../source/state/store.js';
import type {LogLineView} from '../../source/state/types.js';
import {anchorFor, displayRows, filterLines, moveAnchor, searchHits, windowEnd} from '../../source/ui/logView.js';
import {record} from '../helpers/records.js';

/** xorshift: the same sequence every run */
function rng(seed: number) {
	let x = seed >>> 0 || 1;
	return () => {
		x ^= x << 13;
		x >>>= 0;
		x ^= x >>> 17;
		x ^= x << 5;
		x >>>= 0;
		return x / 0x1_0000_0000;
	};
}

describe('LineLog: a bounded buffer shared by snapshots', () => {
	it('keeps the newest `capacity` items, counts the dropped ones, and matches an array model under random pushes and growth', () => {
		const r = rng(16);
		for (let round = 0; round < 40; round++) {
			let cap = 1 + Math.floor(r() * 3000);
			const log = new LineLog<number>(cap);
			const all: number[] = [];
			let first = 0;
			const pushes = Math.floor(r() * 9000);
			for (let i = 0; i < pushes; i++) {
				log.push(i);
				all.push(i);
				if (all.length - first > cap) first++;
				if (r() < 0.001) {
					cap += Math.floor(r() * 500);
					log.grow(cap);
				}
			}
			const v = log.view();
			const want = all.slice(first);
			assert.equal(v.length, want.length, `round ${round}: length`);
			assert.deepEqual([...v], want, `round ${round}: iteration`);
			assert.deepEqual(v.slice(), want, `round ${round}: slice()`);
			assert.deepEqual(v.slice(-7), want.slice(-7), `round ${round}: slice(-7)`);
			assert.deepEqual(v.slice(3, 11), want.slice(3, 11));
			assert.equal(v.at(-1), want.at(-1));
			assert.equal(v.at(0), want.at(0));
			assert.equal(v.at(v.length), undefined);
			assert.equal(v.at(-v.length - 1), undefined);
			assert.equal(log.dropped, first, `round ${round}: dropped`);
			assert.equal(log.size, want.length);
		}
	});

	it('a snapshot reads the same lines after the buffer wrapped many times over it', () => {
		const log = new LineLog<string>(1500);
		for (let i = 0; i < 2500; i++) log.push(`a${i}`);
		const old = log.view();
		const before = [...old];
		assert.equal(before.length, 1500);
		assert.equal(before[0], 'a1000');
		for (let i = 0; i < 20_000; i++) log.push(`b${i}`);
		assert.deepEqual([...old], before, 'the old window is untouched');
		assert.equal(old.at(0), 'a1000');
		assert.equal(old.at(-1), 'a2499');
		const now = log.view();
		assert.equal(now.at(0), 'b18500');
		assert.equal(now.at(-1), 'b19999');
		assert.equal(log.dropped, 22_500 - 1500);
	});

	it('growing never brings back a dropped line', () => {
		const log = new LineLog<number>(10);
		for (let i = 0; i < 25; i++) log.push(i);
		log.grow(100);
		assert.deepEqual([...log.view()], [15, 16, 17, 18, 19, 20, 21, 22, 23, 24]);
		for (let i = 25; i < 30; i++) log.push(i);
		assert.equal(log.view().length, 15);
		assert.equal(log.dropped, 15);
	});
});

const line = (seq: number, text: string): LogLineView => ({seq, ts: null, text, stream: 'stdout', source: seq % 2 ? 'a' : 'b', sourceIndex: seq % 2});

describe('the log view over a wrapped buffer', () => {
	it('window, paging, search hits, the anchor of a hit and wrapped rows equal those over the same lines as an array', () => {
		const log = new LineLog<LogLineView>(3000);
		// 7,777 lines: the window starts inside a chunk and spans several
		for (let i = 1; i <= 7777; i++) log.push(line(i, i % 97 === 0 ? `\x1b[31mneedle\x1b[0m ${i}` : `line ${i} ${'x'.repeat(i % 40)}`));
		const v = log.view();
		const arr = v.slice();
		assert.equal(arr[0]!.seq, 4778);
		assert.deepEqual(searchHits(v, 'NEEDLE'), searchHits(arr, 'NEEDLE'));
		assert.ok(searchHits(v, 'needle').length > 20);
		assert.deepEqual(filterLines(v, 'needle'), filterLines(arr, 'needle'));
		assert.equal(filterLines(v, ''), v, 'no filter: the snapshot itself, not a copy');
		for (const anchor of [null, 4777, 4778, 5000, 6001, 7776, 7777, 9000]) assert.equal(windowEnd(v, anchor), windowEnd(arr, anchor), `windowEnd ${anchor}`);
		for (const [a, d] of [[null, -1], [null, -48], [6000, 10], [6000, -10_000], [7700, 500]] as Array<[number | null, number]>) assert.equal(moveAnchor(v, a, d, 48), moveAnchor(arr, a, d, 48));
		for (const hit of [...searchHits(arr, 'needle'), 4777, 1, 7777, 123_456]) assert.equal(anchorFor(v, hit, 48), anchorFor(arr, hit, 48), `anchorFor ${hit}`);
		const view = {timestamps: true, wrap: true};
		assert.deepEqual(displayRows(v, windowEnd(v, 6500), 48, 30, view, (l) => l.source), displayRows(arr, windowEnd(arr, 6500), 48, 30, view, (l) => l.source));
	});
});

/** An engine whose containers are TTY containers with log streams the test writes. */
function scriptedEngine() {
	const streams = new Map<string, PassThrough[]>();
	const docker = {
		getContainer(id: string) {
			return {
				inspect: async () => ({Config: {Tty: true}}),
				logs: async () => {
					const s = new PassThrough();
					streams.set(id, [...(streams.get(id) ?? []), s]);
					return s;
				},
			};
		},
	};
	const engine = {[DOCKER]: docker, target: {url: 'unix:///fake.sock'}, where: 'unix:///fake.sock', apiVersion: '1.41', serverVersion: '20.10.24', arch: 'amd64', os: 'linux'} as unknown as Engine;
	const until = async <T>(f: () => T | undefined | false, what: string): Promise<T> => {
		for (let i = 0; i < 600; i++) {
			const v = f();
			if (v !== undefined && v !== false) return v;
			await new Promise((r) => setTimeout(r, 5));
		}
		throw new Error(`timed out waiting for ${what}`);
	};
	return {
		engine,
		until,
		/** the newest stream opened for this container */
		stream: (id: string) => until(() => streams.get(id)?.at(-1), `a log stream of ${id}`),
	};
}

const ts = (s: number, ns = 0) => `2026-11-30T10:00:${String(s).padStart(2, '0')}.${String(ns).padStart(9, '0')}Z`;

describe('the log manager publishes snapshots (scripted engine)', () => {
	it('an old state keeps its lines while later batches wrap the buffer; seqs ascend even when a batch arrives out of time order', async () => {
		const fake = scriptedEngine();
		const store = createStore(reducer, initialState());
		const mgr = createLogManager(store, () => fake.engine, {perSource: 40, batchMs: 10});
		const a = record({id: 'a'.repeat(64), name: 'p_web_1', project: 'p', service: 'web'});
		const b = record({id: 'b'.repeat(64), name: 'p_web_2', project: 'p', service: 'web'});
		try {
			mgr.show('s:p/web', [a, b]);
			const sa = await fake.stream(a.id);
			const sb = await fake.stream(b.id);
			// one batch, arriving b's newer line first: shown in time order
			sb.write(`${ts(2)} b-second\n`);
			sa.write(`${ts(1)} a-first\n`);
			const first = await fake.until(() => store.getState().logs.lines.length === 2 && store.getState().logs, 'the first batch');
			assert.deepEqual([...first.lines].map((l) => l.text), ['a-first', 'b-second']);
			const seqs = [...first.lines].map((l) => l.seq);
			assert.ok(seqs[0]! < seqs[1]!, `seqs ascend in the buffer: ${seqs}`);
			assert.equal(windowEnd(first.lines, seqs[0]!), 1, 'a pause at the first line shows it alone');

			// 200 more lines (capacity 80): the buffer wraps over the first state's window
			for (let i = 0; i < 100; i++) {
				sa.write(`${ts(3 + Math.floor(i / 10), i)} a${i}\n`);
				sb.write(`${ts(3 + Math.floor(i / 10), i)} b${i}\n`);
			}
			const later = await fake.until(() => store.getState().logs.dropped > 0 && store.getState().logs.lines.at(-1)?.text === 'b99' && store.getState().logs, 'the buffer wrapped');
			assert.equal(later.lines.length, 80);
			assert.equal(later.dropped, 202 - 80);
			assert.deepEqual([...first.lines].map((l) => l.text), ['a-first', 'b-second'], 'the old state reads what it read');
			const all = [...later.lines].map((l) => l.seq);
			assert.deepEqual(all, [...all].sort((x, y) => x - y), 'seqs ascend across batches');
			assert.deepEqual(searchHits(later.lines, 'a9'), [...later.lines].filter((l) => l.text.includes('a9')).map((l) => l.seq));
		} finally {
			mgr.stop();
		}
	});

	it('a subject switch in the middle of a batch: no line of the old subject reaches the new one, and its late lines are dropped', async () => {
		const fake = scriptedEngine();
		const store = createStore(reducer, initialState());
		const mgr = createLogManager(store, () => fake.engine, {perSource: 100, batchMs: 40});
		const a = record({id: 'c'.repeat(64), name: 'old'});
		const b = record({id: 'd'.repeat(64), name: 'new'});
		try {
			mgr.show(`c:${a.id}`, [a]);
			const sa = await fake.stream(a.id);
			sa.write(`${ts(1)} old-published\n`);
			await fake.until(() => store.getState().logs.lines.length === 1, 'the old subject has a line');
			const oldState = store.getState().logs;
			// a line in the pending batch (batchMs not yet over), then the switch
			sa.write(`${ts(2)} old-pending\n`);
			await new Promise((r) => setTimeout(r, 5));
			mgr.show(`c:${b.id}`, [b]);
			assert.equal(store.getState().logs.subject, `c:${b.id}`);
			assert.equal(store.getState().logs.lines.length, 0, 'the switch shows an empty buffer at once');
			const sb = await fake.stream(b.id);
			sa.write(`${ts(3)} old-late\n`);
			sb.write(`${ts(3)} new-1\n`);
			await fake.until(() => store.getState().logs.lines.length >= 1, 'the new subject has a line');
			await new Promise((r) => setTimeout(r, 120));
			assert.deepEqual([...store.getState().logs.lines].map((l) => l.text), ['new-1']);
			assert.deepEqual([...oldState.lines].map((l) => l.text), ['old-published'], 'the old subject state is unchanged');
		} finally {
			mgr.stop();
		}
	});

	it('a merged view holds at most MAX_MERGED_LINES when members are added to the same subject', async () => {
		const fake = scriptedEngine();
		const store = createStore(reducer, initialState());
		const per = MAX_MERGED_LINES / 2 + 1;
		const mgr = createLogManager(store, () => fake.engine, {perSource: per, batchMs: 10});
		const a = record({id: 'e'.repeat(64), name: 'p_w_1', project: 'p', service: 'w'});
		const b = record({id: 'f'.repeat(64), name: 'p_w_2', project: 'p', service: 'w'});
		try {
			mgr.show('s:p/w', [a]);
			await fake.stream(a.id);
			mgr.show('s:p/w', [a, b]);
			const sb = await fake.stream(b.id);
			const n = MAX_MERGED_LINES + 10;
			const chunk: string[] = [];
			for (let i = 0; i < n; i++) chunk.push(`${ts(5, i)} l${i}`);
			sb.write(chunk.join('\n') + '\n');
			const logs = await fake.until(() => store.getState().logs.lines.at(-1)?.text === `l${n - 1}` && store.getState().logs, 'every line read');
			assert.equal(logs.lines.length, MAX_MERGED_LINES);
			assert.equal(logs.dropped, 10);
		} finally {
			mgr.stop();
		}
	});
});
