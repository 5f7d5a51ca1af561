/**
 * Drive a real terminal: the built CLI in a detached tmux session, on a tmux server private to
 * each Tmux (`-L` socket of its own, no user config). A shared server would hand every session the
 * environment of whichever process happened to start it (say, a test that pointed DOCKER_HOST at
 * a dead socket), and its server options and paste buffers would be everyone's: here a test may
 * set server options (set-clipboard is on, so an OSC 52 that got through lands in buffers()) and
 * read server-wide state without touching other tests' sessions.
 */
import {execFileSync} from 'node:child_process';
import {readFileSync, rmSync} from 'node:fs';
import {join} from 'node:path';

export class Tmux {
	readonly socket = `berth-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
	constructor(
		readonly session = 'main',
		readonly width = 120,
		readonly height = 40,
	) {}

	/** tmux on this instance's private server. */
	tmux(...args: string[]): string {
		return execFileSync('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']});
	}

	/**
	 * Run `command` in a new session. `env` goes into the session's environment; TERM cannot go
	 * there (tmux sets a pane's TERM from its default-terminal, whatever -e says), so a TERM given
	 * is set by running the command under `env TERM=…` and is also made this server's
	 * default-terminal (the pane's shell, a `sh -c` wrapper and what it starts all see it).
	 * termOf() reads the TERM the pane's process really has.
	 */
	start(command: string, env: Record<string, string> = {}): void {
		const {TERM: term, ...rest} = env;
		const envArgs = Object.entries(rest).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
		if (term !== undefined && !/^[A-Za-z0-9._+-]+$/.test(term)) throw new Error(`Tmux.start: TERM ${JSON.stringify(term)} is not a terminal name`);
		const run = term === undefined ? command : `env TERM=${term} ${command}`;
		const server = term === undefined ? [] : ['start-server', ';', 'set-option', '-g', 'default-terminal', term, ';'];
		this.tmux(...server, 'new-session', '-d', '-s', this.session, '-x', String(this.width), '-y', String(this.height), '-c', process.cwd(), ...envArgs, run);
		this.tmux('set-option', '-g', 'set-clipboard', 'on');
		this.tmux('set-option', '-g', 'remain-on-exit', 'off');
	}

	/** The pane's process id (the command started; after an `exec`, what it became). */
	pid(): number {
		return Number(this.show('#{pane_pid}'));
	}

	/** An environment variable of the pane's process as the process has it (/proc/<pid>/environ). */
	envOf(name: string, pid = this.pid()): string | undefined {
		const env = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
		return env.find((e) => e.startsWith(`${name}=`))?.slice(name.length + 1);
	}

	/** The TERM the pane's process sees. */
	termOf(pid?: number): string | undefined {
		return this.envOf('TERM', pid);
	}

	/** The screen as text. */
	screen(): string {
		return this.tmux('capture-pane', '-p', '-t', this.session);
	}

	/** The screen with its colour codes. */
	colours(): string {
		return this.tmux('capture-pane', '-p', '-e', '-t', this.session);
	}

	/** A tmux format for the pane, e.g. '#{pane_title}'. */
	show(format: string): string {
		return this.tmux('display-message', '-p', '-t', this.session, format).trim();
	}

	/** The server's paste buffers (what an OSC 52 set), one sample a line. */
	buffers(): string {
		try {
			return this.tmux('list-buffers', '-F', '#{buffer_sample}');
		} catch {
			return '';
		}
	}

	/** Key names (tmux send-keys: 'Enter', 'Escape', 'j', 'C-c'). */
	keys(...keys: string[]): void {
		this.tmux('send-keys', '-t', this.session, ...keys);
	}

	/** Text typed as is (send-keys -l: no key names). */
	type(text: string): void {
		this.tmux('send-keys', '-t', this.session, '-l', text);
	}

	resize(width: number, height: number): void {
		this.tmux('resize-window', '-t', this.session, '-x', String(width), '-y', String(height));
	}

	alive(): boolean {
		try {
			this.tmux('has-session', '-t', this.session);
			return true;
		} catch {
			return false;
		}
	}

	/** The server goes, and its socket file (kill-server leaves it behind). */
	kill(): void {
		try {
			this.tmux('kill-server');
		} catch {
			// gone already
		}
		rmSync(join(process.env['TMUX_TMPDIR'] || '/tmp', `tmux-${process.getuid?.() ?? 0}`, this.socket), {force: true});
	}
}
