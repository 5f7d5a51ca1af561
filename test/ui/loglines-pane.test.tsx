/**
 * The logs pane over the follower's buffer as it is published (a snapshot of a bounded buffer that
 * has wrapped, not an array): following, pausing while later batches wrap the buffer under the
 * paused window, search with n/N, the filter, and the preview under the list.
 */
import assert from 'node:assert/strict';
import {afterEach, describe, it} from 'node:test';
import {LineLog} from '../../source/state/loglines.js';
import type {LogLineView} from '../../source/state/types.js';
import {demoRecords} from './fixtures.js';
import {KEY, mount, storeWith, tick, type Harness} from './harness.js';

let h: Harness | null = null;
afterEach(() => {
	h?.unmount();
	h = null;
});

const logLine = (seq: number): LogLineView => ({
	seq,
	ts: `2026-01-01T00:59:${String(seq % 60).padStart(2, '0')}.123456789Z`,
	text: `${seq % 5 === 0 ? 'ERROR' : 'info'} line ${seq}`,
	stream: 'stdout',
	source: seq % 2 ? 'worker_2' : 'worker_1',
	sourceIndex: seq % 2,
});

describe('logs pane over a wrapped buffer', () => {
	it('follows, stays paused while later batches wrap under it, searches and filters the kept lines only', async () => {
		const store = storeWith(demoRecords());
		const log = new LineLog<LogLineView>(1500);
		let seq = 0;
		const publish = (n: number) => {
			for (let i = 0; i < n; i++) log.push(logLine(++seq));
			store.dispatch({type: 'logs/set', logs: {subject: 's:demo/worker', lines: log.view(), dropped: log.dropped, sources: 2, error: null}});
		};
		store.dispatch({type: 'ui/subject', key: 's:demo/worker'});
		publish(4000);
		store.dispatch({type: 'ui/pane', pane: 'logs'});
		h = await mount(store);
		let f = h.frame();
		assert.match(f, /following · 1500 lines · 2500 dropped/);
		assert.match(f, /worker_1 │ ERROR line 4000/);
		f = await h.press('k', 'k');
		assert.match(f, /paused \(G follows\)/);
		assert.match(f, /ERROR line 3995/);
		assert.match(f, /info line 3998/);
		assert.doesNotMatch(f, /line 3999/);
		// 1,000 more lines: the buffer wraps, the paused window (still kept) does not move
		publish(1000);
		await tick();
		f = h.frame();
		assert.match(f, /paused \(G follows\) · 1500 lines · 3500 dropped/);
		assert.match(f, /info line 3998/);
		assert.doesNotMatch(f, /line 3999/);
		f = await h.press('G');
		assert.match(f, /following/);
		assert.match(f, /worker_1 │ ERROR line 5000/);
		// search over the kept lines (3501–5000): 300 hits, the newest first
		f = await h.press('/', 'E', 'R', 'R', KEY.enter);
		assert.match(f, /search "ERR" 300\/300/);
		f = await h.press('n');
		assert.match(f, /search "ERR" 299\/300/);
		assert.match(f, /ERROR line 4995/);
		f = await h.press('N', KEY.esc);
		f = await h.press('f', 'E', 'R', 'R', 'O', 'R', KEY.enter);
		assert.match(f, /300\/1500 lines/);
		assert.match(f, /ERROR line 5000/);
		assert.doesNotMatch(f, /info line/);
	});
});
