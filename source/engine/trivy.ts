/**
 * trivy as a child process (beside compose-cli.ts): `trivy image --format json --quiet` on a local
 * image of the engine berth talks to, never pulling. The report is parsed by core/images/trivy.ts.
 *
 * - Found on the PATH (`findTrivy`); absent → TrivyError('not-found') with how to install it.
 * - The image comes from the docker daemon only (`--image-src docker`, trivy ≥ 0.31; `--scanners
 *   vuln`, ≥ 0.37): no registry, containerd or podman fallback. The daemon is the engine target:
 *   DOCKER_HOST (+ DOCKER_CERT_PATH/DOCKER_TLS_VERIFY) pinned by child-env.ts, which trivy's docker
 *   client reads; TRIVY_* variables that would change the report's place, format or content
 *   (output file, template, severity filter, image source, docker host …) are dropped.
 * - A time limit (default 10 minutes: the first run downloads trivy's vulnerability database):
 *   past it the process is killed (TERM, then KILL) → TrivyError('timeout'). An AbortSignal
 *   stops it the same way → 'aborted'.
 * - stdout is capped (64 MiB): beyond → killed, 'too-large'; stderr keeps its last lines only.
 * - A non-zero exit → 'failed' with trivy's last error line (and a hint for the usual causes).
 */
import {spawn} from 'node:child_process';
import {accessSync, constants, statSync} from 'node:fs';
import {delimiter, isAbsolute, join} from 'node:path';
import {parseTrivyReport, type TrivyReport} from '../core/images/trivy.js';
import {childEnvFor} from './child-env.js';
import type {EngineTarget} from './host.js';

export const TRIVY_INSTALL_URL = 'https://trivy.dev/latest/getting-started/installation/';

export type TrivyErrorCode = 'not-found' | 'failed' | 'timeout' | 'aborted' | 'too-large' | 'bad-report';

export class TrivyError extends Error {
	override readonly name = 'TrivyError';
	constructor(
		readonly code: TrivyErrorCode,
		message: string,
		readonly hint: string = '',
		/** trivy's last stderr lines (untrusted) */
		readonly output: string[] = [],
	) {
		super(message);
	}
}

export const notFoundError = () =>
	new TrivyError(
		'not-found',
		`trivy is not on the PATH: install it from ${TRIVY_INSTALL_URL} (e.g. apt/brew/the release binary), then run again`,
		'berth runs `trivy image` on the local image; nothing else is needed (trivy fetches its vulnerability database on the first run)',
	);

/** The trivy executable on env.PATH (as a shell would find it), or null. */
export function findTrivy(env: NodeJS.ProcessEnv = process.env): string | null {
	for (const dir of (env['PATH'] ?? '').split(delimiter)) {
		if (!dir || !isAbsolute(dir)) continue; // a relative PATH entry would run whatever the cwd holds
		const p = join(dir, 'trivy');
		try {
			if (!statSync(p).isFile()) continue;
			accessSync(p, constants.X_OK);
			return p;
		} catch {
			// not here
		}
	}
	return null;
}

/** TRIVY_* variables that would move, reformat or filter the report berth reads. */
const DROPPED = ['TRIVY_OUTPUT', 'TRIVY_FORMAT', 'TRIVY_TEMPLATE', 'TRIVY_SEVERITY', 'TRIVY_EXIT_CODE', 'TRIVY_EXIT_ON_EOL', 'TRIVY_IMAGE_SRC', 'TRIVY_DOCKER_HOST', 'TRIVY_INPUT', 'TRIVY_REPORT', 'TRIVY_LIST_ALL_PKGS', 'TRIVY_DEPENDENCY_TREE', 'TRIVY_SCANNERS', 'TRIVY_SECURITY_CHECKS', 'TRIVY_SERVER', 'TRIVY_QUIET', 'TRIVY_DEBUG'];

export function trivyEnv(target: EngineTarget | null, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
	const env = target ? childEnvFor(target, base) : {...base};
	for (const k of DROPPED) delete env[k];
	return env;
}

export interface ScanOptions {
	/** the engine the image lives on (DOCKER_HOST for trivy); null: the environment's */
	target: EngineTarget | null;
	/** ms (default 10 minutes) */
	timeoutMs?: number;
	signal?: AbortSignal;
	/** the environment to start from (PATH, TRIVY_CACHE_DIR …); default process.env */
	env?: NodeJS.ProcessEnv;
	/** stdout cap in bytes (default 64 MiB) */
	maxBytes?: number;
}

export const DEFAULT_TIMEOUT_MS = 10 * 60_000;
const MAX_BYTES = 64 * 1024 * 1024;
const STDERR_LINES = 20;

/** trivy's arguments for one local image. */
export function trivyArgs(ref: string, timeoutMs = DEFAULT_TIMEOUT_MS): string[] {
	// trivy's own analysis timeout (default 5m) set to berth's limit: berth's kill is the one that counts
	return ['image', '--format', 'json', '--quiet', '--image-src', 'docker', '--scanners', 'vuln', '--timeout', `${Math.max(1, Math.ceil(timeoutMs / 1000))}s`, ref];
}

/** Why trivy failed, in a few words, from its last stderr lines. */
function failureHint(lines: string[]): string {
	const all = lines.join('\n');
	if (/vulnerability DB|db download|download.*\bdb\b|OCI repository|ghcr\.io|mirror\.gcr\.io/i.test(all))
		return 'trivy could not get its vulnerability database: allow it to reach its database registry once (ghcr.io / mirror.gcr.io), or point TRIVY_DB_REPOSITORY at a mirror, or use TRIVY_SKIP_DB_UPDATE=true with a database already in its cache';
	if (/unknown flag|flag provided but not defined/i.test(all)) return 'this trivy is too old for berth: it needs `--image-src` and `--scanners` (trivy 0.37 or later)';
	if (/Cannot connect to the Docker daemon|docker error|unable to inspect/i.test(all)) return 'trivy could not read the image from the engine (DOCKER_HOST); check the engine is reachable from this user';
	return 'run the same `trivy image` by hand to see its full output';
}

/** Scan a local image; resolves with trivy's report, rejects with a TrivyError. */
export function scanImage(ref: string, opts: ScanOptions): Promise<TrivyReport> {
	const env = trivyEnv(opts.target, opts.env ?? process.env);
	const bin = findTrivy(env);
	if (!bin) return Promise.reject(notFoundError());
	const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
	const maxBytes = opts.maxBytes ?? MAX_BYTES;
	return new Promise((resolve, reject) => {
		if (opts.signal?.aborted) {
			reject(new TrivyError('aborted', 'the scan was cancelled'));
			return;
		}
		const child = spawn(bin, trivyArgs(ref, timeoutMs), {env, stdio: ['ignore', 'pipe', 'pipe']});
		const out: Buffer[] = [];
		let outBytes = 0;
		let errTail = '';
		let settled = false;
		let killTimer: NodeJS.Timeout | undefined;
		const stderrLines = () => errTail.split(/\r?\n|\r/).map((l) => l.trimEnd()).filter(Boolean).slice(-STDERR_LINES);
		const finish = (fn: () => void) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			opts.signal?.removeEventListener('abort', onAbort);
			fn();
		};
		const stop = (err: TrivyError) => {
			finish(() => reject(err));
			child.kill('SIGTERM');
			killTimer = setTimeout(() => child.kill('SIGKILL'), 2000);
			killTimer.unref();
			// a grandchild may hold the pipes open: do not wait for them
			child.stdout.destroy();
			child.stderr.destroy();
		};
		const timer = setTimeout(
			() => stop(new TrivyError('timeout', `trivy did not finish within ${Math.round(timeoutMs / 1000)} s; stopped`, 'the first scan downloads trivy\'s database and can be slow: try again with a longer --timeout, or run `trivy image --download-db-only` once')),
			timeoutMs,
		);
		const onAbort = () => stop(new TrivyError('aborted', 'the scan was cancelled'));
		opts.signal?.addEventListener('abort', onAbort, {once: true});
		child.stdout.on('data', (b: Buffer) => {
			outBytes += b.length;
			if (outBytes > maxBytes) stop(new TrivyError('too-large', `trivy's report is larger than ${Math.round(maxBytes / 1024 / 1024)} MiB; stopped`, 'scan with trivy directly for a report this large'));
			else out.push(b);
		});
		child.stderr.setEncoding('utf8');
		child.stderr.on('data', (s: string) => {
			errTail = (errTail + s).slice(-8192);
		});
		child.on('error', (err) => {
			const e = err as NodeJS.ErrnoException;
			finish(() => reject(e.code === 'ENOENT' ? notFoundError() : new TrivyError('failed', `cannot run trivy: ${e.message}`, 'check that the trivy on the PATH is executable')));
		});
		child.on('close', (code, signal) => {
			clearTimeout(killTimer);
			finish(() => {
				const lines = stderrLines();
				if (code !== 0) {
					const last = [...lines].reverse().find((l) => /fatal|error|unable|failed|unknown/i.test(l)) ?? lines.at(-1) ?? '';
					reject(new TrivyError('failed', `trivy failed (${code === null ? `killed by ${signal}` : `exit ${code}`})${last ? `: ${last.trim().slice(0, 300)}` : ''}`, failureHint(lines), lines));
					return;
				}
				const parsed = parseTrivyReport(Buffer.concat(out).toString('utf8'));
				if (parsed.ok) resolve(parsed.report);
				else reject(new TrivyError('bad-report', parsed.error, 'check which `trivy` is on the PATH (`trivy --version`)', lines));
			});
		});
	});
}
