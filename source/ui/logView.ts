/** The logs pane's view of the buffer: filter, search hits, the window to show (pure). */
import wrapAnsi from 'wrap-ansi';
import type {Lines, LogLineView, LogView} from '../state/types.js';

// sanitised text holds no escape sequence but plain SGR colours
// eslint-disable-next-line no-control-regex
const SGR = /\x1b\[[0-9;]*m/g;
export const stripSgr = (s: string) => s.replace(SGR, '');
export const plainText = (l: LogLineView) => stripSgr(l.text);

const has = (l: LogLineView, needle: string) => needle !== '' && plainText(l).toLowerCase().includes(needle.toLowerCase());

/** With no filter, the lines themselves (the follower's snapshot: nothing is copied). */
export function filterLines(lines: Lines<LogLineView>, filter: string): Lines<LogLineView> {
	if (!filter) return lines;
	const out: LogLineView[] = [];
	for (const l of lines) if (has(l, filter) || l.source.toLowerCase().includes(filter.toLowerCase())) out.push(l);
	return out;
}

/** seqs of the lines that match the search, oldest first. */
export function searchHits(lines: Iterable<LogLineView>, search: string): number[] {
	const out: number[] = [];
	if (search) for (const l of lines) if (has(l, search)) out.push(l.seq);
	return out;
}

/** The index just past the last line shown: the end while following, else the anchor line. */
export function windowEnd(lines: Lines<{seq: number}>, anchor: number | null): number {
	if (anchor === null) return lines.length;
	// seqs ascend within the buffer: first line with seq > anchor
	let lo = 0;
	let hi = lines.length;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (lines.at(mid)!.seq <= anchor) lo = mid + 1;
		else hi = mid;
	}
	return Math.max(Math.min(lines.length, 1), lo);
}

/** Moving the view by `delta` lines (negative: up/older); returns the new anchor (null: follow). */
export function moveAnchor(lines: Lines<{seq: number}>, anchor: number | null, delta: number, visible: number): number | null {
	if (lines.length === 0) return anchor;
	const end = windowEnd(lines, anchor);
	const next = Math.max(Math.min(visible, lines.length), Math.min(lines.length, end + delta));
	if (next >= lines.length) return null;
	return lines.at(next - 1)!.seq;
}

/** Anchor that brings the line with this seq into view (a few lines of context below it). */
export function anchorFor(lines: Lines<{seq: number}>, seq: number, visible: number): number | null {
	// seqs ascend: the line is just before the first one past it
	const i = lines.length ? windowEnd(lines, seq) - 1 : -1;
	if (i < 0 || lines.at(i)!.seq !== seq) return null;
	const end = Math.min(lines.length, Math.max(i + 1, i + Math.floor(visible / 2)));
	return end >= lines.length ? null : lines.at(end - 1)!.seq;
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
export function displayRows(lines: Lines<LogLineView>, end: number, height: number, width: number, view: Pick<LogView, 'timestamps' | 'wrap'>, prefix: (l: LogLineView) => string): DisplayRow[] {
	const out: DisplayRow[] = [];
	for (let i = end - 1; i >= 0 && out.length < height; i--) {
		const l = lines.at(i)!;
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
