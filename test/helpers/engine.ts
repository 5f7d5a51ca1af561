/**
 * Real-engine test helpers. Everything a test creates carries the label berth.test=<run id>;
 * cleanup() removes exactly that, never anything else.
 */
import {execFile, execFileSync} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {promisify} from 'node:util';
import {connectEngine, type Engine} from '../../source/engine/connection.js';

const execFileP = promisify(execFile);

export const IMAGE = 'tuitest/busybox:latest';
export const TEST_LABEL = 'berth.test';
export const RUN_ID = `${process.pid}-${Date.now().toString(36)}`;

let engine: Engine | null = null;

export async function testEngine(): Promise<Engine> {
	if (engine) return engine;
	try {
		engine = await connectEngine({timeoutMs: 5000});
		return engine;
	} catch (err) {
		throw new Error(`No Docker engine for tests (${(err as Error).message}). Run \`npm test\` (it starts one) or set DOCKER_HOST.`);
	}
}

/** The docker CLI, as a user in another terminal would run it. */
export function docker(...args: string[]): string {
	return execFileSync('docker', args, {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']}).trim();
}

export async function dockerAsync(...args: string[]): Promise<string> {
	const {stdout} = await execFileP('docker', args, {encoding: 'utf8'});
	return stdout.trim();
}

let seq = 0;
export function uniqueName(prefix: string): string {
	return `bt-${prefix}-${process.pid}-${++seq}`;
}

export interface RunOptions {
	name?: string;
	cmd?: string[];
	ports?: string[];
	labels?: Record<string, string>;
	env?: Record<string, string>;
	health?: {cmd: string; interval?: string; retries?: number};
	extra?: string[];
	detach?: boolean;
}

/** `docker run -d --init` with the test label; returns the container id. */
export function runContainer(opts: RunOptions = {}): string {
	const args = ['run', '-d', '--init', '--label', `${TEST_LABEL}=${RUN_ID}`];
	if (opts.name) args.push('--name', opts.name);
	for (const p of opts.ports ?? []) args.push('-p', p);
	for (const [k, v] of Object.entries(opts.labels ?? {})) args.push('--label', `${k}=${v}`);
	for (const [k, v] of Object.entries(opts.env ?? {})) args.push('-e', `${k}=${v}`);
	if (opts.health) {
		args.push('--health-cmd', opts.health.cmd, '--health-interval', opts.health.interval ?? '1s', '--health-retries', String(opts.health.retries ?? 2));
	}
	args.push(...(opts.extra ?? []), IMAGE, ...(opts.cmd ?? ['sleep', '600']));
	return docker(...args);
}

/** Remove every container (and compose project) this test run created. */
export function cleanup(): void {
	const ids = docker('ps', '-aq', '--filter', `label=${TEST_LABEL}=${RUN_ID}`).split('\n').filter(Boolean);
	if (ids.length) {
		try {
			docker('rm', '-f', '-v', ...ids);
		} catch {
			// already gone
		}
	}
	for (const dir of composeDirs.splice(0)) {
		try {
			execFileSync('docker-compose', ['-p', dir.project, 'down', '-v', '--remove-orphans', '-t', '1'], {cwd: dir.path, stdio: 'ignore'});
		} catch {
			// best effort; containers were removed above
		}
		rmSync(dir.path, {recursive: true, force: true});
	}
}

const composeDirs: Array<{path: string; project: string}> = [];

/** Write a compose file into a fresh temp dir and `docker-compose up -d` it. */
export function composeUp(project: string, yaml: string, args: string[] = []): string {
	const dir = mkdtempSync(join(tmpdir(), 'berth-compose-'));
	writeFileSync(join(dir, 'docker-compose.yml'), yaml);
	composeDirs.push({path: dir, project});
	execFileSync('docker-compose', ['-p', project, 'up', '-d', ...args], {cwd: dir, stdio: 'ignore'});
	return dir;
}

/** Poll a condition in a test (tests may wait; the product never polls). */
type Truthy<T> = Exclude<T, false | null | undefined | '' | 0>;

export async function waitFor<T>(fn: () => T | Promise<T>, what: string, timeoutMs = 5000, everyMs = 50): Promise<Truthy<T>> {
	const start = Date.now();
	let last: unknown;
	for (;;) {
		try {
			const v = await fn();
			if (v) return v as Truthy<T>;
		} catch (err) {
			last = err;
		}
		if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
		await new Promise((r) => setTimeout(r, everyMs));
	}
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
