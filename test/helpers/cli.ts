/** The built CLI (dist/cli.js, which `npm test` builds first), run as a user runs it. */
import {spawn, spawnSync} from 'node:child_process';
import {resolve} from 'node:path';

export const CLI = resolve(process.env['BERTH_TEST_CLI'] ?? 'dist/cli.js');

export interface Ran {
	code: number | null;
	out: string;
	err: string;
	/** the process id berth ran as (async runs; its audit lines carry it) */
	pid?: number;
}

export interface RunOptions {
	cwd?: string;
	/** ms (default 60 s) */
	timeout?: number;
	/** bytes of stdout or stderr after which the run is killed (async runs; default 1 MiB, as berth()'s spawnSync) */
	maxBuffer?: number;
}

/** `berth ARGS…` to the end: exit code, stdout, stderr; `env` is added to this process's. */
export function berth(args: string[], env: NodeJS.ProcessEnv = {}, opts: RunOptions = {}): Ran {
	const r = spawnSync(process.execPath, [CLI, ...args], {encoding: 'utf8', env: {...process.env, ...env}, timeout: opts.timeout ?? 60_000, ...(opts.cwd ? {cwd: opts.cwd} : {})});
	return {code: r.status, out: r.stdout, err: r.stderr};
}

export interface SpawnedBytes {
	code: number | null;
	signal: NodeJS.Signals | null;
	pid: number | undefined;
	/** stdout and stderr as written (raw bytes: invalid UTF-8 stays visible) */
	out: Buffer;
	err: Buffer;
}

/**
 * Any program to its end without blocking this process, as spawnSync would run it: `env` is the
 * whole environment (not added to this process's); killed (SIGTERM) after `timeout` ms, or when
 * stdout or stderr passes `maxBuffer` bytes (default 1 MiB, as spawnSync's), its output then cut
 * there. A program that cannot be started gives code null and the reason on err.
 */
export function spawnBytes(file: string, args: string[], opts: {cwd?: string; env?: NodeJS.ProcessEnv; timeout?: number; maxBuffer?: number} = {}): Promise<SpawnedBytes> {
	const max = opts.maxBuffer ?? 1024 * 1024;
	return new Promise((resolve) => {
		const child = spawn(file, args, {stdio: ['ignore', 'pipe', 'pipe'], env: opts.env ?? process.env, ...(opts.timeout ? {timeout: opts.timeout} : {}), ...(opts.cwd ? {cwd: opts.cwd} : {})});
		const out: Buffer[] = [];
		const err: Buffer[] = [];
		let done = false;
		const sizes = [0, 0];
		const collect = (into: Buffer[], k: 0 | 1) => (d: Buffer) => {
			if (sizes[k]! >= max) return;
			into.push(sizes[k]! + d.length > max ? d.subarray(0, max - sizes[k]!) : d);
			sizes[k]! += d.length;
			if (sizes[k]! >= max) child.kill('SIGTERM');
		};
		child.stdout.on('data', collect(out, 0));
		child.stderr.on('data', collect(err, 1));
		child.on('error', (e) => {
			if (done || child.pid !== undefined) return; // after a start, 'close' follows
			done = true;
			resolve({code: null, signal: null, pid: undefined, out: Buffer.alloc(0), err: Buffer.from(String(e))});
		});
		child.on('close', (code, signal) => {
			if (done) return;
			done = true;
			resolve({code, signal, pid: child.pid, out: Buffer.concat(out), err: Buffer.concat(err)});
		});
	});
}

/** The same without blocking this process (a test that must go on while berth runs). */
export async function berthAsync(args: string[], env: NodeJS.ProcessEnv = {}, opts: RunOptions = {}): Promise<Ran> {
	const r = await spawnBytes(process.execPath, [CLI, ...args], {env: {...process.env, ...env}, timeout: opts.timeout ?? 60_000, maxBuffer: opts.maxBuffer ?? 1024 * 1024, ...(opts.cwd ? {cwd: opts.cwd} : {})});
	return {code: r.code, out: r.out.toString('utf8'), err: r.err.toString('utf8'), ...(r.pid === undefined ? {} : {pid: r.pid})};
}

/** How many CLI runs overlap by default: each is mostly Node start-up (CPU); CI has 2 cores. */
export const PARALLEL = 3;

/**
 * Independent tasks (each a run and the checks on it), at most `limit` at once, started in list
 * order. Every task runs to its end, even when another failed (nothing is left running); then the
 * first failure in list order is thrown, just as running them one after another would have
 * stopped at it. Otherwise the results, in list order. Only for tasks that share nothing and rely
 * on no order: no state one changes that another reads, no timing.
 */
export async function inParallel<T>(tasks: ReadonlyArray<() => Promise<T>>, limit = PARALLEL): Promise<T[]> {
	const settled: Array<PromiseSettledResult<T>> = new Array(tasks.length);
	let next = 0;
	const worker = async () => {
		while (next < tasks.length) {
			const i = next++;
			try {
				settled[i] = {status: 'fulfilled', value: await tasks[i]!()};
			} catch (reason) {
				settled[i] = {status: 'rejected', reason};
			}
		}
	};
	await Promise.all(Array.from({length: Math.max(1, Math.min(limit, tasks.length))}, worker));
	const failed = settled.find((s) => s.status === 'rejected');
	if (failed) throw (failed as PromiseRejectedResult).reason;
	return settled.map((s) => (s as PromiseFulfilledResult<T>).value);
}

export interface Invocation {
	args: string[];
	/** added to this process's environment */
	env?: NodeJS.ProcessEnv;
	opts?: RunOptions;
}

/**
 * Independent `berth …` runs, at most `limit` at once (see inParallel); the results in list order.
 * `env`/`opts` given here apply to every run (an Invocation's own are added over them).
 */
export function berthAll(list: ReadonlyArray<string[] | Invocation>, {limit = PARALLEL, env = {}, ...opts}: {limit?: number; env?: NodeJS.ProcessEnv} & RunOptions = {}): Promise<Ran[]> {
	return inParallel(
		list.map((x) => {
			const inv: Invocation = Array.isArray(x) ? {args: x} : x;
			return () => berthAsync(inv.args, {...env, ...inv.env}, {...opts, ...inv.opts});
		}),
		limit,
	);
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
