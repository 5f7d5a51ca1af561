/**
 * End to end: the built CLI in a real terminal (tmux, 120×40). A container started from outside
 * appears on screen; its STATE and HEALTH cells match `berth status --json`; `q` quits cleanly.
 */
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {after, describe, it} from 'node:test';
import {cleanup, docker, runContainer, sleep, uniqueName, waitFor} from '../helpers/engine.js';
import {Tmux} from '../helpers/tmux.js';

describe('dashboard in a real terminal', () => {
	const tmux = new Tmux('berth-e2e');
	after(() => {
		tmux.kill();
		cleanup();
	});

	it('shows a container started from another terminal, as status --json reports it, and quits on q', async () => {
		// CI=true as in CI: Ink would draw only the final frame; the dashboard must still be live
		tmux.start(`${process.execPath} dist/cli.js`, {TERM: 'xterm-256color', CI: 'true'});
		await waitFor(() => tmux.screen().includes('running'), 'first frame', 10_000);
		const name = uniqueName('e2e');
		// filter to the name first, so the row is on screen however many containers the engine has
		tmux.keys('/');
		await waitFor(() => tmux.screen().includes('substring or /regex/'), 'filter input', 5000);
		tmux.keys('-l', name);
		tmux.keys('Enter');
		await sleep(200);
		runContainer({name, ports: ['127.0.0.1:19953:8080'], cmd: ['httpd', '-f', '-p', '8080', '-h', '/var/www'], health: {cmd: 'true', interval: '1s'}});
		const rowOf = (screen: string) => screen.split('\n').find((l) => l.includes(name) && !l.includes('filter '));
		const line = await waitFor(() => rowOf(tmux.screen())?.includes('running') && rowOf(tmux.screen()), `${name} running on screen`, 3000);
		assert.match(line, /127\.0\.0\.1:19953→8080\/tcp/);

		// the row's STATE and HEALTH cells (read under the header's columns) say what status --json says
		const cell = (screen: string, header: string, width: number) => {
			const head = screen.split('\n').find((l) => l.includes('STATE') && l.includes('HEALTH'));
			assert.ok(head, 'the list header on screen');
			const at = head.indexOf(header);
			return (rowOf(screen) ?? '').slice(at, at + width).trim();
		};
		await waitFor(() => cell(tmux.screen(), 'HEALTH', 9) === 'healthy', `${name} healthy on screen`, 10_000);
		const status = JSON.parse(spawnSync(process.execPath, ['dist/cli.js', 'status', '--json'], {encoding: 'utf8'}).stdout) as {
			containers: Array<{name: string; state: string; health: string}>;
		};
		const ours = status.containers.filter((x) => x.name === name);
		assert.equal(ours.length, 1);
		for (const c of ours) {
			const screen = tmux.screen();
			assert.ok(rowOf(screen), `${c.name} missing on screen`);
			assert.equal(cell(screen, 'STATE', 11), c.state, `${c.name}: STATE on screen vs status --json`);
			assert.equal(cell(screen, 'HEALTH', 9), c.health === 'none' ? '-' : c.health, `${c.name}: HEALTH on screen vs status --json`);
		}

		docker('stop', '-t', '1', name);
		await waitFor(() => tmux.screen().split('\n').find((l) => l.includes(name) && l.includes('exited') && !l.includes('filter ')), 'exited on screen', 3000);

		tmux.keys('?');
		await waitFor(() => tmux.screen().includes('Show / hide this help'), 'help overlay', 2000);
		tmux.keys('Escape');
		await waitFor(() => !tmux.screen().includes('Show / hide this help'), 'help closed', 2000);
		tmux.keys('q');
		await waitFor(() => !tmux.alive(), 'process exit on q', 3000);
		await sleep(10);
	});
});
