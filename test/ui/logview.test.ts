/** The logs pane's arithmetic: filter, hits, the window while following or paused, wrap rows. */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import type {LogLineView} from '../../source/state/types.js';
import {anchorFor, displayRows, filterLines, moveAnchor, searchHits, shortTime, windowEnd} from '../../source/ui/logView.js';
import {shortName, tsKey} from '../../source/state/effects/logs.js';

const lines: LogLineView[] = Array.from({length: 10}, (_, i) => ({seq: i + 10, ts: null, text: i % 3 ? `line ${i}` : `\x1b[31mERR\x1b[0m ${i}`, stream: 'stdout', source: 's', sourceIndex: 0}));

describe('log view', () => {
	it('filter and search read the text without colour codes', () => {
		assert.equal(filterLines(lines, 'err').length, 4);
		assert.deepEqual(searchHits(lines, 'ERR 3'), [13]);
		assert.equal(filterLines(lines, '31m').length, 0);
	});

	it('following shows the end; scrolling up pauses at an anchor that new lines do not move', () => {
		assert.equal(windowEnd(lines, null), 10);
		const a = moveAnchor(lines, null, -3, 4);
		assert.equal(a, 16);
		assert.equal(windowEnd(lines, a), 7);
		const more = [...lines, {...lines[0]!, seq: 99}];
		assert.equal(windowEnd(more, a), 7, 'paused view stays put');
		assert.equal(moveAnchor(lines, a, +10, 4), null, 'scrolling to the end follows again');
		assert.equal(moveAnchor(lines, a, -100, 4), 13, 'top keeps a full page');
		assert.equal(anchorFor(lines, 12, 4), 13);
		assert.equal(anchorFor(lines, 19, 4), null);
	});

	it('wrap splits long lines into rows from the bottom up', () => {
		const long: LogLineView[] = [{seq: 1, ts: '2026-01-01T10:11:12.5Z', text: 'x'.repeat(25), stream: 'stdout', source: 's', sourceIndex: 0}];
		const rows = displayRows(long, 1, 10, 10, {timestamps: false, wrap: true}, () => '');
		assert.deepEqual(rows.map((r) => r.text.length), [10, 10, 5]);
		assert.equal(displayRows(long, 1, 2, 20, {timestamps: false, wrap: true}, () => '').length, 2);
		assert.equal(displayRows(long, 1, 10, 20, {timestamps: false, wrap: false}, () => '').length, 1);
		assert.equal(shortTime('2026-01-01T10:11:12.5Z'), '10:11:12.500');
		assert.equal(shortName({name: 'demo_worker_1', project: 'demo'}), 'worker_1');
		assert.equal(shortName({name: 'lonely', project: null}), 'lonely');
		assert.ok(tsKey('2026-01-01T00:00:05.9Z') > tsKey('2026-01-01T00:00:05.466567048Z'));
		assert.ok(tsKey('2026-01-01T00:00:05Z') < tsKey('2026-01-01T00:00:05.000000001Z'));
	});
});
