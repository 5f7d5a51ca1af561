/**
 * The tmux driver runs a command with the TERM a test asks for: tmux sets a pane's TERM from its
 * default-terminal whatever `new-session -e TERM=…` says, so a test "under TERM=screen" used to
 * run under tmux-256color. Here the process itself (its /proc environ, and what a shell prints)
 * has the TERM asked for, and berth too.
 */
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {describe, it} from 'node:test';
import {waitFor} from '../helpers/engine.js';
import {Tmux} from '../helpers/tmux.js';

describe('tmux driver: TERM', () => {
	for (const term of ['screen', 'screen-256color', 'xterm', 'xterm-256color', 'tmux-256color']) {
		it(`TERM=${term} reaches the command (a shell prints it; /proc says so) with the other variables`, async () => {
			const t = new Tmux(`term-${term}`, 80, 10);
			try {
				t.start(`sh -c 'echo "SEEN=[$TERM] [$BT_VAR]"; sleep 30'`, {TERM: term, BT_VAR: 'x y'});
				await waitFor(() => t.screen().includes('SEEN='), 'the shell ran', 5000);
				assert.match(t.screen(), new RegExp(`SEEN=\\[${term}\\] \\[x y\\]`));
				assert.equal(t.termOf(), term);
			} finally {
				t.kill();
			}
		});
	}

	it('berth itself runs under the TERM asked for', async () => {
		const t = new Tmux('term-berth', 100, 30);
		try {
			t.start(`${process.execPath} dist/cli.js`, {TERM: 'screen'});
			await waitFor(() => t.screen().includes('1 Containers'), 'first frame', 10_000);
			assert.equal(t.termOf(), 'screen');
			assert.match(execName(t.pid()).trim(), /^(node|berth)$/, 'the pane\'s process is berth (node), not a wrapper');
			t.keys('q');
			await waitFor(() => !t.alive(), 'exit on q', 6000);
		} finally {
			t.kill();
		}
	});

	it('a TERM that is not a terminal name is refused (it is pasted into a command line)', () => {
		const t = new Tmux('term-bad', 80, 10);
		assert.throws(() => t.start('true', {TERM: 'xterm; touch /tmp/x'}), /not a terminal name/);
		t.kill();
	});
});

function execName(pid: number): string {
	return readFileSync(`/proc/${pid}/comm`, 'utf8');
}
