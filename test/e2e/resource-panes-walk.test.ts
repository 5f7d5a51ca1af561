/**
 * The built dashboard in a real terminal (tmux): 8, 9, 0 and Tab reach the images, volumes and
 * networks panes; each filters with `/`; a volume this test created is removed through the confirm
 * dialog (and only it), the list follows by the engine's events; `? help` and `q quit` stay in the
 * footer at 80 columns.
 */
import assert from 'node:assert/strict';
import {chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {after, describe, it} from 'node:test';
import {RUN_ID, TEST_LABEL, docker, sleep, waitFor} from '../helpers/engine.js';
import {Tmux} from '../helpers/tmux.js';

const CLI = resolve('dist/cli.js');
const dir = mkdtempSync(join(tmpdir(), 'berth-panes-walk-'));
const AUDIT = join(dir, 'audit.log');
const POLICY = join(dir, 'policy.yaml');
const VOL = `bt-panes-walk-${process.pid}-${Date.now().toString(36)}`;
const KEEP = `${VOL}-keep`;

/** The list's rows: below the header, tabs and column titles, above the footer. */
const rowsOf = (screen: string) => screen.trimEnd().split('\n').slice(3, -1);

const exists = (name: string) => {
	try {
		docker('volume', 'inspect', name);
		return true;
	} catch {
		return false;
	}
};

describe('images, volumes and networks panes in a real terminal', () => {
	const tmuxes: Tmux[] = [];
	after(() => {
		for (const t of tmuxes) t.kill();
		for (const v of [VOL, KEEP]) {
			try {
				docker('volume', 'rm', '-f', v);
			} catch {
				// gone
			}
		}
		rmSync(dir, {recursive: true, force: true});
	});

	it('switches to each pane, filters, and removes a test volume through the confirm', async () => {
		writeFileSync(POLICY, `audit_log: ${AUDIT}\ndefault_role: admin\n`);
		chmodSync(POLICY, 0o644);
		docker('volume', 'create', '--label', `${TEST_LABEL}=${RUN_ID}`, VOL);
		docker('volume', 'create', '--label', `${TEST_LABEL}=${RUN_ID}`, KEEP);
		const t = new Tmux('main', 160, 40);
		tmuxes.push(t);
		t.start(`${process.execPath} ${CLI}`, {TERM: 'xterm-256color', BERTH_POLICY: POLICY, BERTH_MOUSE: '0', XDG_CACHE_HOME: join(dir, 'cache')});
		const see = (what: RegExp | string, label: string, ms = 15_000) =>
			waitFor(() => (typeof what === 'string' ? t.screen().includes(what) : what.test(t.screen())) && t.screen(), label, ms).catch((e) => {
				throw new Error(`${(e as Error).message}\n${t.screen()}`);
			});
		// an Escape alone (the terminal would read ESC and the next key as one alt+key)
		const esc = async () => {
			t.keys('Escape');
			await sleep(250);
		};
		await see('Containers', 'first frame');
		await sleep(300);

		// images: 8, filter
		t.keys('8');
		await see(/REPOSITORY▲/, 'the images pane');
		await see('tuitest/busybox', 'the test image listed', 30_000);
		t.keys('/');
		t.tmux('send-keys', '-t', t.session, '-l', 'repo:tuitest/busybox');
		t.keys('Enter');
		let s = await see(/filter repo/, 'the filter in the tab bar');
		assert.ok(rowsOf(s).filter((l) => l.trim()).every((l) => l.includes('tuitest/busybox')), s);
		await esc();

		// volumes: Tab cycles on from images
		t.keys('Tab');
		await see(/MOUNTPOINT/, 'the volumes pane by Tab');
		await see(VOL, 'our volume listed');
		t.keys('/');
		t.tmux('send-keys', '-t', t.session, '-l', `name:${VOL}`);
		t.keys('Enter');
		s = await see(/· filter/, 'filtered');
		await sleep(300);
		s = t.screen();
		const rows = rowsOf(s).filter((l) => l.includes(VOL));
		assert.equal(rows.length, 2, `ours two (the filter is a substring)\n${s}`);
		// the exact one: a regex
		await esc();
		t.keys('/');
		t.tmux('send-keys', '-t', t.session, '-l', `name:/^${VOL}$/`);
		t.keys('Enter');
		await waitFor(() => !rowsOf(t.screen()).some((l) => l.includes(KEEP)), 'only ours', 5000);
		t.keys('d');
		s = await see(`Remove volume ${VOL}?`, 'the confirm dialog');
		t.keys('y');
		await waitFor(() => !exists(VOL), 'the volume removed', 10_000);
		s = await see('✔ removed volume', 'the outcome');
		await waitFor(() => !rowsOf(t.screen()).some((l) => l.includes(VOL) && !l.includes('matches')), 'its row gone (events)', 10_000).catch((e) => {
			throw new Error(`${(e as Error).message}\n${t.screen()}`);
		});
		assert.ok(exists(KEEP), 'the other test volume stays');
		const audit = readFileSync(AUDIT, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
		assert.ok(audit.some((l) => l['action'] === 'volume-remove' && l['result'] === 'ok' && l['via'] === 'tui'), JSON.stringify(audit));

		// networks: 0, filter
		await esc();
		t.keys('0');
		await see(/SUBNET/, 'the networks pane');
		t.keys('/');
		t.tmux('send-keys', '-t', t.session, '-l', 'name:/^(bridge|host|none)$/');
		t.keys('Enter');
		s = await see(/\bnone\b/, 'the builtin networks');
		assert.equal(rowsOf(s).filter((l) => /^\s+(bridge|host|none)\s/.test(l)).length, 3, s);

		// 80 columns: tabs still fit, help and quit stay in the footer
		t.tmux('resize-window', '-t', t.session, '-x', '80', '-y', '24');
		await sleep(500);
		s = t.screen();
		const lines = s.split('\n');
		assert.ok(lines[1]!.includes('0 Networks'), `the active tab named at 80 columns\n${s}`);
		assert.match(lines.filter((l) => l.trim()).at(-1)!, /\? help\s+q quit/, s);

		t.keys('q');
		await waitFor(() => !t.alive(), 'quits', 5000);
		assert.ok(existsSync(AUDIT));
	});
});
