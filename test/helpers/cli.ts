/** The built CLI (dist/cli.js, which `npm test` builds first), run as a user runs it. */
import {spawn, spawnSync} from 'node:child_process';
import {resolve} from 'node:path';

export const CLI = resolve(process.env['BERTH_TEST_CLI'] ?? 'dist/cli.js');

export interface Ran {
	code: number | null;
	out: string;
	err: string;
}

export interface RunOptions {
	cwd?: string;
	/** ms (default 60 s) */
	timeout?: number;
}

/** `berth ARGS…` to the end: exit code, stdout, stderr; `env` is added to this process's. */
export function berth(args: string[], env: NodeJS.ProcessEnv = {}, opts: RunOptions = {}): Ran {
	const r = spawnSync(process.execPath, [CLI, ...args], {encoding: 'utf8', env: {...process.env, ...env}, timeout: opts.timeout ?? 60_000, ...(opts.cwd ? {cwd: opts.cwd} : {})});
	return {code: r.status, out: r.stdout, err: r.stderr};
}

/** The same without blocking this process (a test that must go on while berth runs). */
export function berthAsync(args: string[], env: NodeJS.ProcessEnv = {}, opts: RunOptions = {}): Promise<Ran> {
	return new Promise((resolve) => {
		const child = spawn(process.execPath, [CLI, ...args], {stdio: ['ignore', 'pipe', 'pipe'], env: {...process.env, ...env}, timeout: opts.timeout ?? 60_000, ...(opts.cwd ? {cwd: opts.cwd} : {})});
		let out = '';
		let err = '';
		child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
		child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
		child.on('close', (code) => resolve({code, out, err}));
	});
}

/** `berth ARGS…` left running: its output so far, and its exit. */
export function started(args: string[], env: NodeJS.ProcessEnv = {}) {
	const child = spawn(process.execPath, [CLI, ...args], {stdio: ['ignore', 'pipe', 'pipe'], env: {...process.env, ...env}});
	let out = '';
	let err = '';
	child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
	child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
	const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
	return {child, exit, out: () => out, err: () => err};
}
