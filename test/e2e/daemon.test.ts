/**
 * The engine goes away under a running dashboard and comes back (a private engine, stopped and
 * started by this test; never the shared one): the dashboard shows the banner with its retry
 * attempts and stays up, reconnects on its own, the followed logs resume (a line written after
 * the restart appears), and a container removed while its logs are shown does not crash it.
 */
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {RUN_ID, TEST_LABEL, IMAGE, sleep, uniqueName, waitFor} from '../helpers/engine.js';
import {PRIVATE_HOST, pdocker, privateCleanup, removePrivateBridge, startPrivateEngine, stopPrivateEngine} from '../helpers/private-engine.js';
import {Tmux} from '../helpers/tmux.js';

const lines = (s: string) => s.replace(/\n$/, '').split('\n');

describe('engine stopped and restarted under the dashboard', () => {
	const t = new Tmux('main', 120, 36);
	before(() => startPrivateEngine());
	after(async () => {
		t.kill();
		privateCleanup();
		await stopPrivateEngine();
		removePrivateBridge();
	});

	it('banner, reconnect with backoff, logs resume, container removal survived', async () => {
		const name = uniqueName('daemon');
		const script = 'echo "boot-$(head -c 8 /proc/sys/kernel/random/uuid)"; i=0; while :; do i=$((i+1)); echo "tick-$i"; sleep 0.3; done';
		pdocker('run', '-d', '--init', '--network', 'none', '--restart', 'always', '--label', `${TEST_LABEL}=${RUN_ID}`, '--name', name, IMAGE, 'sh', '-c', script);
		const boots = () => [...new Set(t.screen().match(/boot-[0-9a-f]{8}/g) ?? [])];

		t.start(`${process.execPath} dist/cli.js`, {TERM: 'xterm-256color', DOCKER_HOST: PRIVATE_HOST});
		await waitFor(() => lines(t.screen()).some((l) => l.includes(name) && l.includes('running')), 'container on screen', 15_000);
		await sleep(300);
		t.keys('/');
		await waitFor(() => t.screen().includes('substring or /regex/'), 'filter input', 3000);
		t.tmux('send-keys', '-t', t.session, '-l', name);
		t.keys('Enter');
		await sleep(300);
		t.keys('j', 'Enter');
		await waitFor(() => t.screen().includes('tick-') && boots().length === 1, 'its logs, first boot', 10_000);
		const firstBoot = boots()[0]!;

		// engine down
		await stopPrivateEngine();
		const banner = await waitFor(() => (/Reconnect/.test(t.screen()) ? t.screen() : null), 'the disconnected banner', 15_000, 100);
		assert.match(banner, /berth-hardening\.sock/, 'the banner names the engine');
		const attempt = () => Number(/attempt (\d+)/.exec(t.screen())?.[1] ?? 0);
		const a1 = await waitFor(() => attempt() || null, 'an attempt count', 5000);
		const a2 = await waitFor(() => (attempt() > a1 ? attempt() : null), 'a further retry', 15_000, 100);
		assert.ok(a2 > a1);
		assert.ok(t.alive(), 'the dashboard survived the engine going away');
		assert.match(lines(t.screen())[0]!, /^berth /);

		// engine back: reconnect, the restart=always container boots again, its new lines appear
		startPrivateEngine();
		await waitFor(() => !/Reconnect/.test(t.screen()), 'banner gone after reconnect', 30_000, 100);
		await waitFor(() => boots().some((b) => b !== firstBoot), 'logs resume: a line from after the restart', 30_000, 100);
		assert.ok(t.alive());

		// the container removed while its logs stream
		pdocker('rm', '-f', name);
		await waitFor(() => !lines(t.screen()).some((l) => l.includes(name) && l.includes('running')), 'the removed container leaves the list', 10_000);
		await sleep(500);
		assert.ok(t.alive(), 'no crash after removal under the logs pane');
		assert.match(lines(t.screen())[0]!, /^berth /);
		t.keys('q');
		await waitFor(() => !t.alive(), 'quits on q', 5000);
	});
});
