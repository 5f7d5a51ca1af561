/** What every figure gets: mode, paths, and a way to open berth in a terminal. */
import {readFileSync} from 'node:fs';
import {benchEngine} from './containers.js';
import {stripAnsi} from './frames.js';
import {treeCpuSeconds} from './proc.js';
import {sleep} from './stats.js';
import {msBetween, Tui} from './tui.js';
import {dockerOf} from '../source/engine/client.js';

export interface Ctx {
	quick: boolean;
	root: string;
	/** dist/cli.js */
	cli: string;
	/** the engine's unix socket path (for the socket figure) */
	sock: string;
	log: (msg: string) => void;
	/** seconds for a measuring window: quick or full */
	window: (quickS: number, fullS: number) => number;
	/** rounds of the scenario's client windows (--rounds) */
	rounds: number;
}

/** Names of every container on the engine now ("the real container list"). */
export async function engineNames(): Promise<string[]> {
	const docker = dockerOf(await benchEngine());
	const list = await docker.listContainers({all: true});
	return list.flatMap((c) => c.Names.map((n) => n.replace(/^\//, '')));
}

/**
 * A frame shows the real list when any real container's name is on it; on an engine with no
 * containers, when it shows the dashboard's loaded-and-empty message.
 */
export const showsList = (names: string[]) => (text: string) => {
	const plain = stripAnsi(text);
	if (names.length === 0) return plain.includes('No containers on this engine');
	return names.some((n) => plain.includes(n));
};

export interface Opened {
	tui: Tui;
	/** fork → first frame with a real container name */
	firstListMs: number;
}

/** Start the built CLI in a pseudo-terminal (160×50 unless told) and wait for the real list. */
export async function openBerth(ctx: Ctx, names?: string[], timeoutMs = 15_000, size?: {cols: number; rows: number; env?: Record<string, string>}): Promise<Opened> {
	const known = names ?? (await engineNames());
	const tui = new Tui([process.execPath, ...shebangFlags(ctx.cli), ctx.cli], size);
	await tui.started();
	const pred = showsList(known);
	try {
		const f = await tui.waitFrame((fr) => pred(fr.text), timeoutMs, 'the container list');
		return {tui, firstListMs: msBetween(tui.startedAt, f.t)};
	} catch (err) {
		tui.kill();
		throw err;
	}
}

/** Share of one core used by a process tree over a window (from /proc utime+stime). */
export async function cpuOver(pid: number, seconds: number, also?: () => number): Promise<{pct: number; alsoPct: number | null}> {
	const c0 = treeCpuSeconds(pid);
	const a0 = also?.() ?? 0;
	const t0 = process.hrtime.bigint();
	await sleep(seconds * 1000);
	const c1 = treeCpuSeconds(pid);
	const a1 = also?.() ?? 0;
	const wall = Number(process.hrtime.bigint() - t0) / 1e9;
	return {pct: ((c1 - c0) / wall) * 100, alsoPct: also ? ((a1 - a0) / wall) * 100 : null};
}

/** Quit berth as a user would ('q'), falling back to signals. */
export async function quit(tui: Tui): Promise<void> {
	if (tui.exited) return;
	await tui.key('q');
	const t = Date.now();
	while (!tui.exited && Date.now() - t < 2000) await sleep(20);
	if (!tui.exited) await tui.close();
}

/** The node flags of a built cli.js's `#!/usr/bin/env -S node …` line: berth runs as its users run it. */
export function shebangFlags(cli: string): string[] {
	const first = readFileSync(cli, 'utf8').slice(0, 300).split('\n', 1)[0] ?? '';
	return first.match(/^#!.*?\bnode\b(.*)$/)?.[1]?.trim().split(/\s+/).filter(Boolean) ?? [];
}
