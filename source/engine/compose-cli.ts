/**
 * The compose CLI as a child process: `docker compose` (v2) first, else `docker-compose` (v1).
 * Runs up/down/start/stop/restart/ps with -f/-p, streams output lines, throws typed errors.
 * `down` removes volumes only when asked (`volumes: true`).
 */
import {spawn} from 'node:child_process';
import {labelOverrideFile, type ServiceLabels} from './compose-labels.js';

export type ComposeFlavor = 'v2' | 'v1';

export interface ComposeCli {
	flavor: ComposeFlavor;
	/** the binary and the arguments that come before compose's own: ["docker", "compose"] */
	argv: string[];
	version: string;
}

export type ComposeErrorCode = 'not-found' | 'failed' | 'aborted';

export class ComposeCliError extends Error {
	override readonly name = 'ComposeCliError';
	constructor(
		readonly code: ComposeErrorCode,
		message: string,
		readonly hint: string,
		readonly exitCode: number | null = null,
		/** the last lines compose printed */
		readonly output: string[] = [],
	) {
		super(message);
	}
}

export interface RunResult {
	code: number;
	lines: string[];
}

export interface RunOptions {
	env?: NodeJS.ProcessEnv;
	cwd?: string;
	signal?: AbortSignal;
	/** each output line as it comes (stdout and stderr; compose writes progress to stderr) */
	onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
}

/** Run a command; resolves with its exit code and every output line. Rejects only when it cannot start. */
export function runProcess(argv: string[], opts: RunOptions = {}): Promise<RunResult> {
	return new Promise((resolve, reject) => {
		const [cmd, ...args] = argv;
		const child = spawn(cmd!, args, {cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], signal: opts.signal});
		const lines: string[] = [];
		const pipe = (stream: NodeJS.ReadableStream, name: 'stdout' | 'stderr') => {
			let buf = '';
			stream.setEncoding('utf8');
			stream.on('data', (chunk: string) => {
				buf += chunk;
				const parts = buf.split(/\r?\n|\r/);
				buf = parts.pop() ?? '';
				for (const l of parts) if (l.trim()) (lines.push(l), opts.onLine?.(l, name));
			});
			stream.on('end', () => {
				if (buf.trim()) (lines.push(buf), opts.onLine?.(buf, name));
				buf = '';
			});
		};
		pipe(child.stdout!, 'stdout');
		pipe(child.stderr!, 'stderr');
		child.on('error', (err) => {
			if ((err as {name?: string}).name === 'AbortError') reject(new ComposeCliError('aborted', `${argv.join(' ')} was aborted`, ''));
			else reject(err);
		});
		child.on('close', (code) => resolve({code: code ?? 1, lines}));
	});
}

/** Which compose CLI is installed: v2 plugin first, then the v1 binary. */
export async function detectComposeCli(env: NodeJS.ProcessEnv = process.env): Promise<ComposeCli> {
	const tries: Array<{flavor: ComposeFlavor; argv: string[]}> = [
		{flavor: 'v2', argv: ['docker', 'compose']},
		{flavor: 'v1', argv: ['docker-compose']},
	];
	for (const t of tries) {
		try {
			const r = await runProcess([...t.argv, 'version', '--short'], {env});
			const version = r.lines.at(-1)?.trim() ?? '';
			if (r.code === 0 && /^v?\d+\.\d+/.test(version)) return {flavor: t.flavor, argv: t.argv, version: version.replace(/^v/, '')};
		} catch {
			// binary missing: try the next
		}
	}
	throw new ComposeCliError(
		'not-found',
		'No compose CLI found (neither `docker compose` nor `docker-compose`).',
		'Install the Docker Compose plugin (docker-compose-plugin) or the docker-compose binary.',
	);
}

export interface ComposeTarget {
	/** compose file(s) as passed to -f */
	files: string[];
	project: string;
	/** --project-directory (relative paths and .env resolve here) */
	projectDir?: string;
	/** extra environment (e.g. DOCKER_HOST) */
	env?: NodeJS.ProcessEnv;
	/** labels `up` puts on each service's containers (e.g. berth.group), through an override file */
	labels?: ServiceLabels;
}

function baseArgs(cli: ComposeCli, t: ComposeTarget): string[] {
	const args = [...cli.argv];
	for (const f of t.files) args.push('-f', f);
	args.push('-p', t.project);
	if (t.projectDir) args.push('--project-directory', t.projectDir);
	return args;
}

/** Run one compose subcommand; a non-zero exit is a ComposeCliError('failed') with the output tail. */
export async function compose(cli: ComposeCli, t: ComposeTarget, sub: string[], opts: Omit<RunOptions, 'env'> = {}): Promise<RunResult> {
	// `up` creates containers: their labels (berth.group) go in as a last -f file (compose-labels.ts)
	if (sub[0] === 'up' && t.labels && Object.keys(t.labels).length) t = {...t, files: [...t.files, labelOverrideFile(t.project, t.files, t.labels)]};
	const argv = [...baseArgs(cli, t), ...sub];
	let r: RunResult;
	try {
		r = await runProcess(argv, {...opts, env: {...process.env, ...t.env}});
	} catch (err) {
		if (err instanceof ComposeCliError) throw err;
		throw new ComposeCliError('not-found', `Cannot run ${argv[0]}: ${(err as Error).message}`, 'Check that the compose CLI is installed and on PATH.');
	}
	if (r.code !== 0) {
		const tail = r.lines.slice(-8);
		const last = [...tail].reverse().find((l) => /error|invalid|not found|denied|conflict|failed/i.test(l)) ?? tail.at(-1) ?? '';
		throw new ComposeCliError('failed', `compose ${sub[0]} failed (exit ${r.code})${last ? `: ${last.trim()}` : ''}`, 'See the compose output above.', r.code, tail);
	}
	return r;
}

export interface UpOptions {
	services?: string[];
	/** don't start linked services */
	noDeps?: boolean;
	onLine?: RunOptions['onLine'];
	signal?: AbortSignal;
}

export const composeUp = (cli: ComposeCli, t: ComposeTarget, o: UpOptions = {}) =>
	compose(cli, t, ['up', '-d', ...(o.noDeps ? ['--no-deps'] : []), ...(o.services ?? [])], o);

export interface DownOptions {
	/** remove named and anonymous volumes (-v); never implied */
	volumes?: boolean;
	removeOrphans?: boolean;
	timeout?: number;
	onLine?: RunOptions['onLine'];
}

export const composeDown = (cli: ComposeCli, t: ComposeTarget, o: DownOptions = {}) =>
	compose(cli, t, ['down', ...(o.volumes ? ['-v'] : []), ...(o.removeOrphans ? ['--remove-orphans'] : []), ...(o.timeout === undefined ? [] : ['-t', String(o.timeout)])], o);

export interface ActionOptions {
	services?: string[];
	timeout?: number;
	onLine?: RunOptions['onLine'];
}

export const composeStart = (cli: ComposeCli, t: ComposeTarget, o: ActionOptions = {}) => compose(cli, t, ['start', ...(o.services ?? [])], o);

export const composeStop = (cli: ComposeCli, t: ComposeTarget, o: ActionOptions = {}) =>
	compose(cli, t, ['stop', ...(o.timeout === undefined ? [] : ['-t', String(o.timeout)]), ...(o.services ?? [])], o);

export const composeRestart = (cli: ComposeCli, t: ComposeTarget, o: ActionOptions = {}) =>
	compose(cli, t, ['restart', ...(o.timeout === undefined ? [] : ['-t', String(o.timeout)]), ...(o.services ?? [])], o);

/** Container ids of the project (all states), optionally of some services. */
export async function composePs(cli: ComposeCli, t: ComposeTarget, services: string[] = []): Promise<string[]> {
	const r = await compose(cli, t, ['ps', '-q', ...(cli.flavor === 'v2' ? ['-a'] : []), ...services]);
	return r.lines.map((l) => l.trim()).filter((l) => /^[0-9a-f]{12,64}$/.test(l));
}
