/**
 * Untrusted text (container names, labels, log lines, healthcheck output) made inert and readable
 * for a terminal. One pass over the code points:
 *
 * - Escape sequences (7-bit `ESC …` and their 8-bit C1 forms U+0080–U+009F) are removed whole:
 *   CSI (cursor moves, clear screen, …), OSC (title, OSC 52 clipboard, OSC 8 hyperlinks), DCS, SOS,
 *   PM, APC strings (up to BEL, ST or the next ESC; an unterminated string is removed to the end,
 *   with `{multiline: true}` to the end of its line),
 *   and two-byte/charset sequences (`ESC c`, `ESC 7`, `ESC ( B` …). With `{keepColor: true}` plain
 *   SGR colour sequences (`ESC [` digits/semicolons `m`) survive, minus "conceal" (8), and a reset
 *   is appended when colour is left open. With `{showEscapes: true}` nothing is removed: each ESC
 *   is shown as `^[` and the rest of the sequence as plain text.
 * - Other controls are shown in caret notation: NUL `^@`, BEL `^G`, backspace `^H`, a carriage
 *   return `^M` (a lone CR would overwrite the line), DEL `^?`; newline is kept only with
 *   `{multiline: true}` (where CR LF becomes LF), else shown as `^J`. A lone ESC is `^[`.
 * - Tabs are expanded to spaces up to the next multiple of `tabWidth` (8) display columns
 *   (`{keepTabs: true}`: kept).
 * - Bidi overrides/embeddings/isolates (U+202A–U+202E, U+2066–U+2069: "trojan source" reordering)
 *   are shown as `<U+202E>`.
 * - Invalid UTF-8 (Buffer input) and lone surrogates become U+FFFD.
 *
 * terminalText / terminalJson are the CLI's one output rule (text / --json), see below.
 *
 * Width: displayWidth/truncateToWidth count wide (CJK, emoji) and zero-width (combining) characters
 * with `string-width`, and cut only between grapheme clusters.
 */
import stringWidth from 'string-width';

export interface SanitizeOptions {
	/** keep SGR colour sequences (default false: all escape sequences go) */
	keepColor?: boolean;
	/** keep line feeds (default false: shown as ^J) */
	multiline?: boolean;
	/** show escape sequences as `^[…` text instead of removing them */
	showEscapes?: boolean;
	/** tab stops every N display columns (default 8) */
	tabWidth?: number;
	/** keep tabs as they are (a tab moves the cursor right, it cannot hide or rewrite text) */
	keepTabs?: boolean;
}

const ESC = 0x1b;
const BEL = 0x07;
// nothing to do: no C0 (tab, newline included), DEL, C1 or bidi control
// eslint-disable-next-line no-control-regex
const SAFE = /^[^\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]*$/;
const SGR_RESET = '\x1b[0m';
const BIDI = (c: number) => (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);

const caret = (c: number) => (c === 0x7f ? '^?' : '^' + String.fromCharCode(c + 0x40));
const utf8 = new TextDecoder('utf-8', {fatal: false});

/** Text from a Buffer (invalid UTF-8 → U+FFFD) or a string (lone surrogates → U+FFFD). */
export function toText(input: string | Uint8Array): string {
	if (typeof input !== 'string') return utf8.decode(input);
	// (String.prototype.isWellFormed/toWellFormed, ES2024: the same replacement, without a regex pass over every cell)
	const s = input as string & {isWellFormed(): boolean; toWellFormed(): string};
	return s.isWellFormed() ? input : s.toWellFormed();
}

/** SGR parameters with "conceal" (8) removed; null when nothing is left worth keeping. */
function safeSgr(params: string): string | null {
	if (params === '') return '';
	const ps = params.split(';');
	const out: string[] = [];
	for (let i = 0; i < ps.length; i++) {
		const p = Number(ps[i] || '0');
		if (p === 38 || p === 48 || p === 58) {
			const n = ps[i + 1] === '5' ? 2 : ps[i + 1] === '2' ? 4 : 0;
			out.push(...ps.slice(i, i + 1 + n));
			i += n;
		} else if (p !== 8) out.push(ps[i]!);
	}
	return out.length ? out.join(';') : null;
}

/** Make untrusted text safe to print in a terminal. See the module comment for the rules. */
export function sanitize(input: string | Uint8Array, opts: SanitizeOptions = {}): string {
	const s = toText(input);
	if (SAFE.test(s)) return s;
	const tabWidth = opts.tabWidth ?? 8;
	let out = '';
	let run = ''; // printable text since the last tab/newline (for the column count)
	let col = 0;
	let colorOpen = false;
	const flush = () => {
		if (run) {
			col += stringWidth(run);
			out += run;
			run = '';
		}
	};
	const cps = Array.from(s, (ch) => ch.codePointAt(0)!);
	const at = (i: number): number => cps[i]!;
	const n = cps.length;
	let i = 0;
	while (i < n) {
		const c = at(i);
		const c1 = c >= 0x80 && c <= 0x9f;
		if (c === ESC || c1) {
			// kind: the 7-bit final of the introducer (ESC [ ↔ U+009B); body: first code point after it
			const kind = c1 ? c - 0x40 : i + 1 < n ? at(i + 1) : -1;
			const body = c1 ? i + 1 : i + 2;
			if (kind < 0x20 || kind > 0x7e) {
				run += '^[';
				i++;
				continue;
			}
			let end: number; // index after the sequence
			let keep: string | null = null;
			if (kind === 0x5b) {
				// CSI: params 0x30–0x3f, intermediates 0x20–0x2f, final 0x40–0x7e
				let j = body;
				while (j < n && at(j) >= 0x30 && at(j) <= 0x3f) j++;
				const pEnd = j;
				while (j < n && at(j) >= 0x20 && at(j) <= 0x2f) j++;
				if (j < n && at(j) >= 0x40 && at(j) <= 0x7e) {
					const params = String.fromCodePoint(...cps.slice(body, pEnd));
					if (opts.keepColor && at(j) === 0x6d && pEnd === j && /^[0-9;]*$/.test(params)) {
						const p = safeSgr(params);
						if (p !== null) keep = `\x1b[${p}m`;
					}
					end = j + 1;
				} else end = j; // malformed: drop what was read, go on at the odd code point
			} else if (kind === 0x5d || kind === 0x50 || kind === 0x58 || kind === 0x5e || kind === 0x5f) {
				// OSC, DCS, SOS, PM, APC: a string up to BEL, ST (ESC \ or U+009C), CAN/SUB, or another ESC;
				// in multiline text also up to the end of the line (an unterminated string must not eat
				// the lines after it: they are shown, as the newline is)
				let j = body;
				while (j < n && ![BEL, ESC, 0x9c, 0x18, 0x1a].includes(at(j)) && !(opts.multiline && (at(j) === 0x0a || at(j) === 0x0d))) j++;
				if (j >= n) end = n;
				else if (at(j) === 0x0a || at(j) === 0x0d) end = j;
				else if (at(j) === ESC) end = j + 1 < n && at(j + 1) === 0x5c ? j + 2 : j;
				else end = j + 1;
			} else if (c1) {
				end = i + 1; // a single C1 control (NEL, IND, RI …)
			} else {
				// ESC, intermediates 0x20–0x2f, final 0x30–0x7e (ESC c, ESC 7, ESC ( B, ESC # 8 …)
				let j = i + 1;
				while (j < n && at(j) >= 0x20 && at(j) <= 0x2f) j++;
				if (j < n && at(j) >= 0x30 && at(j) <= 0x7e) j++;
				end = j;
			}
			if (keep !== null) {
				run += keep;
				colorOpen = !/^\x1b\[0*m$/.test(keep);
				i = end;
			} else if (opts.showEscapes) {
				run += c1 ? '^[' + String.fromCharCode(kind) : '^[';
				i++;
			} else i = end;
			continue;
		}
		i++;
		if (c === 0x09 && opts.keepTabs) run += '\t';
		else if (c === 0x09) {
			flush();
			const pad = tabWidth > 0 ? tabWidth - (col % tabWidth) : 0;
			out += ' '.repeat(pad);
			col += pad;
		} else if (c === 0x0a && opts.multiline) {
			flush();
			out += '\n';
			col = 0;
		} else if (c === 0x0d && opts.multiline && i < n && at(i) === 0x0a) {
			// CR LF: the LF is handled next
		} else if (c < 0x20 || c === 0x7f) run += caret(c);
		else if (BIDI(c)) run += `<U+${c.toString(16).toUpperCase()}>`;
		else run += String.fromCodePoint(c);
	}
	flush();
	return colorOpen ? out + SGR_RESET : out;
}

/**
 * JSON text safe to print on a terminal: JSON.stringify already escapes C0 controls; this also
 * escapes DEL and the C1 range (U+007F–U+009F, e.g. 8-bit CSI U+009B) and bidi controls. Same value.
 */
export function terminalSafeJson(json: string): string {
	return json.replace(/[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * The CLI's output rule for text (commands/common.ts `stdio`; also the roles gate's stderr):
 * untrusted text made inert line by line: escape sequences removed (an unterminated string only to
 * the end of its line), other controls in caret notation, bidi controls as `<U+202E>`, invalid
 * UTF-8 as U+FFFD; newlines and tabs kept.
 */
export function terminalText(s: string | Uint8Array): string {
	return sanitize(s, {multiline: true, keepTabs: true});
}

/**
 * The CLI's output rule for `--json`: JSON of `value` (indented by `indent`), with every control that
 * JSON.stringify leaves raw escaped too (terminalSafeJson). The same value when parsed, and inert
 * under terminalText (it holds no control at all).
 */
export function terminalJson(value: unknown, indent = 2): string {
	return terminalSafeJson(JSON.stringify(value, null, indent) ?? 'null');
}

/** Columns the text takes in a terminal (SGR sequences count zero; wide characters two). */
export function displayWidth(s: string): number {
	return stringWidth(s);
}

const SGR_TOKEN = /\x1b\[[0-9;]*m/g;
// built on first use: creating a segmenter loads ICU's break iterator (≈15 ms at start-up)
let segmenterOnce: Intl.Segmenter | undefined;
const segmenter = () => (segmenterOnce ??= new Intl.Segmenter(undefined, {granularity: 'grapheme'}));

/**
 * Cut (sanitised) text to at most `width` columns, never inside a grapheme cluster or an SGR
 * sequence; adds `ellipsis` when it cut, and a colour reset when colour was in use.
 */
export function truncateToWidth(s: string, width: number, ellipsis = '…'): string {
	if (width <= 0) return '';
	if (stringWidth(s) <= width) return s;
	const ell = stringWidth(ellipsis) <= width ? ellipsis : '';
	const budget = width - stringWidth(ell);
	let out = '';
	let used = 0;
	let sawSgr = false;
	let last = 0;
	const pieces: Array<{sgr: boolean; text: string}> = [];
	for (const m of s.matchAll(SGR_TOKEN)) {
		if (m.index! > last) pieces.push({sgr: false, text: s.slice(last, m.index)});
		pieces.push({sgr: true, text: m[0]});
		last = m.index! + m[0].length;
	}
	if (last < s.length) pieces.push({sgr: false, text: s.slice(last)});
	outer: for (const p of pieces) {
		if (p.sgr) {
			out += p.text;
			sawSgr = true;
			continue;
		}
		// printable ASCII is one column a character: no grapheme segmentation needed (nor built)
		const segments = /^[\x20-\x7e]*$/.test(p.text) ? Array.from(p.text, (segment) => ({segment})) : segmenter().segment(p.text);
		for (const {segment} of segments) {
			const w = stringWidth(segment);
			if (used + w > budget) break outer;
			out += segment;
			used += w;
		}
	}
	return out + ell + (sawSgr ? SGR_RESET : '');
}

/** Truncate and pad with spaces to exactly `width` columns. */
export function fitToWidth(s: string, width: number): string {
	const t = truncateToWidth(s, width);
	return t + ' '.repeat(Math.max(0, width - stringWidth(t)));
}
