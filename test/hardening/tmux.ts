/**
 * A PRIVATE tmux server (own socket via -L, no user config) so the hardening tests can set
 * server options (set-clipboard) and read server-wide state (paste buffers) without touching
 * other tests' sessions.
 */
import {execFileSync} from 'node:child_process';
import {rmSync} from 'node:fs';
import {join} from 'node:path';

export class PrivateTmux {
	readonly socket = `berth-hard-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
	readonly session = 'main';
	constructor(
		readonly width = 120,
		readonly height = 30,
	) {}

	tmux(...args: string[]): string {
		return execFileSync('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']});
	}

	start(command: string, env: Record<string, string> = {}): void {
		const envArgs = Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
		this.tmux('new-session', '-d', '-s', this.session, '-x', String(this.width), '-y', String(this.height), ...envArgs, command);
		this.tmux('set-option', '-g', 'set-clipboard', 'on');
		this.tmux('set-option', '-g', 'remain-on-exit', 'off');
	}

	/** a tmux format for the pane, e.g. '#{pane_title}' */
	show(format: string): string {
		return this.tmux('display-message', '-p', '-t', this.session, format).trim();
	}

	screen(): string {
		return this.tmux('capture-pane', '-p', '-t', this.session);
	}

	buffers(): string {
		try {
			return this.tmux('list-buffers', '-F', '#{buffer_sample}');
		} catch {
			return '';
		}
	}

	keys(...keys: string[]): void {
		this.tmux('send-keys', '-t', this.session, ...keys);
	}

	alive(): boolean {
		try {
			this.tmux('has-session', '-t', this.session);
			return true;
		} catch {
			return false;
		}
	}

	kill(): void {
		try {
			this.tmux('kill-server');
		} catch {
			// gone already
		}
		// the socket file stays behind after kill-server
		rmSync(join(process.env['TMUX_TMPDIR'] || '/tmp', `tmux-${process.getuid?.() ?? 0}`, this.socket), {force: true});
	}
}
