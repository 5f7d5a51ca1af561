/** The screenshot converter: SGR colours, bold, inverse, 256 colours, escaping, grid positions. */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
// @ts-expect-error a plain .mjs script without types
import {ansiToSvg, parseAnsi} from '../../scripts/ansi-svg.mjs';

describe('ansi → svg', () => {
	it('parses SGR into styled cells and drops other sequences', () => {
		const rows = parseAnsi('\x1b[1;36mab\x1b[0m \x1b[7mc\x1b[27m\x1b]0;title\x07\x1b[2Kd\n\x1b[38;5;196mx\x1b[48;2;1;2;3my');
		assert.equal(rows.length, 2);
		assert.deepEqual(rows[0].map((c: {ch: string}) => c.ch).join(''), 'ab cd');
		assert.equal(rows[0][0].style.bold, true);
		assert.equal(rows[0][0].style.fg, '#11a8cd');
		assert.equal(rows[0][2].style.bold, false);
		assert.equal(rows[0][3].style.inverse, true);
		assert.equal(rows[0][4].style.inverse, false);
		assert.equal(rows[1][0].style.fg, 'rgb(255,0,0)');
		assert.equal(rows[1][1].style.bg, 'rgb(1,2,3)');
	});

	it('renders runs at their columns, escapes XML, draws inverse as a background', () => {
		const svg = ansiToSvg('a<b \x1b[7mINV\x1b[0m', {cols: 10, rows: 1, title: 't&t'});
		assert.match(svg, /^<svg [^>]*width="\d+" height="\d+"/);
		assert.match(svg, />a&lt;b <\/text>/);
		assert.match(svg, /t&amp;t/);
		assert.match(svg, /<rect x="45\.6" y="28" width="25\.2" height="17" fill="#d4d4d4"\/>/, 'inverse: background at column 4');
		assert.match(svg, /<text x="45\.6"[^>]*fill="#1e1e1e"[^>]*>INV<\/text>/);
	});
});
