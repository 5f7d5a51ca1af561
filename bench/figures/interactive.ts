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

/** The selected row's name part (uptime and other columns may tick on their own). */
export function selection(frame: string): string {
	const t = inverseTexts(frame)[0] ?? '';
	return t.split(/\s{2,}/)[0] ?? t;
}

/** The key that opens a log pane, if berth's keymap has one. */
export async function logKey(): Promise<string | null> {
	const {keymap} = await import('../../source/ui/keymap.js');
	const b = keymap.find((k) => /log/i.test(k.id) && (k.scope as string) !== 'help');
	return b?.keys[0] ?? null;
}

/** Move the selection onto the row with this name (≤ 400 presses). */
async function select(tui: Tui, name: string): Promise<boolean> {
	for (let i = 0; i < 400; i++) {
		const f = tui.last;
		if (!f) return false;
		if (selection(f.text).includes(name)) return true;
		const lines = stripAnsi(f.text).split('\n');
		const at = lines.findIndex((l) => l.includes(name));
		const sel = selection(f.text);
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

export async function interactive(ctx: Ctx, busy: Made, total: number): Promise<Figure[]> {
	const {tui} = await openBerth(ctx);
	const mb = (x: number) => x / 2 ** 20;
	try {
		await sleep(1500);
		const key = await logKey();
		let pane = 'list only (berth has no log pane yet)';
		if (key) {
			if ((await select(tui, busy.name)) && key.length === 1) {
				await tui.key(key === 'enter' ? '\r' : key);
				pane = `log pane (key ${key}) following ${busy.name}`;
			} else pane = `log pane key ${key} found, but selecting ${busy.name} failed: list only`;
		}
		await sleep(2000);
		const rss0 = treeRssBytes(tui.pid);
		const windowS = ctx.quick ? 30 : 30 * 60;
		const t0 = Date.now();
		const samples: number[] = [rss0];

		// key latency: alternate j/k on the list
		const presses = ctx.quick ? 60 : 300;
		const lat: number[] = [];
		let timeouts = 0;
		for (let i = 0; i < presses; i++) {
			const before = selection(tui.last?.text ?? '');
			const sentAt = await tui.key(i % 2 === 0 ? 'j' : 'k');
			try {
				const f: Frame = await tui.waitFrame((fr) => fr.t >= sentAt && selection(fr.text) !== before, 2000, 'a changed frame', false);
				lat.push(msBetween(sentAt, f.t));
			} catch {
				timeouts++;
			}
			await sleep(60 + Math.random() * 90);
			if (i % 10 === 0) samples.push(treeRssBytes(tui.pid));
		}
		while (Date.now() - t0 < windowS * 1000) {
			await sleep(1000);
			samples.push(treeRssBytes(tui.pid));
		}
		const rss1 = treeRssBytes(tui.pid);
		samples.push(rss1);
		const peak = Math.max(...samples);
		const p95 = percentile(lat, 95);
		ctx.log(`keys: p50 ${median(lat).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms over ${lat.length} presses (${timeouts} without a changed frame); RSS ${mb(rss0).toFixed(1)} → ${mb(rss1).toFixed(1)} MB (peak ${mb(peak).toFixed(1)}) over ${windowS} s; ${pane}`);
		const window = ctx.quick ? '30 s (quick; the target is over 30 min)' : '30 min';
		return [
			{
				id: 'keys-p95',
				label: `key press → changed frame, p95 of ${lat.length}, one container at 10,000 lines/s`,
				value: lat.length ? p95 : null,
				unit: 'ms',
				target: '≤ 50 ms',
				pass: lat.length ? p95 <= 50 && timeouts === 0 : false,
				note: `${pane}${timeouts ? `; ${timeouts} presses without a changed frame in 2 s` : ''}`,
				detail: {p50: median(lat), p99: percentile(lat, 99), max: Math.max(...lat), timeouts},
			},
			{
				id: 'rss',
				label: `RSS, ${total} containers, ${pane.startsWith('log') ? 'log pane following a busy container' : 'list only'} (peak)`,
				value: mb(peak),
				unit: 'MB',
				target: '≤ 90 MB',
				pass: mb(peak) <= 90,
				note: pane.startsWith('log') ? undefined : 'no log pane in berth yet: list only',
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
		];
	} finally {
		await quit(tui);
	}
}
