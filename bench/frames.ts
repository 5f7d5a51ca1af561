/**
 * Reading Ink's output stream without a terminal emulator. Ink (outside CI) wraps every frame it
 * writes in synchronized-output marks (ESC[?2026h … ESC[?2026l), so a frame is what lies between
 * them; the selected row is drawn in inverse video (ESC[7m … ESC[27m).
 */
export const BSU = '\x1b[?2026h';
export const ESU = '\x1b[?2026l';

// CSI, OSC and two-byte escapes
const ANSI = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;

export const stripAnsi = (s: string) => s.replace(ANSI, '');

/** Splits a byte stream into completed frames; text outside marks (alt screen switch …) is ignored. */
export class FrameSplitter {
	private buf = '';
	/** returns the frames this chunk completed */
	push(chunk: string): string[] {
		this.buf += chunk;
		const out: string[] = [];
		for (;;) {
			const start = this.buf.indexOf(BSU);
			if (start < 0) {
				// keep a tail that could be the start of a split mark
				this.buf = this.buf.slice(-(BSU.length - 1));
				return out;
			}
			const end = this.buf.indexOf(ESU, start + BSU.length);
			if (end < 0) {
				this.buf = this.buf.slice(start);
				return out;
			}
			out.push(this.buf.slice(start + BSU.length, end));
			this.buf = this.buf.slice(end + ESU.length);
		}
	}
}

/** Texts drawn in inverse video in a frame (the selection), ANSI removed, trimmed. */
export function inverseTexts(frame: string): string[] {
	const out: string[] = [];
	const re = /\x1b\[(?:[0-9;]*;)?7(?:;[0-9;]*)?m([\s\S]*?)\x1b\[(?:[0-9;]*;)?27(?:;[0-9;]*)?m/g;
	let m: RegExpExecArray | null;
	while ((m = re.exec(frame))) {
		const t = stripAnsi(m[1]!).trim();
		if (t) out.push(t);
	}
	return out;
}

/** Which of the names appear in a frame's text. */
export function namesIn(frame: string, names: Iterable<string>): string[] {
	const text = stripAnsi(frame);
	return [...names].filter((n) => text.includes(n));
}
