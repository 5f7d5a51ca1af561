/**
 * A client alone in a tmux pane of a given size, as the issue's scenario measures it: a private
 * tmux server per client (its own socket, no config but ours: no status line, so the pane is the
 * whole window), the pane's output copied to a file (pipe-pane) so the bench can count bytes and
 * Ink frames without sitting in the path between the client and its terminal.
 */
import {execFileSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {BSU} from './frames.js';
import {RUN_ID} from './containers.js';

const live = new Set<TmuxPane>();
let seq = 0;

/** Kill every tmux server the bench started (Ctrl-C, errors). */
export function killAllPanes(): void {
	for (const p of live) p.kill();
}

const shq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export class TmuxPane {
	readonly socket: string;
	readonly dir: string;
	readonly out: string;
	/** the pane's process (the client; tmux runs the command through the shell, which execs it) */
	pid = 0;
	/** the tmux server (the terminal emulator the client writes to) */
	serverPid = 0;
	readonly cols: number;
	readonly rows: number;

	constructor(cmd: string[], opts: {cols: number; rows: number; env?: Record<string, string>; cwd?: string}) {
		this.cols = opts.cols;
		this.rows = opts.rows;
		this.socket = `berth-bench-${RUN_ID}-${++seq}`;
		this.dir = mkdtempSync(join(tmpdir(), 'berth-bench-tmux-'));
		this.out = join(this.dir, 'pane.out');
		const conf = join(this.dir, 'tmux.conf');
		writeFileSync(conf, ['set -g status off', 'set -g default-terminal tmux-256color', 'set -g history-limit 2000', 'set -g remain-on-exit off', ''].join('\n'));
		writeFileSync(this.out, '');
		const env: NodeJS.ProcessEnv = {...process.env};
		// Ink drops its frame marks in CI; measure the interactive behaviour
		delete env['CI'];
		delete env['TMUX'];
		const envArgs = Object.entries(opts.env ?? {}).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
		const line = `cd ${shq(opts.cwd ?? this.dir)} && exec ${cmd.map(shq).join(' ')}`;
		execFileSync('tmux', ['-L', this.socket, '-f', conf, 'new-session', '-d', '-x', String(opts.cols), '-y', String(opts.rows), ...envArgs, line], {env, stdio: 'ignore'});
		live.add(this);
		this.tmux('pipe-pane', '-o', '-t', '0', `cat >> ${shq(this.out)}`);
		this.pid = Number(this.tmux('display-message', '-p', '-t', '0', '#{pane_pid}').trim());
		this.serverPid = Number(this.tmux('display-message', '-p', '-t', '0', '#{pid}').trim());
		const size = this.tmux('display-message', '-p', '-t', '0', '#{pane_width}x#{pane_height}').trim();
		if (size !== `${opts.cols}x${opts.rows}`) throw new Error(`tmux pane is ${size}, not ${opts.cols}x${opts.rows}`);
	}

	tmux(...args: string[]): string {
		return execFileSync('tmux', ['-L', this.socket, ...args], {encoding: 'utf8'});
	}

	/** Bytes the client has written so far (as far as pipe-pane has copied them). */
	bytes(): number {
		try {
			return statSync(this.out).size;
		} catch {
			return 0;
		}
	}

	/** Ink frames (synchronized-output marks) in the output between two byte offsets. */
	framesBetween(from: number, to: number): number {
		let text: string;
		try {
			text = readFileSync(this.out).subarray(from, to).toString('latin1');
		} catch {
			return 0;
		}
		let n = 0;
		for (let i = text.indexOf(BSU); i >= 0; i = text.indexOf(BSU, i + 1)) n++;
		return n;
	}

	/** What the pane shows now (plain text). */
	capture(): string {
		try {
			return this.tmux('capture-pane', '-p', '-t', '0');
		} catch {
			return '';
		}
	}

	alive(): boolean {
		try {
			process.kill(this.pid, 0);
			return true;
		} catch {
			return false;
		}
	}

	kill(): void {
		if (!live.has(this)) return;
		live.delete(this);
		try {
			execFileSync('tmux', ['-L', this.socket, 'kill-server'], {stdio: 'ignore'});
		} catch {
			// gone
		}
		try {
			if (this.pid) process.kill(this.pid, 'SIGKILL');
		} catch {
			// gone with the server
		}
		rmSync(this.dir, {recursive: true, force: true});
	}
}
