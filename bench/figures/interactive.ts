/**
 * One berth session with 200 containers, one of them logging 10,000 lines/s:
 *  - key press → changed frame (p95): j/k move the selection; the first frame whose selected row
 *    differs from the one before the key is the changed frame;
 *  - RSS and its growth over the window (the log pane follows the busy container once the
 *    keymap has a log binding).
 */
import {openBerth, quit, type Ctx} from '../context.js';
import type {Made} from '../containers.js';
import {inverseTexts, stripAnsi} from '../frames.js';
import {treeRssBytes} from '../proc.js';
import type {Figure} from '../report.js';
import {percentile, median, sleep} from '../stats.js';
import {msBetween, type Frame, type Tui} from '../tui.js';

/** Name parts of everything drawn in inverse (tab bar and selected row; other columns may tick). */
export function selection(frame: string): string {
	return inverseTexts(frame)
		.map((t) => t.split(/\s{2,}/)[0] ?? t)
		.join(' | ');
}

/** The selected row: the last inverse text (the tab bar comes first). */
const selectedRow = (frame: string) => selection(frame).split(' | ').at(-1) ?? '';

/** The key that opens a log pane, if berth's keymap has one. */
export async function logKey(): Promise<string | null> {
	const {keymap} = await import('../../source/ui/keymap.js');
	const b = keymap.find((k) => /open (its|the) logs/i.test(k.description)) ?? keymap.find((k) => /^logs?$/i.test(k.id));
	return b?.keys[0] ?? null;
}

/** Move the selection onto the row with this name (≤ 400 presses). */
export async function select(tui: Tui, name: string): Promise<boolean> {
	for (let i = 0; i < 400; i++) {
		const f = tui.last;
		if (!f) return false;
		if (selectedRow(f.text).includes(name)) return true;
		const lines = stripAnsi(f.text).split('\n');
		const at = lines.findIndex((l) => l.includes(name));
		const sel = selectedRow(f.text);
		const selAt = sel ? lines.findIndex((l) => l.includes(sel)) : -1;
		const up = at >= 0 && selAt >= 0 && at < selAt;
		const before = sel;
		await tui.key(up ? 'k' : 'j');
		try {
			await tui.waitFrame((fr) => selection(fr.text) !== before, 2000, 'the selection to move', false);
		} catch {
			return false;
		}
	}
	return false;
}

const KEY_BYTES: Record<string, string> = {enter: '\r', tab: '\t', esc: '\x1b'};
const TS = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/;

/** Press keys, wait for the frame `changed` says is the answer; latencies in ms. */
export async function latencies(tui: Tui, presses: number, press: (i: number) => string, changed: (before: string, f: Frame) => boolean, probe: (f: string) => string): Promise<{lat: number[]; timeouts: number}> {
	const lat: number[] = [];
	let timeouts = 0;
	let streak = 0;
	for (let i = 0; i < presses; i++) {
		const before = probe(tui.last?.text ?? '');
		const sentAt = await tui.key(press(i));
		try {
			const f = await tui.waitFrame((fr) => fr.t >= sentAt && changed(before, fr), 2000, 'a changed frame', false);
			lat.push(msBetween(sentAt, f.t));
			streak = 0;
		} catch {
			timeouts++;
			if (++streak >= 5) break;
		}
		await sleep(60 + Math.random() * 90);
	}
	return {lat, timeouts};
}

function keyFigure(id: string, what: string, r: {lat: number[]; timeouts: number}, note: string): Figure {
	const p95 = percentile(r.lat, 95);
	return {
		id,
		label: `key press → changed frame, p95 of ${r.lat.length}, ${what}`,
		value: r.lat.length ? p95 : null,
		unit: 'ms',
		target: '≤ 50 ms',
		pass: r.lat.length ? p95 <= 50 && r.timeouts === 0 : false,
		note: `${note}${r.timeouts ? `; ${r.timeouts} presses without a changed frame in 2 s` : ''}`,
		detail: {p50: median(r.lat), p99: percentile(r.lat, 99), max: Math.max(...r.lat), timeouts: r.timeouts},
	};
}

export async function interactive(ctx: Ctx, busy: Made, total: number): Promise<Figure[]> {
	const {tui} = await openBerth(ctx);
	const mb = (x: number) => x / 2 ** 20;
	const out: Figure[] = [];
	try {
		await sleep(1500);
		const presses = ctx.quick ? 30 : 300;
		// 1. the list: j/k move the selection while the busy container floods the engine
		const list = await latencies(tui, presses, (i) => (i % 2 === 0 ? 'j' : 'k'), (before, f) => selection(f.text) !== before, selection);
		ctx.log(`keys (list): p50 ${median(list.lat).toFixed(1)} ms, p95 ${percentile(list.lat, 95).toFixed(1)} ms over ${list.lat.length} presses`);
		out.push(keyFigure('keys-list', 'containers list, one container at 10,000 lines/s', list, 'j/k on the list'));

		// 2. the log pane following the busy container
		const key = await logKey();
		let pane = 'list only (berth has no log pane key)';
		if (key) {
			if (await select(tui, busy.name)) {
				await tui.key(KEY_BYTES[key] ?? key);
				try {
					await tui.waitFrame((f) => stripAnsi(f.text).includes('busy line'), 5000, 'the log pane with busy lines');
					pane = `log pane (${key}) following the busy container`;
				} catch {
					pane = `log pane key ${key} pressed, but no busy lines appeared: list`;
				}
			} else pane = `could not select ${busy.name}: list only`;
		}
		await sleep(2000);
		const rss0 = treeRssBytes(tui.pid);
		const windowS = ctx.quick ? 10 : 30 * 60;
		const t0 = Date.now();
		const samples: number[] = [rss0];
		if (pane.startsWith('log pane')) {
			// t toggles timestamps: the changed frame is the first whose log lines gained / lost them
			// the pane's title line says "· timestamps" while they are on (or the lines carry them)
			const hasTs = (f: string) => {
				const plain = stripAnsi(f);
				const title = plain.split('\n').find((l) => /^\s*logs ·/.test(l)) ?? '';
				return title.includes('timestamps') || TS.test(plain) ? 'ts' : 'plain';
			};
			const logs = await latencies(tui, presses, () => 't', (before, f) => hasTs(f.text) !== before, hasTs);
			ctx.log(`keys (logs): p50 ${median(logs.lat).toFixed(1)} ms, p95 ${percentile(logs.lat, 95).toFixed(1)} ms over ${logs.lat.length} presses`);
			out.push(keyFigure('keys-logs', 'log pane following a container at 10,000 lines/s', logs, 't toggles timestamps'));
		}
		while (Date.now() - t0 < windowS * 1000) {
			await sleep(1000);
			samples.push(treeRssBytes(tui.pid));
		}
		const rss1 = treeRssBytes(tui.pid);
		samples.push(rss1);
		const peak = Math.max(...samples);
		ctx.log(`RSS ${mb(rss0).toFixed(1)} → ${mb(rss1).toFixed(1)} MB (peak ${mb(peak).toFixed(1)}) over ${windowS} s; ${pane}`);
		const window = ctx.quick ? `${windowS} s (quick; the target is over 30 min)` : '30 min';
		const withLogs = pane.startsWith('log pane');
		out.push(
			{
				id: 'rss',
				label: `RSS, ${total} containers, ${withLogs ? 'log pane following a busy container' : 'list only'} (peak)`,
				value: mb(peak),
				unit: 'MB',
				target: '≤ 90 MB',
				pass: mb(peak) <= 90,
				note: withLogs ? undefined : pane,
				detail: {startMB: mb(rss0), endMB: mb(rss1), windowS},
			},
			{
				id: 'rss-growth',
				label: `RSS growth over ${window}`,
				value: ((rss1 - rss0) / rss0) * 100,
				unit: '%',
				target: '≤ 10 %',
				pass: (rss1 - rss0) / rss0 <= 0.1,
				note: ctx.quick ? 'quick window, not the 30 min of the target' : undefined,
			},
		);
		return out;
	} finally {
		await quit(tui);
	}
}
