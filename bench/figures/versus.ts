/**
 * Side by side, same containers: berth's CPU vs `docker stats` (both in a 160×50 terminal), and the
 * engine's CPU (dockerd + containerd + the shims of the bench's containers) while each runs, with
 * a baseline window where neither runs. Then the floor: a bare Node process holding the stats
 * streams of the containers berth showed (workers/floor.ts), to tell what berth adds to them.
 */
import {cpuOver, openBerth, quit, type Ctx} from '../context.js';
import type {Made} from '../containers.js';
import {namesIn} from '../frames.js';
import {cpuSecondsOf, enginePids} from '../proc.js';
import type {Figure} from '../report.js';
import {sleep} from '../stats.js';
import {Tui} from '../tui.js';
import {startWorker} from '../worker.js';

export async function versus(ctx: Ctx, tickers: Made[]): Promise<Figure[]> {
	const seconds = ctx.window(5, 60);
	const settle = ctx.quick ? 1500 : 5000;
	const engine = enginePids(new Set(tickers.map((t) => t.id)));
	const engineCpu = () => cpuSecondsOf(engine);

	const base = await (async () => {
		const c0 = engineCpu();
		const t0 = Date.now();
		await sleep((ctx.quick ? 3 : seconds) * 1000);
		return ((engineCpu() - c0) / ((Date.now() - t0) / 1000)) * 100;
	})();

	const {tui} = await openBerth(ctx);
	let berth: {pct: number; alsoPct: number | null};
	let shown: string[];
	try {
		await sleep(settle);
		berth = await cpuOver(tui.pid, seconds, engineCpu);
		shown = namesIn(tui.last?.text ?? '', tickers.map((t) => t.name));
	} finally {
		await quit(tui);
	}

	const ds = new Tui(['docker', 'stats'], {discard: true});
	let dstats: {pct: number; alsoPct: number | null};
	try {
		await ds.started();
		await sleep(settle);
		dstats = await cpuOver(ds.pid, seconds, engineCpu);
	} finally {
		await ds.close();
	}
	const floor = await (async () => {
		const ids = tickers.filter((t) => shown.includes(t.name)).map((t) => t.id);
		const w = startWorker('floor', ids);
		try {
			await w.waitLine<{ready?: number}>((m) => m.ready !== undefined, 15_000);
			await sleep(settle);
			const {pct} = await cpuOver(w.pid, seconds);
			return {streams: ids.length, pct};
		} finally {
			await w.stop();
		}
	})();
	const eb = berth.alsoPct ?? NaN;
	const ed = dstats.alsoPct ?? NaN;
	ctx.log(`versus: berth ${berth.pct.toFixed(2)} % vs docker stats ${dstats.pct.toFixed(2)} %; engine ${eb.toFixed(1)} % vs ${ed.toFixed(1)} % (baseline ${base.toFixed(1)} %); a bare Node client with berth's ${floor.streams} streams: ${floor.pct.toFixed(2)} %`);
	return [
		{
			id: 'versus-client',
			label: `CPU: berth vs \`docker stats\`, same ${tickers.length} containers printing 1 line/s, ${seconds} s each`,
			value: berth.pct / dstats.pct,
			unit: '×',
			target: '≤ 0.5×',
			pass: berth.pct / dstats.pct <= 0.5,
			note: `berth ${berth.pct.toFixed(2)} %, docker stats ${dstats.pct.toFixed(2)} %; floor: a bare Node client holding the ${floor.streams} stats streams berth held, ${floor.pct.toFixed(2)} % (${(floor.pct / dstats.pct).toFixed(2)}×)`,
			detail: {berthPct: berth.pct, dockerStatsPct: dstats.pct, seconds, floorStreams: floor.streams, floorPct: floor.pct},
		},
		{
			id: 'versus-engine',
			label: `engine CPU (dockerd+containerd+shims) with berth vs with \`docker stats\``,
			value: eb / ed,
			unit: '×',
			target: '≤ 0.5×',
			pass: eb / ed <= 0.5,
			note: `${eb.toFixed(1)} % vs ${ed.toFixed(1)} %, ${base.toFixed(1)} % with neither; the engine is shared with other work`,
			detail: {engineWithBerthPct: eb, engineWithDockerStatsPct: ed, engineBaselinePct: base, enginePids: engine.length},
		},
	];
}
