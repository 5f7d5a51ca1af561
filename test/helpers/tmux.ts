/**
 * Drive a real terminal: the built CLI in a detached tmux session, on a tmux server private to
 * this test process (`-L`, no user config). A shared server would hand every session the
 * environment of whichever process happened to start it (say, a test that pointed DOCKER_HOST
 * at a dead socket), and dashboards started later would inherit that.
 */
import {execFileSync} from 'node:child_process';

export const TMUX_SOCKET = `berth-test-${process.pid}`;

/** tmux on this process's private server. */
export function tmuxCmd(args: string[], opts: {encoding?: 'utf8'} = {}): string {
	return execFileSync('tmux', ['-L', TMUX_SOCKET, '-f', '/dev/null', ...args], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...opts});
}

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
		tmuxCmd(['new-session', '-d', '-s', this.session, '-x', String(this.width), '-y', String(this.height), '-c', process.cwd(), ...envArgs, command]);
	}

	screen(): string {
		return tmuxCmd(['capture-pane', '-p', '-t', this.session]);
	}

	keys(...keys: string[]): void {
		tmuxCmd(['send-keys', '-t', this.session, ...keys]);
	}

	alive(): boolean {
		try {
			tmuxCmd(['has-session', '-t', this.session]);
			return true;
		} catch {
			return false;
		}
	}

	kill(): void {
		try {
			tmuxCmd(['kill-session', '-t', this.session]);
		} catch {
			// gone already
		}
	}
}
