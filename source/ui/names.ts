/** Names in narrow cells: drop what the row above already says, and cut in the middle (the tail tells replicas apart). */
import stringWidth from 'string-width';
import {sanitize} from '../core/sanitize.js';

const segmenter = new Intl.Segmenter(undefined, {granularity: 'grapheme'});

/** A container's name under its project row: `berth-demo_worker_1` → `worker_1` (compose v1 `_`, v2 `-`). */
export function nameUnderProject(name: string, project: string | null): string {
	if (!project) return name;
	for (const sep of ['_', '-']) {
		const prefix = project + sep;
		if (name.startsWith(prefix) && name.length > prefix.length) return name.slice(prefix.length);
	}
	return name;
}

/** At most `width` columns, padded: a long text keeps its head and its tail, with `…` in the middle. */
export function elideMiddle(text: string, width: number): string {
	if (width <= 0) return '';
	const s = sanitize(text);
	const w = stringWidth(s);
	if (w <= width) return s + ' '.repeat(width - w);
	if (width === 1) return '…';
	const parts = [...segmenter.segment(s)].map((x) => x.segment);
	const budget = width - 1;
	// the tail gets the larger half: it holds the replica number
	const tailBudget = Math.ceil(budget / 2) + (budget >= 8 ? 1 : 0);
	let tail = '';
	let tw = 0;
	for (let i = parts.length - 1; i >= 0; i--) {
		const pw = stringWidth(parts[i]!);
		if (tw + pw > tailBudget) break;
		tail = parts[i]! + tail;
		tw += pw;
	}
	let head = '';
	let hw = 0;
	for (const p of parts) {
		const pw = stringWidth(p);
		if (hw + pw > budget - tw) break;
		head += p;
		hw += pw;
	}
	const out = head + '…' + tail;
	return out + ' '.repeat(Math.max(0, width - stringWidth(out)));
}
