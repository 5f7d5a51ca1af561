/** Bench figures: one line each with the target beside it, and .bench/latest.json. */
import {mkdirSync, writeFileSync} from 'node:fs';
import {cpus, totalmem} from 'node:os';
import {readFileSync} from 'node:fs';

export interface Figure {
	id: string;
	/** what was measured, as the line reads */
	label: string;
	value: number | null;
	unit: string;
	/** e.g. "≤ 350 ms" */
	target: string;
	/** null: not judged (no target, or could not be measured) */
	pass: boolean | null;
	/** honesty: what this figure is not (noisy, proxy, quick window …) */
	note?: string;
	detail?: Record<string, unknown>;
}

export const fmt = (v: number | null, unit: string) => {
	if (v === null || Number.isNaN(v)) return 'n/a';
	const digits = Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : 2;
	return `${v.toFixed(digits)}${unit ? ' ' + unit : ''}`;
};

export function line(f: Figure): string {
	const verdict = f.pass === null ? '----' : f.pass ? 'PASS' : 'MISS';
	const head = `${verdict}  ${f.label}`.padEnd(78);
	return `${head} ${fmt(f.value, f.unit).padStart(12)}   target ${f.target}${f.note ? `   (${f.note})` : ''}`;
}

export function machine() {
	let model = 'unknown';
	try {
		model = /^model name\s*:\s*(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? model;
	} catch {
		// not linux
	}
	return {nproc: cpus().length, model, memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10, node: process.version};
}

export function writeLatest(root: string, data: {runId: string; quick: boolean; loadavgStart?: string; loadavgEnd?: string; started: string; finished: string; figures: Figure[]; errors: string[]}): string {
	const dir = `${root}/.bench`;
	mkdirSync(dir, {recursive: true});
	const path = `${dir}/latest.json`;
	writeFileSync(path, JSON.stringify({...data, machine: machine()}, null, 2) + '\n');
	return path;
}
