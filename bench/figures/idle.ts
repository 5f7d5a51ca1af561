/** Own CPU while idle: the list open, N running containers that print nothing, nothing changing. */
import {cpuOver, openBerth, quit, type Ctx} from '../context.js';
import type {Figure} from '../report.js';
import {sleep} from '../stats.js';

export async function idle(ctx: Ctx, bench: number, others: number, targetPct: number): Promise<Figure> {
	const {tui} = await openBerth(ctx);
	try {
		// let the first inspect burst (one inspect per container), the stats streams' opening and the
		// first renders settle: "idle" is the steady state, not start-up
		await sleep(ctx.quick ? (bench > 0 ? 4000 : 1500) : 5000);
		const seconds = ctx.window(5, 60);
		const frames0 = tui.frames;
		const {pct} = await cpuOver(tui.pid, seconds);
		const frames = tui.frames - frames0;
		ctx.log(`idle ${bench}: ${pct.toFixed(2)} % over ${seconds} s, ${frames} frames written`);
		return {
			id: `idle-${bench}`,
			label: `own CPU idle, ${bench} running bench containers (${others} others), ${seconds} s`,
			value: pct,
			unit: '%',
			target: `≤ ${targetPct} % of one core`,
			pass: pct <= targetPct,
			note: [ctx.quick ? 'quick window: 10 ms clock ticks, coarse' : '', others ? `${others} other containers on the shared engine` : ''].filter(Boolean).join('; ') || undefined,
			detail: {seconds, framesWritten: frames, framesPerSecond: frames / seconds},
		};
	} finally {
		await quit(tui);
	}
}
