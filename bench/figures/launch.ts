/** Launch → first frame showing the real container list, median of 10, against `node -e 0`. */
import {engineNames, openBerth, quit, type Ctx} from '../context.js';
import type {Figure} from '../report.js';
import {median, sleep} from '../stats.js';
import {msBetween, Tui} from '../tui.js';

const RUNS = 10;

export async function launch(ctx: Ctx): Promise<Figure[]> {
	const node: number[] = [];
	for (let i = 0; i < RUNS; i++) {
		const t = new Tui([process.execPath, '-e', '0'], {discard: true});
		await t.started();
		await t.waitExit();
		node.push(msBetween(t.startedAt, t.exitedAt));
	}
	const names = await engineNames();
	const berth: number[] = [];
	for (let i = 0; i < RUNS; i++) {
		const {tui, firstListMs} = await openBerth(ctx, names);
		berth.push(firstListMs);
		await quit(tui);
		await sleep(150);
	}
	const m = median(berth);
	const n = median(node);
	ctx.log(`launch: berth ${berth.map((x) => x.toFixed(0)).join(' ')} ms; node -e 0 ${node.map((x) => x.toFixed(0)).join(' ')} ms`);
	return [
		{
			id: 'launch',
			label: `launch → first frame with the real list (median of ${RUNS}, ${names.length} containers)`,
			value: m,
			unit: 'ms',
			target: `≤ 350 ms and ≤ 2.5× node -e 0 (${n.toFixed(0)} ms → ≤ ${(2.5 * n).toFixed(0)} ms)`,
			pass: m <= 350 && m <= 2.5 * n,
			detail: {runsMs: berth, nodeRunsMs: node, nodeMedianMs: n, ratio: m / n},
		},
	];
}
