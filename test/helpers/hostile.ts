/**
 * The hostile-string corpus and the check that output is inert, shared by the CLI end-to-end test
 * (test/e2e/hostile-output.test.ts) and the dashboard render test (test/ui/hostile-panes.test.tsx).
 *
 * Every string carries a visible marker (`hx` + a letter, lower case: berth lower-cases arch names)
 * so a test can tell that the field really was printed, and not merely dropped.
 */
import assert from 'node:assert/strict';

const E = '\x1b';

/** One hostile string per kind of control sequence; none holds NUL (argv cannot) or `$` (compose interpolates it). */
export const HOSTILE = {
	osc0: `hxa${E}]0;PWNED-TITLE\x07`,
	osc2st: `hxb${E}]2;PWNED-TITLE2${E}\\`,
	osc52: `hxc${E}]52;c;UFdORUQtQ0xJUA==\x07`,
	osc8: `${E}]8;;http://evil.example/${E}\\hxd${E}]8;;${E}\\`,
	oscOpen: `hxe${E}]0;unterminated title`,
	csi: `hxf${E}[2J${E}[1;1H${E}[?1049l${E}[?1000h${E}[6n${E}[21t${E}[31m`,
	dcs: `hxg${E}Pq#0;2;0;0;0~${E}\\${E}_apc${E}\\${E}^pm${E}\\`,
	esc2: `hxh${E}c${E}7${E}(0qq${E}(B${E}#8${E}=`,
	c1: `hxi\u009b2J\u009d0;C1-TITLE\u009c\u0085\u0090q\u009c\u009a`,
	bidi: `hxj\u202eevil\u202c\u202a\u202b\u202d\u2066iso\u2069\u2067\u2068`,
	bel: `hxk\x07\x07`,
	overwrite: `hxl\rOVERWRITE\b\b\b\x7f\x0b\x0c`,
	long: `hxm${`${E}[31mA${E}]0;T\x07\u009b1m\u202e`.repeat(3000)}`,
} as const;

/** With NUL: where the value travels as JSON, a file or a byte stream (not argv). */
export const HOSTILE_NUL = `hxn\u0000after-nul${E}]0;NUL-TITLE\x07`;

/** Bytes for a shell `printf` (octal escapes): ESC, OSC 0, OSC 52, CSI, 8-bit CSI (UTF-8 C2 9B), RLO, NUL, invalid UTF-8, BEL. */
export const PRINTF_HOSTILE = String.raw`hxp\033]0;PWNED-PRINTF\007\033]52;c;UFdO\007\033[2J\302\2332J\342\200\256rlo\000nul\377\376bad\007`;

/** The forbidden code points: C0 but tab and newline, DEL, C1, bidi controls. */
// eslint-disable-next-line no-control-regex
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;

const utf8 = new TextDecoder('utf-8', {fatal: true});

/** Fail when any byte of a control sequence (or invalid UTF-8) is in the output. */
export function assertInert(out: string | Uint8Array, where: string, opts: {allowSgr?: boolean} = {}): string {
	let s: string;
	if (typeof out === 'string') s = out;
	else {
		try {
			s = utf8.decode(out);
		} catch {
			assert.fail(`${where}: the output is not valid UTF-8 (a raw 0x80–0x9f byte is a C1 control to some terminals)`);
		}
	}
	const checked = opts.allowSgr ? s.replace(/\x1b\[[0-9;]*m/g, '') : s;
	const m = RAW.exec(checked);
	if (m) {
		const at = m.index;
		assert.fail(`${where}: raw U+${m[0].codePointAt(0)!.toString(16).padStart(4, '0').toUpperCase()} at ${at}: ${JSON.stringify(checked.slice(Math.max(0, at - 40), at + 40))}`);
	}
	return s;
}

/** Does the output show at least one of the markers (a field was printed, not dropped)? */
export function showsMarker(s: string, markers: string[]): boolean {
	return markers.some((m) => s.includes(m));
}
