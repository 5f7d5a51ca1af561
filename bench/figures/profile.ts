/**
 * Where berth's CPU goes in the scenario (opt-in: `--only profile`): berth in the 200×50 tmux pane
 * with `--cpu-prof`, nothing pressed, quit with `q` after the window so node writes the profile;
 * then the functions with the most self time (the main thread only: V8's background threads, GC
 * marking and compiling, are not in a CPU profile; the note gives the whole process tree's CPU).
 */
import {mkdirSync, readdirSync, readFileSync, rmSync} from 'node:fs';
import {basename} from 'node:path';
import {shebangFlags, type Ctx} from '../context.js';
import {treeCpuSeconds} from '../proc.js';
import type {Figure} from '../report.js';
import {sleep} from '../stats.js';
import {TmuxPane} from '../tmux.js';

interface ProfNode {
	id: number;
	callFrame: {functionName: string; url: string; lineNumber: number};
	children?: number[];
}
interface Profile {
	nodes: ProfNode[];
	samples: number[];
	timeDeltas: number[];
	startTime: number;
	endTime: number;
}

/**
 * Self time per function (ms) and the main thread's busy time over [fromUs, toUs] (V8's clock is
 * CLOCK_MONOTONIC in µs, the same as process.hrtime's ns / 1000).
 */
export function summarise(p: Profile, fromUs = -Infinity, toUs = Infinity): {spanMs: number; busyMs: number; top: Array<{fn: string; ms: number}>} {
	const byId = new Map(p.nodes.map((n) => [n.id, n]));
	const self = new Map<string, number>();
	let busy = 0;
	let t = p.startTime;
	for (let i = 0; i < p.samples.length; i++) {
		t += p.timeDeltas[i] ?? 0;
		const n = byId.get(p.samples[i]!);
		const dt = (p.timeDeltas[i + 1] ?? 0) / 1000;
		if (!n || t < fromUs || t > toUs) continue;
		const cf = n.callFrame;
		if (cf.functionName === '(idle)') continue;
		busy += dt;
		const key = `${cf.functionName || '(anonymous)'} ${cf.url ? `${basename(cf.url)}:${cf.lineNumber + 1}` : ''}`.trim();
		self.set(key, (self.get(key) ?? 0) + dt);
	}
	const top = [...self.entries()].sort((a, b) => b[1] - a[1]).map(([fn, ms]) => ({fn, ms}));
	return {spanMs: (Math.min(toUs, p.endTime) - Math.max(fromUs, p.startTime)) / 1000, busyMs: busy, top};
}

/** Inclusive time (ms) of the first frame on each sample's stack whose function name matches, per bucket. */
export const BUCKETS: Array<[string, RegExp]> = [
	['Ink: output of a frame (renderer)', /^renderer$/],
	['Ink: layout (yoga calculateLayout)', /^calculateLayout$/],
	['Ink: writing to the terminal', /^(_writeGeneric|Socket\._writeGeneric|writeSync|log)$/],
	['React: render and commit (without Ink above)', /^performWorkOnRoot$/],
	['garbage collector (main thread)', /^\(garbage collector\)$/],
	['reading cgroup / proc files', /^(readFileUtf8|readFileSync)$/],
];

export function buckets(p: Profile, fromUs = -Infinity, toUs = Infinity): Array<{bucket: string; ms: number}> {
	const byId = new Map(p.nodes.map((n) => [n.id, n]));
	const parent = new Map<number, number>();
	for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
	const out = new Map<string, number>(BUCKETS.map(([b]) => [b, 0]));
	let t = p.startTime;
	let other = 0;
	for (let i = 0; i < p.samples.length; i++) {
		t += p.timeDeltas[i] ?? 0;
		const dt = (p.timeDeltas[i + 1] ?? 0) / 1000;
		if (t < fromUs || t > toUs) continue;
		const leaf = byId.get(p.samples[i]!);
		if (!leaf || leaf.callFrame.functionName === '(idle)') continue;
		// the innermost bucket on the stack wins (Ink's renderer runs inside React's commit)
		let hit: string | null = null;
		for (let id: number | undefined = leaf.id; id !== undefined && !hit; id = parent.get(id)) {
			const fn = byId.get(id)!.callFrame.functionName;
			hit = BUCKETS.find(([, re]) => re.test(fn))?.[0] ?? null;
		}
		if (hit) out.set(hit, out.get(hit)! + dt);
		else other += dt;
	}
	return [...[...out.entries()].map(([bucket, ms]) => ({bucket, ms})), {bucket: 'everything else (timers, streams, the store, …)', ms: other}];
}

export async function profile(ctx: Ctx, size: {cols: number; rows: number}, label: string): Promise<Figure> {
	const dir = `${ctx.root}.bench/prof`;
	rmSync(dir, {recursive: true, force: true});
	mkdirSync(dir, {recursive: true});
	const windowS = ctx.window(10, 30);
	const pane = new TmuxPane([process.execPath, ...shebangFlags(ctx.cli), '--cpu-prof', `--cpu-prof-dir=${dir}`, ctx.cli], size);
	let cpu = 0;
	let from = 0;
	let to = 0;
	let frames = 0;
	try {
		await sleep((ctx.quick ? 2 : 5) * 1000);
		const c0 = treeCpuSeconds(pane.pid);
		const b0 = pane.bytes();
		from = Number(process.hrtime.bigint() / 1000n);
		await sleep(windowS * 1000);
		to = Number(process.hrtime.bigint() / 1000n);
		cpu = ((treeCpuSeconds(pane.pid) - c0) / windowS) * 100;
		frames = pane.framesBetween(b0, pane.bytes());
		pane.tmux('send-keys', '-t', '0', 'q');
		for (let i = 0; i < 100 && pane.alive(); i++) await sleep(100);
	} finally {
		pane.kill();
	}
	const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
	if (!file) throw new Error('berth wrote no CPU profile (did it quit on q?)');
	const prof = JSON.parse(readFileSync(`${dir}/${file}`, 'utf8')) as Profile;
	const s = summarise(prof, from, to);
	const by = buckets(prof, from, to);
	ctx.log(`profile buckets (main thread, window): ${by.map((b) => `${b.bucket} ${b.ms.toFixed(0)} ms`).join('; ')}`);
	const top = s.top.slice(0, 15);
	ctx.log(`profile (${label}): main thread busy ${s.busyMs.toFixed(0)} ms of ${s.spanMs.toFixed(0)} ms; top self time:\n${top.map((t) => `   ${t.ms.toFixed(1).padStart(8)} ms  ${t.fn}`).join('\n')}`);
	return {
		id: 'scenario-profile',
		label: `${label}: berth's main thread busy in the window (CPU profile)`,
		value: (s.busyMs / s.spanMs) * 100,
		unit: '%',
		target: '-',
		pass: null,
		note: `process tree ${cpu.toFixed(2)} % over the ${windowS} s window, ${frames} frames (${frames ? ((cpu * windowS * 10) / frames).toFixed(0) : '-'} ms of tree CPU per frame); ${by.map((b) => `${b.bucket} ${((b.ms / s.busyMs) * 100).toFixed(0)} %`).join(', ')}; top functions: ${top
			.slice(0, 5)
			.map((t) => `${t.fn} ${((t.ms / s.busyMs) * 100).toFixed(0)} %`)
			.join(', ')}; profile in ${dir}/${file}`,
		detail: {spanMs: s.spanMs, busyMs: s.busyMs, top: s.top.slice(0, 40), windowCpuPct: cpu, frames, buckets: by},
	};
}
