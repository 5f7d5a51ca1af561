/** Grapheme clusters in linear time: the same clusters as Intl.Segmenter, without its quadratic walk over long text. */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {graphemes} from '../../source/core/graphemes.js';
import {wrapInspectLine} from '../../source/ui/panes/InspectPane.js';
import {wrapColumns} from '../../source/ui/components/MessagesOverlay.js';

const seg = new Intl.Segmenter(undefined, {granularity: 'grapheme'});
const reference = (s: string) => [...seg.segment(s)].map((x) => x.segment);

describe('graphemes', () => {
	it('the clusters Intl.Segmenter finds: combining marks, ZWJ emoji, flags, CJK, CR LF, Hangul, across chunk cuts', () => {
		const pieces = ['a', 'e\u0301', '👩‍👩‍👧', '🇫🇷', '漢', '\r\n', '\u1100\u1161\u11a8', 'x\u0308\u0301', ' ', '\u202e', '<U+202E>', 'Z'];
		let rnd = 7;
		const next = () => (rnd = (rnd * 1103515245 + 12345) % 2 ** 31);
		for (let round = 0; round < 30; round++) {
			let s = '';
			const len = 50 + (next() % 900);
			while (s.length < len) s += pieces[next() % pieces.length];
			assert.deepEqual([...graphemes(s)], reference(s), JSON.stringify(s.slice(0, 80)));
		}
		assert.deepEqual([...graphemes('')], []);
		assert.deepEqual([...graphemes('abc')], ['a', 'b', 'c']);
		assert.deepEqual([...graphemes('ae\u0301')], ['a', 'e\u0301']);
	});

	it('a 45,000-character hostile line wraps in well under a second (Intl.Segmenter alone: seconds)', () => {
		const line = 'hxmA\u202eé漢'.repeat(6500);
		let t = performance.now();
		const rows = wrapColumns(line, 158);
		const wrapMs = performance.now() - t;
		assert.equal(rows.join(''), line, 'nothing lost');
		t = performance.now();
		wrapInspectLine(`    hx.long: ${line}`, 158);
		const inspectMs = performance.now() - t;
		assert.ok(wrapMs < 500 && inspectMs < 500, `wrapColumns ${wrapMs.toFixed(0)} ms, wrapInspectLine ${inspectMs.toFixed(0)} ms`);
	});
});
