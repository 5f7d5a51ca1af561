/**
 * Stats freshness: the running containers visible on berth's first screen get one engine-layer
 * stats stream each (watchStats); share of 1 s ticks in which every one of them got a fresh sample.
 */
import {openBerth, quit, type Ctx} from '../context.js';
import {benchEngine} from '../containers.js';
import {namesIn} from '../frames.js';
import {cpuSecondsOf} from '../proc.js';
import type {Figure} from '../report.js';
import {freshTicks, percentile, sleep} from '../stats.js';
import {startWorker} from '../worker.js';
import {dockerOf} from '../../source/engine/client.js';

/** Running containers whose names are on berth's screen now (name → id). */
export async function visibleRunning(ctx: Ctx): Promise<Map<string, string>> {
	const docker = dockerOf(await benchEngine());
	const running = new Map((await docker.listContainers()).map((c) => [(c.Names[0] ?? '').replace(/^\//, ''), c.Id]));
	const {tui} = await openBerth(ctx, [...running.keys()]);
	try {
		await sleep(1000);
		const on = namesIn(tui.last?.text ?? '', running.keys());
		return new Map(on.map((n) => [n, running.get(n)!]));
	} finally {
		await quit(tui);
	}
}

export async function stats(ctx: Ctx, total: number): Promise<Figure[]> {
	const visible = await visibleRunning(ctx);
	const ids = [...visible.values()];
	const arrivals: number[][] = ids.map(() => []);
	const w = startWorker('stats', ids);
	try {
		w.onLine((m) => {
			const s = m as {i?: number; t?: number};
			if (typeof s.i === 'number' && typeof s.t === 'number') arrivals[s.i]!.push(s.t);
		});
		await w.waitLine<{ready?: number}>((m) => m.ready !== undefined, 15_000);
		await sleep(ctx.quick ? 2000 : 3000); // every stream past its first (slow) sample
		const seconds = ctx.window(5, 30);
		const t0 = Number(process.hrtime.bigint() / 1000n) / 1000;
		const c0 = cpuSecondsOf([w.pid]);
		await sleep(seconds * 1000 + 300);
		const cpu = ((cpuSecondsOf([w.pid]) - c0) / (seconds + 0.3)) * 100;
		const {fresh, share} = freshTicks(arrivals, t0, seconds);
		// the engine's own cadence: gaps between samples of one stream (≈1 s plus jitter)
		const gaps = arrivals.flatMap((a) => a.filter((t) => t >= t0).map((t, i, xs) => (i ? t - xs[i - 1]! : NaN)).filter((g) => !Number.isNaN(g)));
		const gap = {p50: percentile(gaps, 50), p95: percentile(gaps, 95), max: Math.max(...gaps)};
		ctx.log(`stats: ${fresh}/${seconds} ticks fresh for ${ids.length} visible containers; gaps between samples p50 ${gap.p50.toFixed(0)} ms, p95 ${gap.p95.toFixed(0)} ms, max ${gap.max.toFixed(0)} ms; worker CPU ${cpu.toFixed(1)} %`);
		return [
			{
				id: 'stats-fresh',
				label: `stats: ticks where all ${ids.length} visible running got a sample (${total} running)`,
				value: share * 100,
				unit: '%',
				target: '≥ 95 %',
				pass: share >= 0.95,
				note: 'engine layer: one watchStats stream per visible container, not through the dashboard\'s stats manager',
				detail: {ticks: seconds, fresh, visible: ids.length, workerCpuPct: cpu, sampleGapMs: gap},
			},
		];
	} finally {
		await w.stop();
	}
}
