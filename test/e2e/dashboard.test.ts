/**
 * End to end in a real terminal (tmux): the built CLI, driven by keys, read from the screen.
 * Filter to a container, its logs, the ports pane, a restart with confirmation, a shell that
 * suspends and resumes the TUI, a resize to 80×24, NO_COLOR on TERM=screen, and q.
 */
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {after, describe, it} from 'node:test';
import {cleanup, docker, runContainer, sleep, uniqueName, waitFor} from '../helpers/engine.js';
import {Tmux} from '../helpers/tmux.js';

const lines = (s: string) => s.replace(/\n$/, '').split('\n');

describe('dashboard end to end (tmux)', () => {
	const tmux = new Tmux('berth-dash-e2e', 120, 40);
	const plainTmux = new Tmux('berth-dash-nocolor', 80, 24);
	after(() => {
		tmux.kill();
		plainTmux.kill();
		cleanup();
	});

	it('filter, logs, ports, restart with y, shell and back, resize, quit', async () => {
		const name = uniqueName('e2edash');
		const id = runContainer({name, ports: ['127.0.0.1:19601:8080'], cmd: ['sh', '-c', 'while :; do echo "e2e-line $(date +%s)"; sleep 0.3; done & exec httpd -f -p 8080 -h /var/www']});
		tmux.start(`${process.execPath} dist/cli.js`, {TERM: 'xterm-256color'});
		await waitFor(() => tmux.screen().includes('1 Containers') && tmux.screen().includes('running'), 'first frame with containers', 10_000);
		await sleep(300);
		tmux.keys('/');
		await waitFor(() => tmux.screen().includes('substring or /regex/'), 'filter input', 6000);
		tmux.type(name);
		await waitFor(() => tmux.screen().includes(`/${name}`), 'typed', 6000);
		tmux.keys('Enter');
		await waitFor(() => lines(tmux.screen()).some((l) => l.includes(name) && l.includes('running')), 'filtered row', 10_000);
		let screen = tmux.screen();
		assert.match(lines(screen)[0]!, /^berth /, 'header on the first line');
		assert.ok(lines(screen).length <= 40);
		assert.deepEqual(lines(screen).filter((l) => /^\s+(● )?\s*bt-/.test(l)).map((l) => l.trim().split(/\s+/)[0]), [name], 'only the filtered container');

		tmux.keys('j', 'Enter');
		await waitFor(() => tmux.screen().includes(`logs · container ${name} following`), 'its logs pane', 10_000);
		await waitFor(() => tmux.screen().includes('e2e-line'), 'its log lines', 8000);

		tmux.keys('3');
		await waitFor(() => /127\.0\.0\.1\s+19601\s+8080\s+tcp/.test(tmux.screen()), 'ports pane', 6000);

		const before = docker('inspect', '-f', '{{.State.StartedAt}}', id);
		tmux.keys('1', 'r');
		await waitFor(() => tmux.screen().includes(`Restart ${name}?`), 'confirm dialog', 6000);
		tmux.keys('y');
		await waitFor(() => docker('inspect', '-f', '{{.State.StartedAt}}', id) !== before, 'restarted', 15_000);
		await waitFor(() => tmux.screen().includes(`restarted ${name}`), 'status line', 15_000);

		// a shell: the TUI steps aside, the shell runs in the terminal, exit brings the TUI back
		tmux.keys('e');
		await waitFor(() => tmux.screen().includes(`shell in ${name}`), 'shell started', 10_000);
		await sleep(300);
		tmux.type('echo inside-$((40+2))');
		tmux.keys('Enter');
		await waitFor(() => tmux.screen().includes('inside-42'), 'command ran in the container', 10_000);
		tmux.keys('exit', 'Enter');
		await waitFor(() => tmux.screen().includes('1 Containers') && tmux.screen().includes(`Back from the shell in ${name}`), 'dashboard back', 10_000);
		tmux.keys('j');
		await sleep(200);
		assert.ok(tmux.alive());

		// resize re-lays out: nothing wider than the terminal, header still on top
		tmux.resize(80, 24);
		await waitFor(() => !tmux.screen().includes('IMAGE') && lines(tmux.screen())[0]!.startsWith('berth'), 're-laid out at 80×24', 6000);
		screen = tmux.screen();
		for (const l of lines(screen)) assert.ok([...l].length <= 80, `wider than 80: ${l}`);
		assert.ok(lines(screen).length <= 24);

		tmux.keys('q');
		await waitFor(() => !tmux.alive(), 'exit on q', 6000);
	});

	for (const term of ['xterm', 'tmux']) {
		it(`TERM=${term}: draws, switches panes, quits`, async () => {
			const t = new Tmux(`berth-dash-${term}`, 100, 30);
			try {
				t.start(`${process.execPath} dist/cli.js`, {TERM: term});
				await waitFor(() => t.screen().includes('1 Containers'), 'first frame', 10_000);
				assert.equal(t.termOf(), term, 'berth runs with the TERM asked for (not tmux\'s default-terminal)');
				await sleep(300);
				t.keys('3');
				await waitFor(() => t.screen().includes('HOST PORT'), 'ports pane', 6000);
				assert.ok(lines(t.screen()).length <= 30);
				assert.match(lines(t.screen())[0]!, /^berth /);
				t.keys('q');
				await waitFor(() => !t.alive(), 'exit on q', 6000);
			} finally {
				t.kill();
			}
		});
	}

	it('NO_COLOR on TERM=screen: no colour codes, still usable', async () => {
		plainTmux.start(`${process.execPath} dist/cli.js`, {TERM: 'screen', NO_COLOR: '1'});
		await waitFor(() => plainTmux.screen().includes('1 Containers'), 'first frame', 10_000);
		assert.equal(plainTmux.termOf(), 'screen', 'berth runs under TERM=screen');
		assert.equal(plainTmux.envOf('NO_COLOR'), '1');
		assert.equal(plainTmux.show('#{mouse_any_flag}#{mouse_button_flag}#{mouse_standard_flag}#{mouse_sgr_flag}'), '0000', 'no mouse reporting over TERM=screen');
		plainTmux.keys('2');
		await waitFor(() => plainTmux.screen().includes('foundation'), 'groups pane', 6000);
		const raw = plainTmux.colours();
		assert.doesNotMatch(raw, /\x1b\[(3[0-7]|9[0-7]|38;)/, 'no foreground colours');
		plainTmux.keys('q');
		await waitFor(() => !plainTmux.alive(), 'exit on q', 6000);
	});
});
