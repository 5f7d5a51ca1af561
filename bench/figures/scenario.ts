/**
 * Issue 16's scenario, side by side in the same run: N containers each printing a line a second,
 * half of them one compose project (one service each), half standalone; each client alone in a
 * tmux pane (200×50 unless a variant says otherwise) with nothing pressed; a window after a
 * warm-up; the client's process tree's CPU from /proc, its RSS, and the engine's CPU (dockerd +
 * containerd + the shims of the bench's containers) minus the engine's baseline with no client.
 *
 * Clients: berth with its default stats source (the containers' cgroup files on a local engine),
 * berth with `BERTH_STATS=api` (one engine stats stream per visible container), lazydocker
 * v0.23.3 (../shared/peers, or BERTH_BENCH_LAZYDOCKER), and `docker stats`; and the floor: a bare Node
 * process doing what berth must do in the scenario without drawing (bench/workers/scenario-floor.ts).
 */
import {existsSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {shebangFlags, type Ctx} from '../context.js';
import {cpuSecondsOf, engineSocketCount, enginePids, treeCpuSeconds, treeRssBytes} from '../proc.js';
import type {Figure} from '../report.js';
import {mean, sleep} from '../stats.js';
import {TmuxPane} from '../tmux.js';
import {startWorker} from '../worker.js';
import {readFileSync} from 'node:fs';

/** /proc/loadavg's 1-minute figure (the machine is shared: its load goes beside the figures). */
export function loadavg(): string {
	try {
		return readFileSync('/proc/loadavg', 'utf8').split(' ')[0] ?? '?';
	} catch {
		return '?';
	}
}

export type ClientId = 'berth' | 'berth-api' | 'lazydocker' | 'docker-stats' | 'floor';

export interface Client {
	id: ClientId;
	label: string;
	cmd: string[];
	env?: Record<string, string>;
	/** a per-client config home (lazydocker writes its state there) */
	ownConfig?: boolean;
}

export function lazydockerPath(ctx: Ctx): string | null {
	const candidates = [process.env['BERTH_BENCH_LAZYDOCKER'], join(ctx.root, '..', 'shared', 'peers', 'lazydocker'), '/work/shared/peers/lazydocker'];
	return candidates.find((p) => p && existsSync(p)) ?? null;
}

/** Where lighter.ts bundles bench/workers/scenario-floor.ts (bench/bundle.ts). */
export const floorBundle = (ctx: Ctx): string => `${ctx.root}.bench/workers/scenario-floor.mjs`;

export function clients(ctx: Ctx): Record<ClientId, Client | null> {
	const berth = [process.execPath, ...shebangFlags(ctx.cli), ctx.cli];
	const lazy = lazydockerPath(ctx);
	return {
		berth: {id: 'berth', label: 'berth (stats from cgroup files)', cmd: berth},
		'berth-api': {id: 'berth-api', label: 'berth (BERTH_STATS=api)', cmd: berth, env: {BERTH_STATS: 'api'}},
		lazydocker: lazy ? {id: 'lazydocker', label: 'lazydocker v0.23.3', cmd: [lazy], ownConfig: true} : null,
		'docker-stats': {id: 'docker-stats', label: '`docker stats`', cmd: ['docker', 'stats']},
		// what berth must do in the scenario without drawing: the same log streams and cgroup reads
		// (bundled as berth is, run with its node flags: lighter.ts bundles it before the scenario)
		floor: {id: 'floor', label: 'floor (the same log streams and stats reads, no drawing)', cmd: [process.execPath, ...shebangFlags(ctx.cli), floorBundle(ctx)]},
	};
}

export interface Run {
	client: ClientId;
	cols: number;
	rows: number;
	windowS: number;
	/** /proc/loadavg (1 min) at the end of the window */
	load: string;
	/** share of one core, the client's process tree */
	cpuPct: number;
	rssPeakMB: number;
	rssMeanMB: number;
	/** dockerd + containerd + the bench's shims, whole window */
	enginePct: number;
	/** dockerd + containerd only */
	engineDaemonsPct: number;
	bytesPerS: number;
	/** the tmux server's CPU (the terminal emulator digesting the client's output; not the client's) */
	terminalPct: number;
	/** Ink frames (synchronized-output marks) per second; 0 for clients that do not mark frames */
	framesPerS: number;
	/** sockets the client's tree holds to the engine at the end of the window */
	sockets: number | null;
	/** the screen at the end of the window showed a bench container or the project */
	sawBench: boolean;
	screen: string;
	/** how it reached the engine: directly, or (lazydocker after it died) through bench/workers/nameproxy.ts */
	via: 'direct' | 'nameproxy';
	/** earlier attempts that died */
	crashes: string[];
}

export interface Engine {
	pids: number[];
	daemons: number[];
}

export function engineOf(ids: string[]): Engine {
	const pids = enginePids(new Set(ids));
	return {pids, daemons: enginePids(new Set())};
}

/** The engine's CPU with no client: a window of its own. */
export async function baseline(engine: Engine, seconds: number): Promise<{pct: number; daemonsPct: number}> {
	const a0 = cpuSecondsOf(engine.pids);
	const d0 = cpuSecondsOf(engine.daemons);
	const t0 = process.hrtime.bigint();
	await sleep(seconds * 1000);
	const wall = Number(process.hrtime.bigint() - t0) / 1e9;
	return {pct: ((cpuSecondsOf(engine.pids) - a0) / wall) * 100, daemonsPct: ((cpuSecondsOf(engine.daemons) - d0) / wall) * 100};
}

/** One client alone in a tmux pane: warm-up, then the window. */
export async function measure(ctx: Ctx, client: Client, size: {cols: number; rows: number}, engine: Engine, markers: string[], warmS: number, windowS: number, dockerHost?: string): Promise<Run> {
	const cfg = client.ownConfig ? mkdtempSync(join(tmpdir(), 'berth-bench-cfg-')) : null;
	const env = {...client.env, ...(cfg ? {XDG_CONFIG_HOME: cfg} : {}), ...(dockerHost ? {DOCKER_HOST: dockerHost} : {})};
	const pane = new TmuxPane(client.cmd, {cols: size.cols, rows: size.rows, env});
	try {
		await sleep(warmS * 1000);
		if (!pane.alive()) throw new Error(`${client.label} exited during the warm-up: ${pane.capture().slice(0, 300)}`);
		const c0 = treeCpuSeconds(pane.pid);
		const e0 = cpuSecondsOf(engine.pids);
		const d0 = cpuSecondsOf(engine.daemons);
		const b0 = pane.bytes();
		const s0 = cpuSecondsOf([pane.serverPid]);
		const t0 = process.hrtime.bigint();
		const rss: number[] = [];
		const end = Date.now() + windowS * 1000;
		while (Date.now() < end) {
			rss.push(treeRssBytes(pane.pid));
			await sleep(Math.min(1000, Math.max(0, end - Date.now())));
		}
		const c1 = treeCpuSeconds(pane.pid);
		const e1 = cpuSecondsOf(engine.pids);
		const d1 = cpuSecondsOf(engine.daemons);
		const b1 = pane.bytes();
		const s1 = cpuSecondsOf([pane.serverPid]);
		const wall = Number(process.hrtime.bigint() - t0) / 1e9;
		rss.push(treeRssBytes(pane.pid));
		if (!pane.alive()) throw new Error(`${client.label} exited during the window: ${pane.capture().trim().split('\n').slice(-3).join(' / ').slice(0, 300)}`);
		const screen = pane.capture();
		let sockets: number | null = null;
		try {
			sockets = ctx.sock ? engineSocketCount(pane.pid, ctx.sock) : null;
		} catch {
			sockets = null;
		}
		const mb = (x: number) => x / 2 ** 20;
		return {
			client: client.id,
			cols: size.cols,
			rows: size.rows,
			windowS: wall,
			load: loadavg(),
			cpuPct: ((c1 - c0) / wall) * 100,
			rssPeakMB: mb(Math.max(...rss)),
			rssMeanMB: mb(mean(rss)),
			enginePct: ((e1 - e0) / wall) * 100,
			engineDaemonsPct: ((d1 - d0) / wall) * 100,
			bytesPerS: (b1 - b0) / wall,
			terminalPct: ((s1 - s0) / wall) * 100,
			framesPerS: pane.framesBetween(b0, b1) / wall,
			sockets,
			sawBench: markers.some((m) => screen.includes(m)),
			screen,
			via: dockerHost ? 'nameproxy' : 'direct',
			crashes: [],
		};
	} finally {
		pane.kill();
		if (cfg) rmSync(cfg, {recursive: true, force: true});
	}
}

export interface Scenario {
	label: string;
	cols: number;
	rows: number;
	containers: number;
	inProject: number;
}

const pct = (x: number) => `${x.toFixed(2)} %`;
/** a signed difference */
const sg = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(2)}`;

/** The unjudged line that shows one client's figures (means over rounds; every round in detail). */
export function runLine(sc: Scenario, client: Client, runs: Run[], base: number, failure?: string): Figure {
	if (runs.length === 0) return {id: `scenario-${sc.cols}x${sc.rows}-${sc.containers}-${client.id}`, label: `${sc.label}: ${client.label} (failed to measure)`, value: null, unit: '', target: '-', pass: false, note: (failure ?? '').slice(0, 300)};
	const cpu = mean(runs.map((r) => r.cpuPct));
	const caused = mean(runs.map((r) => r.enginePct)) - base;
	return {
		id: `scenario-${sc.cols}x${sc.rows}-${sc.containers}-${client.id}`,
		label: `${sc.label}: ${client.label}, own CPU`,
		value: cpu,
		unit: '%',
		target: '-',
		pass: null,
		note: [
			`rounds ${runs.map((r) => r.cpuPct.toFixed(2)).join(', ')} %`,
			`load ${runs.map((r) => r.load).join(', ')}`,
			`RSS ${Math.min(...runs.map((r) => r.rssMeanMB)).toFixed(0)}–${Math.max(...runs.map((r) => r.rssPeakMB)).toFixed(0)} MB`,
			`engine ${mean(runs.map((r) => r.enginePct)).toFixed(1)} % (${sg(caused)} over the baseline)`,
			runs[0]!.framesPerS > 0 ? `${mean(runs.map((r) => r.framesPerS)).toFixed(2)} frames/s (${((mean(runs.map((r) => r.cpuPct)) * 10) / mean(runs.map((r) => r.framesPerS))).toFixed(0)} ms of CPU and ${(mean(runs.map((r) => r.bytesPerS)) / mean(runs.map((r) => r.framesPerS)) / 1024).toFixed(1)} KiB per frame, all of the client's CPU counted)` : '',
			`${(mean(runs.map((r) => r.bytesPerS)) / 1024).toFixed(1)} KiB/s to the terminal (tmux ${mean(runs.map((r) => r.terminalPct)).toFixed(1)} %)`,
			runs[0]!.sockets !== null ? `${runs.at(-1)!.sockets} engine sockets` : '',
			runs.some((r) => r.crashes.length) ? `died ${runs.reduce((n, r) => n + r.crashes.length, 0)}× on the shared engine${runs.some((r) => r.via === 'nameproxy') ? '; measured through bench/workers/nameproxy.ts (drops nameless containers being removed; its CPU not counted)' : ''}` : '',
			runs.every((r) => r.sawBench) ? '' : 'WARNING: the bench containers were not on its screen',
		]
			.filter(Boolean)
			.join('; '),
		detail: {runs, baselinePct: base},
	};
}

/** Ratio figure: berth's own CPU against a peer's. */
export function ratioFigure(id: string, sc: Scenario, who: Client, berth: Run[], peer: Client, peerRuns: Run[], target: number): Figure {
	const b = mean(berth.map((r) => r.cpuPct));
	const p = mean(peerRuns.map((r) => r.cpuPct));
	return {
		id,
		label: `${sc.label}: CPU ${who.label} / ${peer.label}`,
		value: b / p,
		unit: '×',
		target: `≤ ${target}×`,
		pass: b / p <= target,
		note: `${pct(b)} vs ${pct(p)}`,
		detail: {berthPct: b, peerPct: p},
	};
}

/** Ratio figure: engine CPU caused (minus the baseline), berth against a peer. */
export function engineFigure(id: string, sc: Scenario, who: Client, berth: Run[], peer: Client, peerRuns: Run[], base: {pct: number; daemonsPct: number}, target: number): Figure {
	const b = mean(berth.map((r) => r.enginePct)) - base.pct;
	const p = mean(peerRuns.map((r) => r.enginePct)) - base.pct;
	const bd = mean(berth.map((r) => r.engineDaemonsPct)) - base.daemonsPct;
	const pd = mean(peerRuns.map((r) => r.engineDaemonsPct)) - base.daemonsPct;
	const ratio = p > 0 ? Math.max(0, b) / p : NaN;
	return {
		id,
		label: `${sc.label}: engine CPU caused, ${who.label} / ${peer.label}`,
		value: ratio,
		unit: '×',
		target: `≤ ${target}×`,
		pass: Number.isFinite(ratio) ? ratio <= target : false,
		note: `${sg(b)} vs ${sg(p)} points over a baseline of ${base.pct.toFixed(2)} % (dockerd+containerd alone: ${sg(bd)} vs ${sg(pd)})`,
		detail: {berthCausedPct: b, peerCausedPct: p, baselinePct: base.pct, berthDaemonsCausedPct: bd, peerDaemonsCausedPct: pd},
	};
}

/**
 * A client that dies is tried once more; lazydocker, if it dies again, once more through the
 * name-filtering proxy (workers/nameproxy.ts says why).
 */
export async function measureOrRetry(ctx: Ctx, c: Client, size: {cols: number; rows: number}, engine: Engine, markers: string[], warmS: number, windowS: number): Promise<Run> {
	const crashes: string[] = [];
	// lazydocker: one direct attempt (on a busy shared engine it dies within seconds), then the proxy
	for (let attempt = 0; attempt < (c.id === 'lazydocker' ? 1 : 2); attempt++) {
		try {
			const run = await measure(ctx, c, size, engine, markers, warmS, windowS);
			return {...run, crashes};
		} catch (err) {
			crashes.push((err as Error).message);
			ctx.log(`${c.label} died (${(err as Error).message.slice(0, 200)})`);
		}
	}
	if (c.id !== 'lazydocker' || !ctx.sock) throw new Error(`${c.label} died: ${crashes.join(' | ')}`);
	const dir = mkdtempSync(join(tmpdir(), 'berth-bench-proxy-'));
	const listen = join(dir, 'docker.sock');
	const w = startWorker('nameproxy', [ctx.sock, listen]);
	try {
		await w.waitLine<{ready?: string}>((m) => m.ready !== undefined, 15_000);
		ctx.log(`${c.label}: measuring through the name-filtering proxy`);
		const run = await measure(ctx, c, size, engine, markers, warmS, windowS, `unix://${listen}`);
		return {...run, crashes};
	} catch (err) {
		throw new Error(`${c.label} died directly and through the proxy: ${[...crashes, (err as Error).message].join(' | ')}`);
	} finally {
		await w.stop();
		rmSync(dir, {recursive: true, force: true});
	}
}

/**
 * Measure a scenario: a baseline window, then every client `rounds` times (interleaved), then a
 * second baseline; the baseline is the mean of the two.
 */
export async function runScenario(ctx: Ctx, sc: Scenario, who: Client[], engine: Engine, markers: string[]): Promise<{runs: Map<ClientId, Run[]>; failures: Map<ClientId, string>; base: {pct: number; daemonsPct: number; windows: number[]}}> {
	const warmS = ctx.quick ? 2 : 5;
	const windowS = ctx.window(5, 30);
	const b1 = await baseline(engine, windowS);
	const runs = new Map<ClientId, Run[]>(who.map((c) => [c.id, []]));
	const failures = new Map<ClientId, string>();
	for (let r = 0; r < ctx.rounds; r++) {
		for (const c of who) {
			let run: Run;
			try {
				run = await measureOrRetry(ctx, c, sc, engine, markers, warmS, windowS);
			} catch (err) {
				failures.set(c.id, (err as Error).message);
				ctx.log(`${sc.label} round ${r + 1}: ${c.label} could not be measured: ${(err as Error).message.slice(0, 300)}`);
				continue;
			}
			runs.get(c.id)!.push(run);
			ctx.log(`${sc.label} round ${r + 1}: ${c.label} ${run.cpuPct.toFixed(2)} % CPU, RSS ${run.rssPeakMB.toFixed(0)} MB, engine ${run.enginePct.toFixed(1)} %, ${run.framesPerS.toFixed(2)} frames/s, ${(run.bytesPerS / 1024).toFixed(1)} KiB/s (tmux ${run.terminalPct.toFixed(1)} %), load ${loadavg()}, sockets ${run.sockets}${run.sawBench ? '' : ' (bench containers NOT on screen)'}`);
		}
	}
	const b2 = await baseline(engine, windowS);
	ctx.log(`${sc.label}: engine baseline ${b1.pct.toFixed(2)} % before, ${b2.pct.toFixed(2)} % after`);
	return {runs, failures, base: {pct: (b1.pct + b2.pct) / 2, daemonsPct: (b1.daemonsPct + b2.daemonsPct) / 2, windows: [b1.pct, b2.pct]}};
}
