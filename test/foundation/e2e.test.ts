/**
 * End to end: the built CLI in a real terminal (tmux, 120×40). A container started from outside
 * appears on screen; the screen matches `berth status --json`; `q` quits cleanly.
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
		runContainer({name, ports: ['127.0.0.1:19953:8080'], cmd: ['httpd', '-f', '-p', '8080', '-h', '/var/www']});
		const line = await waitFor(() => tmux.screen().split('\n').find((l) => l.includes(name) && l.includes('running')), `${name} running on screen`, 3000);
		assert.match(line, /127\.0\.0\.1:19953→8080\/tcp/);

		const status = JSON.parse(spawnSync(process.execPath, ['dist/cli.js', 'status', '--json'], {encoding: 'utf8'}).stdout) as {
			containers: Array<{name: string; state: string; health: string}>;
		};
		const ours = status.containers.filter((x) => x.name.startsWith('bt-e2e-'));
		assert.equal(ours.length, 1);
		for (const c of ours) {
			const l = tmux.screen().split('\n').find((x) => x.includes(c.name) && !x.includes('filter '));
			assert.ok(l, `${c.name} missing on screen`);
			assert.ok(l.includes(c.state), `${c.name}: screen "${l}" vs state ${c.state}`);
			assert.ok(l.includes(c.health === 'none' ? '-' : c.health));
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
