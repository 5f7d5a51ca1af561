/** The logs pane's view of the buffer: filter, search hits, the window to show (pure). */
import wrapAnsi from 'wrap-ansi';
import type {LogLineView, LogView} from '../state/types.js';

// sanitised text holds no escape sequence but plain SGR colours
// eslint-disable-next-line no-control-regex
const SGR = /\x1b\[[0-9;]*m/g;
export const stripSgr = (s: string) => s.replace(SGR, '');
export const plainText = (l: LogLineView) => stripSgr(l.text);

const has = (l: LogLineView, needle: string) => needle !== '' && plainText(l).toLowerCase().includes(needle.toLowerCase());

export function filterLines(lines: LogLineView[], filter: string): LogLineView[] {
	return filter ? lines.filter((l) => has(l, filter) || l.source.toLowerCase().includes(filter.toLowerCase())) : lines;
}

/** seqs of the lines that match the search, oldest first. */
export function searchHits(lines: LogLineView[], search: string): number[] {
	return search ? lines.filter((l) => has(l, search)).map((l) => l.seq) : [];
}

/** The index just past the last line shown: the end while following, else the anchor line. */
export function windowEnd(lines: Array<{seq: number}>, anchor: number | null): number {
	if (anchor === null) return lines.length;
	// seqs ascend within the buffer: first line with seq > anchor
	let lo = 0;
	let hi = lines.length;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (lines[mid]!.seq <= anchor) lo = mid + 1;
		else hi = mid;
	}
	return Math.max(Math.min(lines.length, 1), lo);
}

/** Moving the view by `delta` lines (negative: up/older); returns the new anchor (null: follow). */
export function moveAnchor(lines: Array<{seq: number}>, anchor: number | null, delta: number, visible: number): number | null {
	if (lines.length === 0) return anchor;
	const end = windowEnd(lines, anchor);
	const next = Math.max(Math.min(visible, lines.length), Math.min(lines.length, end + delta));
	if (next >= lines.length) return null;
	return lines[next - 1]!.seq;
}

/** Anchor that brings the line with this seq into view (a few lines of context below it). */
export function anchorFor(lines: LogLineView[], seq: number, visible: number): number | null {
	const i = lines.findIndex((l) => l.seq === seq);
	if (i < 0) return null;
	const end = Math.min(lines.length, Math.max(i + 1, i + Math.floor(visible / 2)));
	return end >= lines.length ? null : lines[end - 1]!.seq;
}

export function shortTime(ts: string | null): string {
	if (!ts) return '--:--:--.---';
	const m = /T(\d\d:\d\d:\d\d)(\.\d{1,3})?/.exec(ts);
	return m ? `${m[1]}${(m[2] ?? '.000').padEnd(4, '0')}` : ts;
}

export interface DisplayRow {
	line: LogLineView;
	/** the text for this screen row (a piece of the line in wrap mode) */
	text: string;
	first: boolean;
}

/** The screen rows for lines ending at `end`, filling `height` rows from the bottom. */
export function displayRows(lines: LogLineView[], end: number, height: number, width: number, view: Pick<LogView, 'timestamps' | 'wrap'>, prefix: (l: LogLineView) => string): DisplayRow[] {
	const out: DisplayRow[] = [];
	for (let i = end - 1; i >= 0 && out.length < height; i--) {
		const l = lines[i]!;
		const head = (view.timestamps ? shortTime(l.ts) + ' ' : '') + prefix(l);
		if (!view.wrap) {
			out.push({line: l, text: l.text, first: true});
			continue;
		}
		const room = Math.max(10, width - head.length);
		const pieces = wrapAnsi(l.text, room, {hard: true, trim: false, wordWrap: false}).split('\n');
		for (let p = pieces.length - 1; p >= 0 && out.length < height; p--) out.push({line: l, text: pieces[p]!, first: p === 0});
	}
	return out.reverse();
}
