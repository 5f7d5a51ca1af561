/**
 * The built dashboard in a real terminal (tmux, 80×24): `v` opens the events pane, a labelled
 * container and network made outside show as rows as they happen, `/` narrows them, `k` pauses and
 * `G` follows again; a hostile label reaches the terminal inert (the screen's cells and its colour
 * codes); the tab bar and the footer fit 80 columns.
 */
import assert from 'node:assert/strict';
import {resolve} from 'node:path';
import {after, describe, it} from 'node:test';
import {cleanup, docker, RUN_ID, runContainer, sleep, TEST_LABEL, uniqueName, waitFor} from '../helpers/engine.js';
import {HOSTILE} from '../helpers/hostile.js';
import {Tmux} from '../helpers/tmux.js';

const CLI = resolve('dist/cli.js');

describe('events pane in a real terminal', () => {
	const t = new Tmux('main', 80, 24);
	const net = uniqueName('evwalk-net');
	after(() => {
		t.kill();
		cleanup();
		for (const n of [net, ...Array.from({length: 16}, (_, i) => `${net}-${i}`)]) {
			try {
				docker('network', 'rm', n);
			} catch {
				// gone
			}
		}
	});

	it('v opens it; rows arrive as things happen; / narrows; k pauses, G follows; a hostile label is inert', async () => {
		t.start(`${process.execPath} ${CLI}`, {TERM: 'xterm-256color', BERTH_MOUSE: '0'});
		const see = (what: RegExp, label: string, ms = 15_000) =>
			waitFor(() => what.test(t.screen()) && t.screen(), label, ms).catch((e) => {
				throw new Error(`${(e as Error).message}\n${t.screen()}`);
			});
		await see(/1 Containers|^ 1 /m, 'first frame');
		await sleep(300);
		t.keys('v');
		await see(/events (following|paused)/, 'the events pane');
		// only what this test makes (the engine is shared with other tests)
		t.keys('/');
		await see(/filter events \//, 'the filter input');
		t.type(`evwalk-`);
		t.keys('Enter');
		const name = uniqueName('evwalk-c');
		runContainer({name, labels: {'hx.evil': `${HOSTILE.osc0}${HOSTILE.csi}${HOSTILE.osc52}`}, cmd: ['sleep', '600']});
		docker('network', 'create', '--label', `${TEST_LABEL}=${RUN_ID}`, net);
		docker('network', 'connect', net, name);
		const row = (type: string, action: string, actor: string) => new RegExp(`^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} ${type}\\s+${action}\\s+${actor.slice(0, 12)}`, 'm');
		await see(row('container', 'start', name), 'the container start row');
		let screen = await see(row('network', 'connect', net), 'the network connect row');
		for (const l of screen.trimEnd().split('\n')) assert.ok([...l].length <= 80, `a line wider than 80: ${l}`);
		assert.match(screen.split('\n')[1]!, / v Events /, 'the tab names its key');
		assert.match(screen.trimEnd().split('\n').at(-1)!, /\? help\s+q quit$/, 'footer keeps help and quit');
		// wide enough for the labels: the label's bytes are drawn, and no escape reaches the terminal
		t.resize(250, 24);
		await see(/hx\.evil=hxa/, 'the hostile label drawn');
		assert.ok(!t.buffers().includes('UFdORUQtQ0xJUA'), 'no OSC 52 reached tmux');
		assert.ok(!/PWNED/.test(t.show('#{pane_title}')), 'no OSC title reached tmux');
		assert.ok(!/\x1b\[(?![0-9;]*m)/.test(t.colours()), 'only SGR colour codes on screen');
		t.resize(80, 24);
		await see(/^ 1 /m, 'back at 80 columns');

		// k pauses (new rows do not move the view), G follows again: all events, more than a screenful
		t.keys('Escape');
		await sleep(200);
		t.keys('/');
		await see(/filter events \//, 'the filter input');
		// this test's objects only: other tests' events (a shared engine) would push the rows below off screen
		t.type('evwalk-');
		t.keys('Enter');
		await see(/filter "evwalk-" /, 'filtered again on this test\'s objects');
		for (let i = 0; i < 16; i++) docker('network', 'create', '--label', `${TEST_LABEL}=${RUN_ID}`, `${net}-${i}`);
		for (let i = 0; i < 16; i++) docker('network', 'rm', `${net}-${i}`);
		await see(new RegExp(`network\\s+destroy\\s+${net.slice(0, 12)}`), 'more than a screenful');
		t.keys('k');
		await see(/paused \(G follows\)/, 'paused');
		docker('rm', '-f', name);
		await sleep(1500);
		assert.ok(!row('container', 'destroy', name).test(t.screen()), 'paused: the destroy row waits below');
		t.keys('G');
		screen = await see(row('container', 'destroy', name), 'following again: the destroy row');
		assert.match(screen, /events following/);
		t.keys('q');
		await waitFor(() => !t.alive(), 'quit', 5000);
	});
});
