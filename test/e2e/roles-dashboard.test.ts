/**
 * Roles in the dashboard, in a real terminal: with a policy that makes root an operator on
 * `application` only, `r` + `y` restarts an application container but is refused on a foundation
 * one (status line says who/what; the container is untouched); both attempts are audit lines
 * with via "tui".
 */
import assert from 'node:assert/strict';
import {chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, describe, it} from 'node:test';
import {cleanup, docker, runContainer, sleep, uniqueName, waitFor} from '../helpers/engine.js';
import {Tmux} from '../helpers/tmux.js';

const dir = mkdtempSync(join(tmpdir(), 'berth-tui-roles-'));
const policy = join(dir, 'policy.yaml');
const audit = join(dir, 'audit.log');
const auditLines = () => (existsSync(audit) ? readFileSync(audit, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, any>) : []);
const lines = (s: string) => s.replace(/\n$/, '').split('\n');

describe('roles in the dashboard', () => {
	const t = new Tmux('main', 160, 40);
	after(() => {
		t.kill();
		cleanup();
		rmSync(dir, {recursive: true, force: true});
	});

	it('operator on application: restart allowed there, refused on foundation; both audited', async () => {
		writeFileSync(policy, `audit_log: ${audit}\ndefault_role: viewer\nrules:\n  - name: app-ops\n    users: [root]\n    role: operator\n    service_groups: [application]\n`);
		chmodSync(policy, 0o644);
		const app = uniqueName('tuiapp');
		const found = uniqueName('tuifound');
		const appId = runContainer({name: app, labels: {'berth.group': 'application'}});
		const foundId = runContainer({name: found, labels: {'berth.group': 'foundation'}});
		const started = (id: string) => docker('inspect', '-f', '{{.State.StartedAt}}', id);
		t.start(`${process.execPath} dist/cli.js`, {TERM: 'xterm-256color', BERTH_POLICY: policy});
		// the list may be long (other tests' containers): the filter finds ours
		await waitFor(() => t.screen().includes('Containers') && t.screen().includes('running'), 'first frame', 15_000);
		await sleep(300);

		const restart = async (name: string) => {
			t.keys('/');
			await waitFor(() => t.screen().includes('substring or /regex/'), 'filter input', 3000);
			t.tmux('send-keys', '-t', t.session, '-l', name);
			t.keys('Enter');
			await waitFor(() => lines(t.screen()).some((l) => l.includes(name) && l.includes('running')), `${name} filtered`, 5000).catch((e) => {
				throw new Error(`${(e as Error).message}\n${t.screen()}`);
			});
			t.keys('j');
			await sleep(200);
			t.keys('r');
			await waitFor(() => t.screen().includes(`Restart ${name}?`), 'confirm dialog', 3000);
			t.keys('y');
		};

		const f0 = started(foundId);
		await restart(found);
		await waitFor(() => t.screen().includes('refused: root may not restart'), 'refusal in the status line', 10_000).catch((e) => {
			throw new Error(`${(e as Error).message}\n${t.screen()}`);
		});
		assert.equal(started(foundId), f0, 'the foundation container was not restarted');
		let l = auditLines().at(-1)!;
		assert.equal(l['result'], 'refused');
		assert.equal(l['via'], 'tui');
		assert.equal(l['action'], 'restart');
		assert.equal(l['target']['container'], found);
		assert.equal(l['target']['group'], 'foundation');
		assert.match(l['rule'], /default_role viewer/);

		// clear the filter (Esc in the containers pane)
		await waitFor(() => {
			if (!t.screen().includes(`filter ${found}`)) return true;
			t.keys('Escape');
			return false;
		}, 'filter cleared', 5000, 300);
		const a0 = started(appId);
		await restart(app);
		await waitFor(() => started(appId) !== a0, 'the application container restarted', 15_000);
		l = await waitFor(() => auditLines().find((x) => x['target']['container'] === app && x['result'] === 'ok'), 'ok audit line', 10_000);
		assert.equal(l['role'], 'operator');
		assert.equal(l['via'], 'tui');
		assert.match(l['rule'], /rule "app-ops" \(user root\)/);
		t.keys('q');
		await waitFor(() => !t.alive(), 'quits', 5000);
	});
});
