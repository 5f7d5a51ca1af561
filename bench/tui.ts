/** The built CLI (or any command) in a real pseudo-terminal, through bench/ptyrun.py. */
import {spawn, type ChildProcessWithoutNullStreams} from 'node:child_process';
import {createInterface} from 'node:readline';
import {fileURLToPath} from 'node:url';
import {FrameSplitter} from './frames.js';

const PTY = fileURLToPath(new URL('./ptyrun.py', import.meta.url));
export const COLS = 160;
export const ROWS = 50;

export interface Frame {
	/** CLOCK_MONOTONIC ns when the chunk that completed it was read */
	t: bigint;
	text: string;
	seq: number;
}

type Waiter = {pred: (f: Frame) => boolean; resolve: (f: Frame) => void};

const live = new Set<Tui>();

/** Kill every terminal still open (Ctrl-C, errors). */
export function killAllTuis(): void {
	for (const t of live) t.kill();
}

export class Tui {
	private readonly proc: ChildProcessWithoutNullStreams;
	private readonly splitter = new FrameSplitter();
	private waiters: Waiter[] = [];
	private keyAcks: Array<(t: bigint) => void> = [];
	private exitWaiters: Array<() => void> = [];
	/** ns before the fork */
	startedAt = 0n;
	pid = 0;
	exited = false;
	/** ns when the command ended (as pty.py saw it) */
	exitedAt = 0n;
	frames = 0;
	bytes = 0;
	last: Frame | null = null;
	/** called for every output chunk (raw text) */
	onChunk: ((t: bigint, text: string) => void) | null = null;
	private readonly ready: Promise<void>;

	constructor(cmd: string[], opts: {env?: NodeJS.ProcessEnv; discard?: boolean; cols?: number; rows?: number} = {}) {
		const env: NodeJS.ProcessEnv = {...process.env, TERM: 'xterm-256color', ...opts.env};
		// Ink drops its frame marks in CI; the bench wants the interactive behaviour
		delete env['CI'];
		const args = [PTY, String(opts.cols ?? COLS), String(opts.rows ?? ROWS), ...(opts.discard ? ['--discard'] : []), '--', ...cmd];
		this.proc = spawn('python3', args, {env, stdio: ['pipe', 'pipe', 'pipe']});
		live.add(this);
		let ok: () => void;
		let fail: (e: Error) => void;
		this.ready = new Promise((res, rej) => ((ok = res), (fail = rej)));
		let err = '';
		const rl = createInterface({input: this.proc.stdout});
		rl.on('line', (line) => {
			const kind = line[0];
			const sp = line.indexOf(' ', 2);
			const t = BigInt(sp < 0 ? line.slice(2) : line.slice(2, sp));
			if (kind === 'O') {
				const text = Buffer.from(line.slice(sp + 1), 'base64').toString('utf8');
				this.bytes += text.length;
				this.onChunk?.(t, text);
				for (const raw of this.splitter.push(text)) {
					const f: Frame = {t, text: raw, seq: ++this.frames};
					this.last = f;
					this.waiters = this.waiters.filter((w) => (w.pred(f) ? (w.resolve(f), false) : true));
				}
			} else if (kind === 'K') {
				this.keyAcks.shift()?.(t);
			} else if (kind === 'S') {
				this.startedAt = t;
				this.pid = Number(line.slice(sp + 1));
				ok();
			} else if (kind === 'X') {
				this.exitedAt = t;
				this.markExit();
			}
		});
		this.proc.stderr.on('data', (b: Buffer) => (err = (err + b.toString()).slice(-2000)));
		this.proc.on('exit', (code) => {
			if (!this.pid) fail(new Error(`pty helper exited (${code}) before starting ${cmd[0]}: ${err}`));
			this.markExit();
		});
	}

	private markExit() {
		if (this.exited) return;
		this.exited = true;
		live.delete(this);
		for (const w of this.exitWaiters.splice(0)) w();
	}

	started(): Promise<void> {
		return this.ready;
	}

	waitExit(): Promise<void> {
		return this.exited ? Promise.resolve() : new Promise((r) => this.exitWaiters.push(r));
	}

	/** The first frame (from now on, or the current one) that satisfies pred. */
	waitFrame(pred: (f: Frame) => boolean, timeoutMs: number, what: string, includeLast = true): Promise<Frame> {
		if (includeLast && this.last && pred(this.last)) return Promise.resolve(this.last);
		return new Promise((resolve, reject) => {
			const w: Waiter = {pred, resolve: (f) => (clearTimeout(timer), resolve(f))};
			const timer = setTimeout(() => {
				this.waiters = this.waiters.filter((x) => x !== w);
				reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
			}, timeoutMs);
			this.waiters.push(w);
		});
	}

	/** Write bytes to the terminal; resolves with the time the write finished. */
	key(bytes: string): Promise<bigint> {
		return new Promise((resolve) => {
			this.keyAcks.push(resolve);
			this.proc.stdin.write(`K ${Buffer.from(bytes).toString('base64')}\n`);
		});
	}

	/** SIGTERM, then SIGKILL after a grace period. */
	async close(graceMs = 3000): Promise<void> {
		if (this.exited) return;
		const done = new Promise<void>((r) => this.exitWaiters.push(r));
		this.proc.stdin.write('T\n');
		const t = setTimeout(() => this.kill(), graceMs);
		await done;
		clearTimeout(t);
	}

	kill(): void {
		// closing python's stdin makes it SIGKILL the command
		try {
			this.proc.stdin.end();
		} catch {
			// gone
		}
		setTimeout(() => {
			if (!this.exited) this.proc.kill('SIGKILL');
		}, 500).unref();
	}
}

export const nowNs = () => process.hrtime.bigint();
export const msBetween = (a: bigint, b: bigint) => Number(b - a) / 1e6;
