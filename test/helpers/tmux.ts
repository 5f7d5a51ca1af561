/** Drive a real terminal: the built CLI in a detached tmux session. */
import {execFileSync} from 'node:child_process';

export class Tmux {
	readonly session: string;
	constructor(
		name: string,
		readonly width = 120,
		readonly height = 40,
	) {
		this.session = `${name}-${process.pid}`;
	}

	start(command: string, env: Record<string, string> = {}): void {
		const envArgs = Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
		execFileSync('tmux', ['new-session', '-d', '-s', this.session, '-x', String(this.width), '-y', String(this.height), ...envArgs, command], {stdio: 'ignore'});
	}

	screen(): string {
		return execFileSync('tmux', ['capture-pane', '-p', '-t', this.session], {encoding: 'utf8'});
	}

	keys(...keys: string[]): void {
		execFileSync('tmux', ['send-keys', '-t', this.session, ...keys], {stdio: 'ignore'});
	}

	alive(): boolean {
		try {
			execFileSync('tmux', ['has-session', '-t', this.session], {stdio: 'ignore'});
			return true;
		} catch {
			return false;
		}
	}

	kill(): void {
		try {
			execFileSync('tmux', ['kill-session', '-t', this.session], {stdio: 'ignore'});
		} catch {
			// gone already
		}
	}
}
