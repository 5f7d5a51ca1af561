/**
 * Issue 16's figures ("lighter than lazydocker on the screen people actually see"): the scenario
 * at 200×50 with every client, its variants (80×24, 160×50, 200 containers), `berth status` against
 * `docker ps -a`, key press → changed frame at 200×50, and the first frame with the real list
 * against the floor (Node + Ink + React drawing a trivial frame).
 */
import {spawnSync} from 'node:child_process';
import {mkdirSync} from 'node:fs';
import {build} from 'esbuild';
import {engineNames, openBerth, quit, shebangFlags, type Ctx} from '../context.js';
import {stripAnsi} from '../frames.js';
import type {Figure} from '../report.js';
import {median, percentile, sleep} from '../stats.js';
import {msBetween, Tui} from '../tui.js';
import {latencies, selection} from './interactive.js';
import {execFile} from 'node:child_process';
import {promisify} from 'node:util';
import {bundleWorker} from '../bundle.js';
import {clients, engineFigure, ratioFigure, runLine, runScenario, type Client, type Engine, type Run, type Scenario} from './scenario.js';

export const MAIN = {cols: 200, rows: 50};

const run = promisify(execFile);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** The scenario at 200×50 with all four clients. */
export async function mainScenario(ctx: Ctx, sc: Scenario, engine: Engine, markers: string[]): Promise<Figure[]> {
	const all = clients(ctx);
	const lazy = all.lazydocker;
	const ds = all['docker-stats']!;
	const floor = all.floor!;
	await bundleWorker(ctx.root, 'scenario-floor');
	const who = [all.berth!, all['berth-api']!, ...(lazy ? [lazy] : []), ds, floor];
	const {runs, failures, base} = await runScenario(ctx, sc, who, engine, markers);
	// drawing alone: berth's App drawing the scenario's frames with no streams and no reads
	let frame: FrameCost | null = null;
	try {
		frame = await frameCost(ctx, sc);
	} catch (err) {
		ctx.log(`frame cost: ${(err as Error).message.slice(0, 300)}`);
	}
	const out: Figure[] = [];
	out.push({
		id: `scenario-baseline-${sc.containers}`,
		label: `${sc.label}: engine CPU with no client (baseline)`,
		value: base.pct,
		unit: '%',
		target: '-',
		pass: null,
		note: `windows ${base.windows.map((x) => x.toFixed(2)).join(' and ')} %; dockerd+containerd alone ${base.daemonsPct.toFixed(2)} %`,
	});
	for (const c of who) out.push(runLine(sc, c, runs.get(c.id)!, base.pct, failures.get(c.id)));
	for (const b of [all.berth!, all['berth-api']!]) {
		const br = runs.get(b.id)!;
		if (lazy) out.push(ratioFigure(`scenario-cpu-vs-lazydocker-${b.id}`, sc, b, br, lazy, runs.get('lazydocker')!, 0.5));
		out.push(ratioFigure(`scenario-cpu-vs-docker-stats-${b.id}`, sc, b, br, ds, runs.get('docker-stats')!, 1));
		if (lazy) out.push(engineFigure(`scenario-engine-vs-lazydocker-${b.id}`, sc, b, br, lazy, runs.get('lazydocker')!, base, 0.3));
		const peak = br.length ? Math.max(...br.map((r) => r.rssPeakMB)) : null;
		out.push({id: `scenario-rss-${b.id}`, label: `${sc.label}: RSS of ${b.label} (peak)`, value: peak, unit: 'MB', target: '≤ 75 MB', pass: peak !== null && peak <= 75});
	}
	out.push(...floorFigures(sc, runs.get('berth')!, runs.get('floor')!, runs.get('docker-stats')!, frame));
	if (!lazy) out.push({id: 'scenario-lazydocker', label: 'lazydocker (not found: set BERTH_BENCH_LAZYDOCKER)', value: null, unit: '', target: '-', pass: false});
	return out;
}

export interface FrameCost {
	frames: number;
	cpuMs: number;
	idleCpuMs: number;
	msPerFrame: number;
	bytesPerFrame: number;
	follows: number;
	statIds: number;
}

/** bench/workers/frame-cost.ts (bundled as berth is, berth's node flags) at the scenario's size: CPU per frame of berth's App, drawing only. */
export async function frameCost(ctx: Ctx, sc: {cols: number; rows: number}): Promise<FrameCost> {
	const js = await bundleWorker(ctx.root, 'frame-cost');
	const {stdout} = await run(process.execPath, [...shebangFlags(ctx.cli), js, '--cols', String(sc.cols), '--rows', String(sc.rows), '--frames', ctx.quick ? '50' : '150'], {timeout: 180_000, maxBuffer: 1 << 20});
	const line = stdout.split('\n').find((l) => l.startsWith('{'));
	if (!line) throw new Error(`frame-cost worker printed no result: ${stdout.slice(0, 300)}`);
	const r = JSON.parse(line) as FrameCost;
	ctx.log(`frame cost ${sc.cols}×${sc.rows}: ${r.msPerFrame.toFixed(1)} ms of CPU per frame over ${r.frames} frames (${(r.bytesPerFrame / 1024).toFixed(1)} KiB each; idle window ${r.idleCpuMs.toFixed(0)} ms), ${r.follows} sources, stats for ${r.statIds}`);
	return r;
}

/**
 * The floor beside berth: the floor's own CPU and its ratio to `docker stats` (the least a Node
 * client that follows those logs and reads those stats uses), and berth's CPU split into that
 * floor, drawing (CPU per frame, measured apart, × berth's frames/s in its windows) and the rest.
 */
export function floorFigures(sc: Scenario, berth: Run[], floor: Run[], ds: Run[], frame: FrameCost | null): Figure[] {
	if (!floor.length || !ds.length) return [];
	const f = mean(floor.map((r) => r.cpuPct));
	const d = mean(ds.map((r) => r.cpuPct));
	const out: Figure[] = [
		{
			id: 'scenario-floor-vs-docker-stats',
			label: `${sc.label}: CPU of the floor (bench/workers/scenario-floor.ts: the same log streams and stats reads as berth, no drawing) / \`docker stats\``,
			value: f / d,
			unit: '×',
			target: '-',
			pass: null,
			note: `${f.toFixed(2)} % vs ${d.toFixed(2)} %; rounds ${floor.map((r) => r.cpuPct.toFixed(2)).join(', ')} %; load ${floor.map((r) => r.load).join(', ')}`,
			detail: {floorPct: f, dockerStatsPct: d},
		},
	];
	if (berth.length) {
		const b = mean(berth.map((r) => r.cpuPct));
		const fps = mean(berth.map((r) => r.framesPerS));
		const draw = frame ? (frame.msPerFrame * fps) / 10 : NaN;
		out.push({
			id: 'scenario-cpu-split',
			label: `${sc.label}: berth's CPU, split: floor (streams + reads), drawing, rest`,
			value: b,
			unit: '%',
			target: '-',
			pass: null,
			note: frame
				? `floor ${f.toFixed(2)} %, drawing ${draw.toFixed(2)} % (${fps.toFixed(2)} frames/s × ${frame.msPerFrame.toFixed(1)} ms of CPU per frame, bench/workers/frame-cost.ts), rest ${(b - f - draw).toFixed(2)} %`
				: `floor ${f.toFixed(2)} %, rest ${(b - f).toFixed(2)} % (the frame cost could not be measured)`,
			detail: {berthPct: b, floorPct: f, framesPerS: fps, frame, drawingPct: draw},
		});
	}
	return out;
}

/** A variant: berth (default source) and lazydocker only, CPU ratio ≤ 0.5×. */
export async function variant(ctx: Ctx, sc: Scenario, engine: Engine, markers: string[]): Promise<Figure[]> {
	const all = clients(ctx);
	const lazy = all.lazydocker;
	if (!lazy) return [{id: `variant-${sc.cols}x${sc.rows}-${sc.containers}`, label: `${sc.label}: lazydocker not found`, value: null, unit: '', target: '≤ 0.5×', pass: false}];
	const who: Client[] = [all.berth!, lazy];
	const {runs, failures, base} = await runScenario(ctx, sc, who, engine, markers);
	const out: Figure[] = who.map((c) => runLine(sc, c, runs.get(c.id)!, base.pct, failures.get(c.id)));
	out.push(ratioFigure(`variant-cpu-${sc.cols}x${sc.rows}-${sc.containers}`, sc, all.berth!, runs.get('berth')!, lazy, runs.get('lazydocker')!, 0.5));
	return out;
}

/** `berth status` (text, as a user runs it) against `docker ps -a`: wall time, median of runs each, interleaved. */
export function statusVs(ctx: Ctx, bench: number, total: number): Figure {
	const runs = ctx.quick ? 5 : 10;
	const berth: number[] = [];
	const ps: number[] = [];
	const bare: number[] = [];
	const node = [process.execPath, ...shebangFlags(ctx.cli), ctx.cli, 'status'];
	const time = (cmd: string[]) => {
		const t0 = process.hrtime.bigint();
		const r = spawnSync(cmd[0]!, cmd.slice(1), {stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024});
		const ms = Number(process.hrtime.bigint() - t0) / 1e6;
		if (r.status !== 0) throw new Error(`${cmd.slice(-2).join(' ')} exited ${r.status}: ${String(r.stderr).slice(0, 200)}`);
		return ms;
	};
	// one of each first: disk caches warm for both
	time(node);
	time(['docker', 'ps', '-a']);
	for (let i = 0; i < runs; i++) {
		berth.push(time(node));
		ps.push(time(['docker', 'ps', '-a']));
		bare.push(time([process.execPath, ...shebangFlags(ctx.cli), '-e', '0']));
	}
	const b = median(berth);
	const p = median(ps);
	ctx.log(`status at ${total}: berth ${berth.map((x) => x.toFixed(0)).join(' ')} ms; docker ps -a ${ps.map((x) => x.toFixed(0)).join(' ')} ms`);
	return {
		id: `status-${bench}`,
		label: `\`berth status\` wall time / \`docker ps -a\`, ${total} containers (${bench} bench), median of ${runs}`,
		value: b / p,
		unit: '×',
		target: '≤ 3×',
		pass: b / p <= 3,
		note: `${b.toFixed(0)} ms vs ${p.toFixed(0)} ms; the floor, node -e 0 with the same flags: ${median(bare).toFixed(0)} ms (${(median(bare) / p).toFixed(1)}×)`,
		detail: {berthMs: berth, dockerPsMs: ps, nodeMs: bare, total},
	};
}

/** Key press → changed frame at 200×50 in the scenario (j/k on the list, nothing else pressed). */
export async function keys200(ctx: Ctx, label: string): Promise<Figure> {
	const {tui} = await openBerth(ctx, undefined, 20_000, MAIN);
	try {
		await sleep(ctx.quick ? 2000 : 5000);
		const presses = ctx.quick ? 30 : 300;
		const r = await latencies(tui, presses, (i) => (i % 2 === 0 ? 'j' : 'k'), (before, f) => selection(f.text) !== before, selection);
		const p95 = percentile(r.lat, 95);
		ctx.log(`keys 200×50: p50 ${median(r.lat).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms over ${r.lat.length} presses, ${r.timeouts} timeouts`);
		return {
			id: 'scenario-keys',
			label: `${label}: key press → changed frame, p95 of ${r.lat.length} (j/k)`,
			value: r.lat.length ? p95 : null,
			unit: 'ms',
			target: '≤ 30 ms',
			pass: r.lat.length ? p95 <= 30 && r.timeouts === 0 : false,
			note: `p50 ${median(r.lat).toFixed(1)} ms, p99 ${percentile(r.lat, 99).toFixed(1)} ms${r.timeouts ? `; ${r.timeouts} presses without a changed frame in 2 s` : ''}`,
			detail: {p50: median(r.lat), p99: percentile(r.lat, 99), max: Math.max(...r.lat), timeouts: r.timeouts},
		};
	} finally {
		await quit(tui);
	}
}

/** Build the floor app (bench/floor/ink-hello.mjs) the way berth is bundled. */
async function buildFloor(ctx: Ctx): Promise<string> {
	const dir = `${ctx.root}.bench`;
	mkdirSync(dir, {recursive: true});
	const out = `${dir}/floor-ink.mjs`;
	await build({
		entryPoints: [`${ctx.root}bench/floor/ink-hello.mjs`],
		outfile: out,
		bundle: true,
		platform: 'node',
		format: 'esm',
		target: 'node20',
		logLevel: 'warning',
		define: {'process.env.NODE_ENV': '"production"', 'process.env.DEV': '"false"'},
		alias: {'react-devtools-core': `${ctx.root}scripts/stubs/react-devtools-core.js`},
		banner: {js: "import {createRequire as __cr} from 'node:module'; const require = __cr(import.meta.url);"},
	});
	return out;
}

/** Fork → first frame with the real list at 200×50, median of 10; the floor beside it. */
export async function firstFrame(ctx: Ctx, label: string): Promise<Figure[]> {
	const runs = ctx.quick ? 5 : 10;
	const names = await engineNames();
	const berth: number[] = [];
	for (let i = 0; i < runs; i++) {
		const {tui, firstListMs} = await openBerth(ctx, names, 20_000, MAIN);
		berth.push(firstListMs);
		await quit(tui);
		await sleep(150);
	}
	const floorJs = await buildFloor(ctx);
	const floor: number[] = [];
	for (let i = 0; i < runs; i++) {
		const tui = new Tui([process.execPath, ...shebangFlags(ctx.cli), floorJs], MAIN);
		await tui.started();
		const f = await tui.waitFrame((fr) => stripAnsi(fr.text).includes('berth-bench floor'), 20_000, 'the floor frame');
		floor.push(msBetween(tui.startedAt, f.t));
		await tui.close();
		await sleep(150);
	}
	const node: number[] = [];
	for (let i = 0; i < runs; i++) {
		const t = new Tui([process.execPath, '-e', '0'], {discard: true, ...MAIN});
		await t.started();
		await t.waitExit();
		node.push(msBetween(t.startedAt, t.exitedAt));
	}
	const m = median(berth);
	const fl = median(floor);
	const n = median(node);
	ctx.log(`first frame 200×50: berth ${berth.map((x) => x.toFixed(0)).join(' ')} ms; floor ${floor.map((x) => x.toFixed(0)).join(' ')} ms; node -e 0 ${node.map((x) => x.toFixed(0)).join(' ')} ms`);
	return [
		{
			id: 'scenario-first-frame',
			label: `${label}: launch → first frame with the real list, median of ${runs} (${names.length} containers)`,
			value: m,
			unit: 'ms',
			target: '≤ 300 ms',
			pass: m <= 300,
			note: `runs ${Math.min(...berth).toFixed(0)}–${Math.max(...berth).toFixed(0)} ms; ${(m - fl).toFixed(0)} ms above the floor`,
			detail: {runsMs: berth},
		},
		{
			id: 'scenario-first-frame-floor',
			label: `floor: Node + Ink + React drawing a trivial frame (same bundler, same node flags), median of ${runs}`,
			value: fl,
			unit: 'ms',
			target: '-',
			pass: null,
			note: `runs ${Math.min(...floor).toFixed(0)}–${Math.max(...floor).toFixed(0)} ms; node -e 0 ${n.toFixed(0)} ms`,
			detail: {runsMs: floor, nodeRunsMs: node, nodeMedianMs: n},
		},
	];
}

export type {Run};
export {mean};
