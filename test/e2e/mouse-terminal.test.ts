/** Issue 15: the mouse in a real terminal (tmux): reporting on at start (off over TERM=screen), m toggles, a click switches tabs, quitting turns it off. */
import assert from 'node:assert/strict';
import {after, describe, it} from 'node:test';
import {sleep, waitFor} from '../helpers/engine.js';
import {Tmux} from '../helpers/tmux.js';

const flags = (t: Tmux) => t.show('#{mouse_standard_flag}#{mouse_sgr_flag}');

describe('mouse (tmux)', () => {
	const tmux = new Tmux('berth-firstmin-mouse', 100, 30);
	const screen = new Tmux('berth-firstmin-mouse-screen', 100, 30);
	after(() => {
		tmux.kill();
		screen.kill();
	});

	it('on at start, m toggles, a click on a tab switches, off after quitting', async () => {
		tmux.start(`sh -c 'TERM=xterm-256color ${process.execPath} dist/cli.js; echo AFTER-QUIT; sleep 60'`);
		await waitFor(() => tmux.screen().includes('1 Containers'), 'first frame', 15_000);
		await waitFor(() => flags(tmux) === '11', 'mouse reporting on', 5000);
		// a click as the terminal reports it (SGR): the "3 Ports" tab on line 2 (only "3" when the
		// subject on the right leaves no room for the names)
		const tabs = tmux.screen().split('\n')[1]!;
		const at = / 3(?: Ports)? /.exec(tabs);
		assert.ok(at, `the ports tab in ${JSON.stringify(tabs)}`);
		tmux.type(`\x1b[<0;${at.index + 2};2M`);
		await waitFor(() => tmux.screen().includes('HOST PORT'), 'ports pane after the click', 6000);
		tmux.keys('m');
		await waitFor(() => flags(tmux) === '00', 'mouse reporting off after m', 5000);
		tmux.keys('m');
		await waitFor(() => flags(tmux) === '11', 'on again', 5000);
		tmux.keys('q');
		await waitFor(() => tmux.screen().includes('AFTER-QUIT'), 'quit', 10_000);
		assert.equal(flags(tmux), '00', 'quitting turns the mouse off');
	});

	it('TERM=screen: off at start', async () => {
		// tmux sets TERM itself (its default-terminal): env sets it for berth
		screen.start(`env TERM=screen ${process.execPath} dist/cli.js`);
		await waitFor(() => screen.screen().includes('1 Containers'), 'first frame', 15_000);
		await sleep(300);
		assert.equal(flags(screen), '00');
		screen.keys('q');
		await waitFor(() => !screen.alive(), 'exit on q', 6000);
	});
});
