/**
 * Issue 15: `e` (a shell) steps aside without clearing the terminal's main screen — what the user
 * had in the terminal before berth is still there after quitting (tmux with scroll-on-clear off
 * behaves as xterm: a cleared screen is gone, not pushed into the history).
 */
import assert from 'node:assert/strict';
import {after, describe, it} from 'node:test';
import {cleanup, runContainer, sleep, uniqueName, waitFor} from '../helpers/engine.js';
import {Tmux} from '../helpers/tmux.js';

describe('shell and the main screen (tmux)', () => {
	const tmux = new Tmux('berth-firstmin-shell', 100, 30);
	after(() => {
		tmux.kill();
		cleanup();
	});

	it('the lines printed before berth survive a shell and quitting', async () => {
		const name = uniqueName('firstmin-sh');
		runContainer({name, cmd: ['sleep', '600']});
		tmux.start(`sh -c 'for i in 1 2 3 4 5; do echo BEFORE-BERTH-$i; done; ${process.execPath} dist/cli.js; echo AFTER-QUIT; sleep 60'`, {TERM: 'xterm-256color'});
		tmux.tmux('set-option', '-t', tmux.session, '-g', 'scroll-on-clear', 'off');
		await waitFor(() => tmux.screen().includes('1 Containers') && tmux.screen().includes('running'), 'first frame', 15_000);
		await sleep(300);
		tmux.keys('/');
		await waitFor(() => tmux.screen().includes('substring or /regex/'), 'filter input', 6000);
		tmux.type(name);
		tmux.keys('Enter');
		await sleep(300);
		tmux.keys('j', 'e');
		await waitFor(() => tmux.screen().includes(`shell in ${name}`), 'shell started', 10_000);
		await sleep(300);
		tmux.type('exit');
		tmux.keys('Enter');
		await waitFor(() => tmux.screen().includes(`Back from the shell in ${name}`), 'dashboard back', 10_000);
		tmux.keys('q');
		await waitFor(() => tmux.screen().includes('AFTER-QUIT'), 'quit', 10_000);
		const all = tmux.tmux('capture-pane', '-p', '-S', '-', '-t', tmux.session);
		for (let i = 1; i <= 5; i++) assert.ok(all.includes(`BEFORE-BERTH-${i}`), `line ${i} before berth kept:\n${all}`);
	});
});
