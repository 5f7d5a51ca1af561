/**
 * The terminal-escape corpus: every kind of hostile or awkward input, what berth prints for it.
 * Each output must also be inert: no ESC/C0/C1 control survives except kept SGR colour.
 */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {displayWidth, fitToWidth, sanitize, terminalJson, terminalSafeJson, terminalText, toText, truncateToWidth, type SanitizeOptions} from '../../source/core/sanitize.js';
import {fitCell} from '../../source/core/present.js';
import {table} from '../../source/core/images/format.js';
import {HOSTILE, HOSTILE_NUL} from '../helpers/hostile.js';

interface Case {
	kind: string;
	in: string | Buffer;
	out: string;
	opts?: SanitizeOptions;
}

const E = '\x1b';
const corpus: Case[] = [
	{kind: 'plain ASCII untouched', in: 'web-1 nginx:1.25', out: 'web-1 nginx:1.25'},
	{kind: 'CSI clear screen', in: `a${E}[2Jb`, out: 'ab'},
	{kind: 'CSI cursor home + erase line', in: `${E}[H${E}[2Kx`, out: 'x'},
	{kind: 'CSI cursor move with private params', in: `a${E}[?25l${E}[10;20Hb`, out: 'ab'},
	{kind: 'CSI with intermediates (DECSCUSR)', in: `a${E}[2 qb`, out: 'ab'},
	{kind: 'CSI malformed (control inside) drops the prefix, shows the control', in: `a${E}[12\x07b`, out: 'a^Gb'},
	{kind: 'CSI unterminated at end', in: `a${E}[12;`, out: 'a'},
	{kind: 'OSC 0 title change (BEL)', in: `x${E}]0;pwned\x07y`, out: 'xy'},
	{kind: 'OSC 2 title change (ST)', in: `x${E}]2;pwned${E}\\y`, out: 'xy'},
	{kind: 'OSC 52 clipboard write', in: `x${E}]52;c;cm0gLXJmIH4=\x07y`, out: 'xy'},
	{kind: 'OSC 8 hyperlink keeps its visible text', in: `${E}]8;;http://evil.example/${E}\\click${E}]8;;${E}\\`, out: 'click'},
	{kind: 'OSC unterminated removed to the end', in: `x${E}]0;title`, out: 'x'},
	{kind: 'OSC ended by another ESC sequence', in: `x${E}]0;t${E}[2Jy`, out: 'xy'},
	{kind: 'DCS string', in: `x${E}P1$r0m${E}\\y`, out: 'xy'},
	{kind: 'APC string', in: `x${E}_Gpayload${E}\\y`, out: 'xy'},
	{kind: 'PM string', in: `x${E}^private${E}\\y`, out: 'xy'},
	{kind: 'SOS string', in: `x${E}Xsos${E}\\y`, out: 'xy'},
	{kind: 'string cancelled by CAN', in: `x${E}]0;t\x18y`, out: 'xy'},
	{kind: 'ESC c full reset', in: `x${E}cy`, out: 'xy'},
	{kind: 'ESC 7 / ESC 8 save/restore cursor', in: `x${E}7y${E}8z`, out: 'xyz'},
	{kind: 'ESC ( 0 charset switch (line drawing)', in: `x${E}(0qqq${E}(By`, out: 'xqqqy'},
	{kind: 'ESC # 8 screen alignment', in: `x${E}#8y`, out: 'xy'},
	{kind: 'ESC = keypad mode', in: `x${E}=y`, out: 'xy'},
	{kind: 'lone ESC at the end', in: `x${E}`, out: 'x^['},
	{kind: 'ESC followed by a control', in: `x${E}\ny`, out: 'x^[^Jy'},
	{kind: 'ESC followed by non-ASCII', in: `x${E}éy`, out: 'x^[éy'},
	{kind: '8-bit CSI U+009B', in: 'a\u009b2Jb', out: 'ab'},
	{kind: '8-bit OSC U+009D ended by 8-bit ST U+009C', in: 'a\u009d0;t\u009cb', out: 'ab'},
	{kind: '8-bit OSC ended by BEL', in: 'a\u009d0;t\x07b', out: 'ab'},
	{kind: 'C1 NEL / RI (cursor moves) removed', in: 'a\u0085b\u008dc', out: 'abc'},
	{kind: 'BEL shown in caret notation', in: 'ding\x07', out: 'ding^G'},
	{kind: 'backspaces cannot erase text', in: 'safe\b\b\b\bevil', out: 'safe^H^H^H^Hevil'},
	{kind: 'lone CR cannot overwrite the line', in: 'rm -rf /\rhello   ', out: 'rm -rf /^Mhello   '},
	{kind: 'NUL', in: 'a\x00b', out: 'a^@b'},
	{kind: 'other C0 (VT, FF, SI, SO)', in: 'a\x0b\x0c\x0e\x0fb', out: 'a^K^L^N^Ob'},
	{kind: 'DEL', in: 'a\x7fb', out: 'a^?b'},
	{kind: 'newline in a single-line field', in: 'a\nb', out: 'a^Jb'},
	{kind: 'newline kept in multiline, CR LF → LF', in: 'a\r\nb\nc', out: 'a\nb\nc', opts: {multiline: true}},
	{kind: 'tab expanded to the next stop', in: 'a\tbc\td', out: 'a       bc      d'},
	{kind: 'tab stops count wide characters as 2 columns', in: '日本\tx', out: '日本    x'},
	{kind: 'tab width option', in: 'ab\tc', out: 'ab  c', opts: {tabWidth: 4}},
	{kind: 'keepTabs keeps tabs', in: 'a\tb\x1b[2J\tc', out: 'a\tb\tc', opts: {keepTabs: true}},
	{kind: 'multiline: an unterminated OSC ends at the end of its line', in: `a${E}]0;title\nnext line\x07`, out: 'a\nnext line^G', opts: {multiline: true}},
	{kind: 'multiline: an unterminated DCS ends at CR LF', in: `a${E}Pq\r\nb`, out: 'a\nb', opts: {multiline: true}},
	{kind: 'multiline: 8-bit OSC ends at the end of its line', in: 'a\u009d0;t\nb', out: 'a\nb', opts: {multiline: true}},
	{kind: 'tab stops restart after a newline', in: 'abc\n\tx', out: 'abc\n        x', opts: {multiline: true}},
	{kind: 'bidi override shown, not applied', in: 'file\u202eexe.txt', out: 'file<U+202E>exe.txt'},
	{kind: 'bidi isolate shown', in: 'a\u2066b\u2069', out: 'a<U+2066>b<U+2069>'},
	{kind: 'combining characters kept', in: 'e\u0301te\u0301', out: 'e\u0301te\u0301'},
	{kind: 'CJK kept', in: '数据库', out: '数据库'},
	{kind: 'emoji ZWJ sequence kept', in: 'ok 👩‍💻', out: 'ok 👩‍💻'},
	{kind: 'invalid UTF-8 bytes → U+FFFD', in: Buffer.from([0x61, 0xff, 0xfe, 0x62]), out: 'a\ufffd\ufffdb'},
	{kind: 'truncated UTF-8 sequence → U+FFFD', in: Buffer.from([0x61, 0xe6, 0x97]), out: 'a\ufffd'},
	{kind: 'raw 0x9b byte is invalid UTF-8, not a CSI', in: Buffer.from([0x61, 0x9b, 0x32, 0x4a]), out: 'a\ufffd2J'},
	{kind: 'lone surrogate in a string → U+FFFD', in: 'a\ud800b', out: 'a\ufffdb'},
	{kind: 'binary garbage is all visible', in: Buffer.from([0x00, 0x01, 0x1b, 0x5b, 0x41, 0x7f, 0x80]), out: '^@^A^?\ufffd'},
	// colour
	{kind: 'SGR dropped by default', in: `${E}[1;31mred${E}[0m`, out: 'red'},
	{kind: 'SGR kept when asked', in: `${E}[1;31mred${E}[0m`, out: `${E}[1;31mred${E}[0m`, opts: {keepColor: true}},
	{kind: 'SGR 256/truecolour kept', in: `${E}[38;5;208mo${E}[48;2;1;2;3mb${E}[m`, out: `${E}[38;5;208mo${E}[48;2;1;2;3mb${E}[m`, opts: {keepColor: true}},
	{kind: 'open colour gets a reset at the end', in: `${E}[32mgreen`, out: `${E}[32mgreen${E}[0m`, opts: {keepColor: true}},
	{kind: 'conceal (8) removed from SGR', in: `${E}[8;31mhidden`, out: `${E}[31mhidden${E}[0m`, opts: {keepColor: true}},
	{kind: 'SGR of only conceal dropped', in: `${E}[8mhidden`, out: 'hidden', opts: {keepColor: true}},
	{kind: 'colour index 8 is not conceal', in: `${E}[38;5;8mgrey${E}[0m`, out: `${E}[38;5;8mgrey${E}[0m`, opts: {keepColor: true}},
	{kind: 'SGR with colon sub-params dropped', in: `${E}[4:3mx`, out: 'x', opts: {keepColor: true}},
	{kind: 'private-mode "m" is not SGR', in: `${E}[?1mx`, out: 'x', opts: {keepColor: true}},
	{kind: 'other CSI still dropped with keepColor', in: `${E}[31ma${E}[2Jb${E}[0m`, out: `${E}[31mab${E}[0m`, opts: {keepColor: true}},
	{kind: '8-bit SGR kept as 7-bit', in: '\u009b31mx\u009b0m', out: `${E}[31mx${E}[0m`, opts: {keepColor: true}},
	// show mode
	{kind: 'showEscapes makes sequences visible text', in: `a${E}[2J${E}]0;t\x07b`, out: 'a^[[2J^[]0;t^Gb', opts: {showEscapes: true}},
	{kind: 'showEscapes shows 8-bit CSI as ^[[', in: 'a\u009b2Jb', out: 'a^[[2Jb', opts: {showEscapes: true}},
];

/** Nothing a terminal acts on: no C0 except LF (multiline), no DEL, no C1; ESC only in SGR. */
function assertInert(s: string, opts: SanitizeOptions = {}) {
	const noSgr = opts.keepColor ? s.replace(/\x1b\[[0-9;]*m/g, '') : s;
	for (const ch of noSgr) {
		const c = ch.codePointAt(0)!;
		const ok = (c >= 0x20 && c < 0x7f) || (c > 0x9f && !(c >= 0x202a && c <= 0x202e) && !(c >= 0x2066 && c <= 0x2069)) || (opts.multiline && c === 0x0a) || (opts.keepTabs && c === 0x09);
		assert.ok(ok, `control U+${c.toString(16).padStart(4, '0')} survived in ${JSON.stringify(s)}`);
	}
}

describe('sanitize: the escape corpus', () => {
	for (const c of corpus) {
		it(c.kind, () => {
			const got = sanitize(c.in, c.opts);
			assert.equal(got, c.out);
			assertInert(got, c.opts);
		});
	}

	it('is idempotent on its own output', () => {
		for (const c of corpus) {
			const once = sanitize(c.in, c.opts);
			if (!c.opts?.multiline && !c.opts?.tabWidth) assert.equal(sanitize(once, c.opts), once, c.kind);
		}
	});

	it('every byte value alone, and every 2-byte ESC pair, comes out inert', () => {
		for (let b = 0; b < 256; b++) {
			for (const opts of [{}, {keepColor: true}, {showEscapes: true}, {multiline: true}]) {
				assertInert(sanitize(Buffer.from([b, 0x41]), opts), opts);
				assertInert(sanitize(String.fromCharCode(b) + 'A', opts), opts);
				assertInert(sanitize(`\x1b${String.fromCharCode(b)}x`, opts), opts);
				assertInert(sanitize(`\x1b[${String.fromCharCode(b)}x`, opts), opts);
			}
		}
	});

	it('toText: strings and buffers', () => {
		assert.equal(toText(Buffer.from('héllo')), 'héllo');
		assert.equal(toText('ok'), 'ok');
		assert.equal(toText('\udc00x\ud83d\ude00'), '\ufffdx😀');
	});
});

describe('display width and truncation', () => {
	const widths: Array<[string, number]> = [
		['abc', 3],
		['数据库', 6],
		['e\u0301', 1],
		['👩‍💻', 2],
		['\x1b[31mred\x1b[0m', 3],
		['', 0],
	];
	for (const [s, w] of widths) it(`width of ${JSON.stringify(s)} is ${w}`, () => assert.equal(displayWidth(s), w));

	const cuts: Array<[string, number, string]> = [
		['hello world', 5, 'hell…'],
		['hello', 5, 'hello'],
		['数据库服务', 5, '数据…'],
		['数据库服务', 4, '数…'],
		['ae\u0301e\u0301e\u0301', 3, 'ae\u0301…'],
		['👩‍💻👩‍💻👩‍💻', 5, '👩‍💻👩‍💻…'],
		['abc', 0, ''],
		['abc', 1, '…'],
		['\x1b[31mhello world\x1b[0m', 6, '\x1b[31mhello…\x1b[0m'],
	];
	for (const [s, w, out] of cuts) {
		it(`truncate ${JSON.stringify(s)} to ${w}`, () => {
			const got = truncateToWidth(s, w);
			assert.equal(got, out);
			assert.ok(displayWidth(got) <= w);
		});
	}

	it('fitToWidth pads wide text to exact columns', () => {
		assert.equal(displayWidth(fitToWidth('数据', 7)), 7);
		assert.equal(fitToWidth('数据库', 5), '数据…');
		assert.equal(displayWidth(fitToWidth('数据库', 4)), 4); // '数' + '…' = 3 columns, padded to 4
	});

	it('present.fitCell makes names inert and pads by display width', () => {
		assert.equal(fitCell('web\x1b]0;pwned\x07-1', 8), 'web-1   ');
		assert.equal(fitCell('db\x1b[2J', 4), 'db  ');
		assert.equal(displayWidth(fitCell('数据库-primary', 10)), 10);
	});
});

describe('the CLI output rule: terminalText and terminalJson', () => {
	const all = [...Object.values(HOSTILE), HOSTILE_NUL];

	it('terminalText: every corpus string inert, markers shown, lines and tabs kept', () => {
		for (const h of all) {
			const got = terminalText(`before\t${h}\nafter`);
			assertInert(got.replace(/\t/g, ' '), {multiline: true});
			assert.match(got, /^before\thx[a-z]/);
			assert.match(got, /\nafter$/, `the line after ${JSON.stringify(h.slice(0, 20))} survives`);
		}
	});

	it('terminalText: plain text and non-ASCII are returned as they are', () => {
		for (const s of ['web-1 nginx:1.25', '数据库 ✓ → ✖ │ 👩‍💻', 'a\n\tb\n']) assert.equal(terminalText(s), s);
	});

	it('terminalJson: no control at all in the text, the same value parsed, and terminalText leaves it as it is', () => {
		const value = {corpus: all, [HOSTILE.c1]: HOSTILE.bidi, n: 1, nothing: null};
		const json = terminalJson(value);
		assert.doesNotMatch(json, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
		assert.deepEqual(JSON.parse(json), value);
		assert.equal(terminalText(json), json);
		assert.equal(terminalJson(['a'], 0), '["a"]');
		assert.equal(terminalJson(undefined), 'null');
	});

	it('table: hostile cells inert, columns aligned by display width', () => {
		const lines = table([
			['NAME', 'ARCH', 'OS'],
			[HOSTILE.osc0, `${HOSTILE.oscOpen}`, 'linux'],
			['数据库', HOSTILE.c1, 'linux'],
		]);
		for (const l of lines) assertInert(l);
		const col = (l: string) => displayWidth(l.slice(0, l.lastIndexOf('linux')));
		assert.equal(col(lines[1]!), col(lines[2]!), 'the OS column starts at the same place');
		assert.ok(lines[1]!.endsWith('linux'), 'an unterminated OSC does not eat the next cell');
	});
});

describe('terminalSafeJson', () => {
	it('escapes C1, DEL and bidi controls; the parsed value is unchanged', () => {
		const value = {name: 'a\u009b2J\x7f\u202eb\x1b[0m'};
		const json = terminalSafeJson(JSON.stringify(value));
		assert.doesNotMatch(json, /[\x00-\x1f\x7f-\x9f\u202a-\u202e]/);
		assert.deepEqual(JSON.parse(json), value);
	});
});
