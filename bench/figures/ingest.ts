/**
 * Log lines ingested per second from one container through the engine layer (containerLogs),
 * with the worker's CPU and RSS from /proc. The producer writes up to 30,000 lines/s.
 */
import type {Ctx} from '../context.js';
import type {Made} from '../containers.js';
import {cpuSecondsOf, treeRssBytes} from '../proc.js';
import type {Figure} from '../report.js';
import {sleep} from '../stats.js';
import {startWorker} from '../worker.js';

interface Tick {
	t: number;
	lines: number;
}

export async function ingest(ctx: Ctx, firehose: Made): Promise<Figure[]> {
	const w = startWorker('ingest', [firehose.id]);
	try {
		let last: Tick = {t: 0, lines: 0};
		w.onLine((m) => (last = m as Tick));
		await w.waitLine<Tick>(() => true, 15_000);
		await sleep(ctx.quick ? 1500 : 3000); // warm-up: tsx loaded, stream flowing
		const seconds = ctx.window(5, 20);
		const a = last;
		const c0 = cpuSecondsOf([w.pid]);
		const t0 = process.hrtime.bigint();
		const rss: number[] = [];
		for (let i = 0; i < seconds * 4; i++) {
			await sleep(250);
			rss.push(treeRssBytes(w.pid));
		}
		const wall = Number(process.hrtime.bigint() - t0) / 1e9;
		const cpu = ((cpuSecondsOf([w.pid]) - c0) / wall) * 100;
		const b = last;
		const rate = (b.lines - a.lines) / ((b.t - a.t) / 1000);
		const mb = (x: number) => x / 2 ** 20;
		const first = rss[0] ?? 0;
		const peak = Math.max(...rss);
		ctx.log(`ingest: ${rate.toFixed(0)} lines/s at ${cpu.toFixed(1)} % CPU, RSS ${mb(first).toFixed(1)} → ${mb(rss.at(-1) ?? 0).toFixed(1)} MB (peak ${mb(peak).toFixed(1)})`);
		const label = 'engine layer (containerLogs, follow)';
		return [
			{
				id: 'ingest-rate',
				label: `log lines ingested per second, one container, ${label}`,
				value: rate,
				unit: 'lines/s',
				target: '≥ 20,000 (producer writes ≤ 30,000/s)',
				pass: rate >= 20_000,
				note: 'engine layer only: the TUI log pane is not in this figure',
				detail: {seconds, cpuPct: cpu, rssMB: rss.map(mb)},
			},
			{
				id: 'ingest-cpu',
				label: `CPU while ingesting, ${label}`,
				value: cpu,
				unit: '%',
				target: '≤ 25 % of one core',
				pass: cpu <= 25,
				detail: {linesPerSecond: rate},
			},
			{
				id: 'ingest-rss',
				label: `RSS while ingesting (bounded: peak vs first sample), ${label}`,
				value: mb(peak),
				unit: 'MB',
				target: '≤ 1.2× the first sample (bounded)',
				pass: peak <= first * 1.2,
				detail: {firstMB: mb(first), lastMB: mb(rss.at(-1) ?? 0)},
			},
		];
	} finally {
		await w.stop();
	}
}
