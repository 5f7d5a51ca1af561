// Build-time patches of Ink 6.8.0 (node_modules/ink/build): the same frames, less work, bounded
// memory. Applied by scripts/build.mjs to the bundle and by scripts/patches/ink-hooks.mjs to every
// test that loads Ink, so the tests run what ships. Each replacement must match exactly: a changed
// Ink fails the build instead of silently going unpatched.
//
// Ink's own render options cover none of this. `incrementalRendering` (6.8) changes only what is
// written once a frame is built — the changed lines instead of the whole screen: 8.1 → 2.3 KB per
// frame in issue 16's scenario, its CPU within the noise — while these patches make building the
// frame cheaper; and in 6.8.0 it draws a frame that keeps its trailing newline (berth's frames are
// rows − 1 tall) one row too low, so the screen slides and duplicates lines (docs/performance.md).
// `maxFps` (berth: 60, so a key never waits Ink's 32 ms default) and `patchConsole` are set in
// source/ui/run.tsx.
//
// output.js — Ink rebuilds the whole screen for every render with a fresh cache per frame, so every
// line was tokenised again (ansi-tokenize), a new cell object made per screen cell, and every row
// turned back into a string: ≈30 ms of CPU per 160×50 frame, mostly for rows that had not changed.
// Patched: the tokenise/width caches live across frames (bounded), one shared blank cell, and a row
// whose cells are the very objects of the previous frame reuses that frame's string; the clipping of
// a line to its box (slice-ansi, tokenising again) is cached too, and a plain line that fits its box
// is not cut at all. A row that did change is turned into a string without ansi-tokenize's per-cell
// diff (three Sets per cell) between cells of the same style. A plain line (FAST_LINE below) is
// tokenised without the grapheme segmenter, and cells are shared: one per character per style, for
// every line and frame, so a changed row allocates no cells and a row back to earlier text is made
// of the very cells of before. The clip's widths come from measure-text's cache (Ink measured the
// same string for layout). test/ui/ink-patches.test.ts checks that the patched Output draws Ink's
// very bytes, frame after frame.
// render-node-to-output.js — the width of every text node was measured again each frame
// (string-width over the whole line); patched to use Ink's own cached measureText.
// measure-text.js — a plain line's width is the sum of its characters' own widths (cached), without
// string-width's segmenter; its cache, and wrap-text.js's, of every text ever measured or truncated
// are unbounded: with a followed log pane they grow by every line shown, for as long as berth runs.
// Patched: cleared when they pass a bound.
// sanitize-ansi.js — Ink 6.8 tokenises every text node's whole text at every nesting level, every
// frame, to strip escape codes other than SGR; text with no other codes (all of berth's: its own
// Text component made every string inert before) is returned as it is without tokenising.
// The caches hold pure functions of their keys, so the output is byte-for-byte Ink's.
const BOUND = 5000;
/** tokenised lines hold a cell object per character: a few screens' worth, not thousands of log lines */
const LINES_BOUND = 400;
/**
 * A "plain" line: text and SGR codes only (each parameter at most 3 digits: strip-ansi and
 * ansi-tokenize read them alike), every character one that no neighbour can join into a grapheme —
 * printable ASCII, Latin-1 and Latin Extended letters, punctuation, arrows, box drawing, shapes,
 * braille; no combining marks, joiners, format or bidi characters, no Hangul, nothing outside the
 * BMP. Each character of such a line is its own grapheme, so its width and token are the ones it
 * has alone (cached per character), and an SGR sequence's tokens the ones it has alone.
 */
const FAST_LINE = String.raw`/^(?:[\u0020-\u007E\u00A0-\u02FF\u2010-\u2027\u2030-\u205F\u2070-\u20CF\u2100-\u2BFF]|\u001B\[(?:[0-9]{1,3}(?:;[0-9]{1,3})*)?m)*$/`;
export const INK_PATCHES = {
	'ink/build/output.js': [
		[
			"import { styledCharsFromTokens, styledCharsToString, tokenize, } from '@alcalzone/ansi-tokenize';",
			"import { ansiCodesToString, diffAnsiCodes, reduceAnsiCodesIncremental, tokenize, } from '@alcalzone/ansi-tokenize';",
		],
		// a plain line that fits its box (the text of a list row: colours come later, as transformers)
		// is not cut: no slice-ansi, no new string. A line with escape codes still goes through
		// slice-ansi, which also normalises its codes (and Ink's colour wrappers rely on that).
		['const width = this.caches.getStringWidth(line);', 'const width = measureText(line).width;'],
		['return sliceAnsi(line, from, to);', "return from === 0 && to === width && !line.includes('\\u001B') ? line : __berthSlice(line, from, to);"],
		['cached = styledCharsFromTokens(tokenize(line));', 'cached = __berthStyledChars(__berthTokenize(line));'],
		// the widest line of a text Ink has just measured for layout (the same string): measure-text's cache
		["import stringWidth from 'string-width';", "import stringWidth from 'string-width';\nimport measureText from './measure-text.js';"],
		[
			`            let lineWidth = 0;
            for (const line of text.split('\\n')) {
                lineWidth = Math.max(lineWidth, this.getStringWidth(line));
            }
            cached = lineWidth;`,
			'            cached = measureText(text).width;',
		],
		[
			'caches = new OutputCaches();',
			'caches = __berthSharedCaches();',
		],
		[
			`                row.push({
                    type: 'char',
                    value: ' ',
                    fullWidth: false,
                    styles: [],
                });`,
			'                row.push(__berthBlank);',
		],
		[
			`            .map(line => {
            // See https://github.com/vadimdemedes/ink/pull/564#issuecomment-1637022742
            const lineWithoutEmptyItems = line.filter(item => item !== undefined);
            return styledCharsToString(lineWithoutEmptyItems).trimEnd();
        })`,
			'            .map((line, y) => __berthRowString(y, line.filter(item => item !== undefined)))',
		],
		[
			'export default class Output {',
		`const __berthBlank = Object.freeze({type: 'char', value: ' ', fullWidth: false, styles: Object.freeze([])});
let __berthCaches = null;
function __berthSharedCaches() {
    if (!__berthCaches || __berthCaches.styledChars.size > ${LINES_BOUND} || __berthCaches.widths.size > ${BOUND} || __berthCaches.blockWidths.size > ${BOUND}) {
        __berthCaches = new OutputCaches();
    }
    return __berthCaches;
}
let __berthSlices = new Map();
function __berthSlice(line, from, to) {
    const key = from + ':' + to + ':' + line;
    let sliced = __berthSlices.get(key);
    if (sliced === undefined) {
        if (__berthSlices.size > ${BOUND}) {
            __berthSlices.clear();
        }
        sliced = sliceAnsi(line, from, to);
        __berthSlices.set(key, sliced);
    }
    return sliced;
}
let __berthRows = [];
function __berthRowString(y, cells) {
    const prev = __berthRows[y];
    if (prev !== undefined && prev.cells.length === cells.length) {
        let same = true;
        for (let i = 0; i < cells.length; i++) {
            if (prev.cells[i] !== cells[i]) {
                same = false;
                break;
            }
        }
        if (same) return prev.text;
    }
    const text = __berthCharsToString(cells).trimEnd();
    __berthRows[y] = {cells, text};
    return text;
}
// styledCharsToString of ansi-tokenize, without its three Sets and filters per cell: a run of cells
// with the same styles (the same codes in the same order) needs no escape codes between them.
function __berthSameStyles(a, b) {
    if (a === b) return true;
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) {
        if (a[i].code !== b[i].code || a[i].endCode !== b[i].endCode) return false;
    }
    return true;
}
// tokenize of ansi-tokenize without its grapheme segmenter for the common line: plain text and SGR
// codes only, every character one that no neighbour can join into a grapheme (printable ASCII,
// Latin-1 and Latin Extended letters, punctuation, arrows, box drawing, shapes, braille; no
// combining marks, joiners, format or bidi characters, no Hangul, nothing outside the BMP). Each
// character is then its own grapheme, so its token is the one tokenize gives it alone (cached), and
// each SGR sequence's tokens are the ones tokenize gives it alone (cached). Anything else: tokenize.
const __berthFastLine = ${FAST_LINE};
let __berthCharTokens = new Map();
let __berthSgrTokens = new Map();
function __berthTokenize(line) {
    if (!__berthFastLine.test(line)) return tokenize(line);
    if (__berthCharTokens.size > ${BOUND} || __berthSgrTokens.size > ${BOUND}) {
        __berthCharTokens = new Map();
        __berthSgrTokens = new Map();
    }
    const ret = [];
    for (let i = 0; i < line.length;) {
        if (line.charCodeAt(i) === 0x1b) {
            const end = line.indexOf('m', i) + 1;
            const seq = line.slice(i, end);
            let tokens = __berthSgrTokens.get(seq);
            if (tokens === undefined) {
                tokens = tokenize(seq);
                __berthSgrTokens.set(seq, tokens);
            }
            for (const t of tokens) ret.push(t);
            i = end;
        }
        else {
            const ch = line[i];
            let token = __berthCharTokens.get(ch);
            if (token === undefined) {
                token = tokenize(ch)[0];
                __berthCharTokens.set(ch, token);
            }
            ret.push(token);
            i++;
        }
    }
    return ret;
}
// styledCharsFromTokens of ansi-tokenize, but cells are shared: one styles array per distinct style
// (its codes, in order) and one cell per character in a style, for every line and frame (it made a
// new cell and copied the codes for every character of every line it tokenised). Nothing writes to
// a cell or its styles. A changed row made of cells already seen allocates no cells, and a row that
// comes back to earlier text is made of the very cells of before (the row-string cache sees it).
let __berthStyles = new Map();
let __berthCells = 0;
function __berthStyle(codes) {
    let key = '';
    for (const c of codes) key += c.code + '\u0000' + c.endCode + '\u0001';
    let style = __berthStyles.get(key);
    if (style === undefined) {
        style = {styles: [...codes], cells: new Map()};
        __berthStyles.set(key, style);
    }
    return style;
}
function __berthStyledChars(tokens) {
    if (__berthCells > ${BOUND}) {
        __berthStyles = new Map();
        __berthCells = 0;
    }
    let codes = [];
    let style = null;
    const ret = [];
    for (const token of tokens) {
        if (token.type === 'ansi') {
            codes = reduceAnsiCodesIncremental(codes, [token]);
            style = null;
        }
        else if (token.type === 'char') {
            style ??= __berthStyle(codes);
            let cell = style.cells.get(token.value);
            if (cell === undefined) {
                cell = {...token, styles: style.styles};
                style.cells.set(token.value, cell);
                __berthCells++;
            }
            ret.push(cell);
        }
    }
    return ret;
}
function __berthCharsToString(chars) {
    let ret = '';
    let prev;
    for (let i = 0; i < chars.length; i++) {
        const styles = chars[i].styles;
        if (prev === undefined) ret += ansiCodesToString(styles);
        else if (!__berthSameStyles(prev, styles)) ret += ansiCodesToString(diffAnsiCodes(prev, styles));
        ret += chars[i].value;
        prev = styles;
    }
    if (prev !== undefined && prev.length > 0) ret += ansiCodesToString(diffAnsiCodes(prev, []));
    return ret;
}
export default class Output {`,
		],
	],
	'ink/build/sanitize-ansi.js': [
		[
			`    if (!hasAnsiControlCharacters(text)) {
        return text;
    }`,
			`    if (!hasAnsiControlCharacters(text)) {
        return text;
    }
    // only complete SGR sequences (Ink's own colours, berth's sanitised log colours): kept whole
    if (!hasAnsiControlCharacters(text.replace(__berthSgr, ''))) {
        return text;
    }`,
		],
		['const sgrParametersRegex = /^[\\d:;]*$/;', 'const sgrParametersRegex = /^[\\d:;]*$/;\nconst __berthSgr = /\\u001B\\[[\\d:;]*m/g;'],
	],
	'ink/build/render-node-to-output.js': [
		["import widestLine from 'widest-line';", "import measureText from './measure-text.js';"],
		['const currentWidth = widestLine(text);', 'const currentWidth = measureText(text).width;'],
	],
	'ink/build/measure-text.js': [
		['    const width = widestLine(text);', `    if (cache.size > ${BOUND}) {
        cache.clear();
    }
    const width = __berthWidest(text);`],
		// widest-line without string-width's segmenter for plain lines (FAST_LINE): the sum of the
		// characters' own widths, SGR codes skipped; string-width for everything else
		["import widestLine from 'widest-line';", `import stringWidth from 'string-width';
const __berthFastLine = ${FAST_LINE};
let __berthCharWidths = new Map();
function __berthWidth(line) {
    if (!__berthFastLine.test(line)) return stringWidth(line);
    if (__berthCharWidths.size > ${BOUND}) __berthCharWidths = new Map();
    let width = 0;
    for (let i = 0; i < line.length;) {
        const c = line.charCodeAt(i);
        if (c === 0x1b) {
            i = line.indexOf('m', i) + 1;
            continue;
        }
        i++;
        if (c >= 0x20 && c <= 0x7e) {
            width++;
            continue;
        }
        const ch = line[i - 1];
        let w = __berthCharWidths.get(ch);
        if (w === undefined) {
            w = stringWidth(ch);
            __berthCharWidths.set(ch, w);
        }
        width += w;
    }
    return width;
}
function __berthWidest(text) {
    let widest = 0;
    for (const line of text.split('\\n')) widest = Math.max(widest, __berthWidth(line));
    return widest;
}`],
	],
	'ink/build/wrap-text.js': [
		['const cache = {};', 'const cache = new Map();'],
		['const cachedText = cache[cacheKey];', 'const cachedText = cache.get(cacheKey);'],
		['cache[cacheKey] = wrappedText;', `if (cache.size > ${BOUND}) {
        cache.clear();
    }
    cache.set(cacheKey, wrappedText);`],
	],
};

/** One of Ink's files with its patches applied; throws when a patch no longer matches. */
export function patchInk(file, text) {
	for (const [from, to] of INK_PATCHES[file]) {
		if (!text.includes(from)) throw new Error(`build: expected "${from.trim().split('\n')[0]}" in ${file} (Ink changed? see scripts/patches/ink.mjs)`);
		text = text.replace(from, to);
	}
	return text;
}
