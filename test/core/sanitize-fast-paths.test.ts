/** The fast paths of core/sanitize (no regex pass for well-formed text, no segmenter for ASCII) give the same answers. */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {fitToWidth, toText, truncateToWidth} from '../../source/core/sanitize.js';

let seed = 7;
const rnd = (n: number) => {
	seed = (seed * 1103515245 + 12345) & 0x7fffffff;
	return seed % n;
};

describe('sanitize fast paths', () => {
	it('toText replaces exactly the lone surrogates with U+FFFD (as the regex it replaced did)', () => {
		const pool = ['a', 'é', '\uD83D', '\uDE00', '\uD83D\uDE00', '\uDBFF', '\uDC00', 'x\u0301', '字'];
		const reference = (s: string) => s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
		for (let i = 0; i < 20_000; i++) {
			let s = '';
			for (let j = rnd(8); j > 0; j--) s += pool[rnd(pool.length)];
			assert.equal(toText(s), reference(s), JSON.stringify(s));
		}
	});

	it('printable ASCII is cut at the width, with the ellipsis in the last column, and padded', () => {
		for (let i = 0; i < 5_000; i++) {
			let s = '';
			for (let j = rnd(30); j > 0; j--) s += String.fromCharCode(0x20 + rnd(95));
			const w = 1 + rnd(25);
			const want = s.length <= w ? s : s.slice(0, w - 1) + '…';
			assert.equal(truncateToWidth(s, w), want, JSON.stringify([s, w]));
			assert.equal(fitToWidth(s, w), want + ' '.repeat(w - [...want].length));
		}
		// beside non-ASCII text in the same call the segmenter still decides: a wide character is not split
		assert.equal(truncateToWidth('ab字字', 4), 'ab…');
		assert.equal(truncateToWidth('e\u0301e\u0301e\u0301', 2), 'e\u0301…');
	});
});
