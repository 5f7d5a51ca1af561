/**
 * Roles against the real engine, as the attacks of issue #13 were made:
 *  - a copy of the project's compose file with the same `name:` and no `x-berth` block, named with
 *    -f, cannot make the foundation `db` an application service (`berth stop -f evil db`);
 *  - containers `berth up` creates carry their `berth.group` label;
 *  - containers without the label (made by plain docker-compose) get their group from the compose
 *    file compose recorded; `restart-container` and the dashboard's `:restart` are refused.
 * root is an operator on `application` only (policy rule users: [root]).
 */
import assert from 'node:assert/strict';
import {execFileSync, spawnSync} from 'node:child_process';
import {chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {after, describe, it} from 'node:test';
import {RUN_ID, cleanup, docker, sleep, uniqueName, waitFor} from '../helpers/engine.js';
import {Tmux} from '../helpers/tmux.js';

const CLI = resolve('dist/cli.js');
const dir = mkdtempSync(join(tmpdir(), 'berth-trust-'));
const policy = join(dir, 'policy.yaml');
const audit = join(dir, 'audit.log');
const project = uniqueName('trust').replace(/[^a-z0-9]/g, '');
const plain = `${project}plain`;

const file = (name: string, withX: boolean) => `name: ${name}
services:
  db:
    image: tuitest/busybox:latest
    command: ["sleep", "600"]
    stop_grace_period: 1s
    labels: {berth.test: "${RUN_ID}"}
  web:
    image: tuitest/busybox:latest
    command: ["sleep", "600"]
    stop_grace_period: 1s
    labels: {berth.test: "${RUN_ID}"}
${withX ? 'x-berth:\n  groups:\n    foundation: [db]\n    application: [web]\n' : ''}`;

function berth(args: string[], env: Record<string, string> = {}, cwd = dir) {
	const r = spawnSync(process.execPath, [CLI, ...args], {encoding: 'utf8', cwd, env: {...process.env, XDG_CACHE_HOME: join(dir, 'cache'), ...env}});
	return {code: r.status, out: r.stdout, err: r.stderr};
}
const started = (name: string) => docker('inspect', '-f', '{{.State.Running}} {{.State.StartedAt}}', name);
const auditLines = () => (existsSync(audit) ? readFileSync(audit, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, any>) : []);

describe('groups come from the containers, not from the -f file', () => {
	const real = join(dir, 'real');
	const evil = join(dir, 'evil');
	const plainDir = join(dir, 'plain');
	const t = new Tmux('main', 160, 40);
	after(() => {
		t.kill();
		for (const [p, d, f] of [[project, real, 'compose.yaml'], [plain, plainDir, 'docker-compose.yml']] as const) spawnSync('docker-compose', ['-p', p, '-f', join(d, f), 'down', '-t', '1'], {stdio: 'ignore'});
		cleanup();
		// docker-compose v1 cannot read every file berth can (berth runs it on a copy): the projects'
		// networks go by name, or each run would leave them (the engine's address pools run out)
		for (const p of [project, plain]) spawnSync('docker', ['network', 'rm', `${p}_default`], {stdio: 'ignore'});
		rmSync(dir, {recursive: true, force: true});
	});

	it('setup: berth up labels the containers with their group', () => {
		for (const d of [real, evil, plainDir]) mkdirSync(d, {recursive: true});
		writeFileSync(join(real, 'compose.yaml'), file(project, true));
		writeFileSync(join(evil, 'compose.yaml'), file(project, false));
		// no policy yet (the system one does not exist here): root is admin and brings the project up
		const up = berth(['up', '-f', join(real, 'compose.yaml')], {BERTH_POLICY: ''});
		assert.equal(up.code, 0, up.err + up.out);
		assert.equal(docker('inspect', '-f', '{{index .Config.Labels "berth.group"}}', `${project}_db_1`), 'foundation');
		assert.equal(docker('inspect', '-f', '{{index .Config.Labels "berth.group"}}', `${project}_web_1`), 'application');
		// a project made by plain docker-compose: no berth.group label, the x-berth block in its file
		writeFileSync(join(plainDir, 'docker-compose.yml'), file(plain, true).replace(/^name: .*\n/, ''));
		execFileSync('docker-compose', ['-p', plain, 'up', '-d'], {cwd: plainDir, stdio: 'ignore'});
		assert.equal(docker('inspect', '-f', '{{index .Config.Labels "berth.group"}}', `${plain}_db_1`), '');
		writeFileSync(policy, `audit_log: ${audit}\ndefault_role: viewer\nrules:\n  - name: app-ops\n    users: [root]\n    role: operator\n    service_groups: [application]\n`);
		chmodSync(policy, 0o644);
	});

	it('berth stop -f <copy without x-berth> db: refused, the real db keeps running', () => {
		const before = started(`${project}_db_1`);
		const r = berth(['stop', '-f', join(evil, 'compose.yaml'), 'db'], {BERTH_POLICY: policy});
		assert.equal(r.code, 4, r.err + r.out);
		assert.match(r.err, /refused: root may not stop/);
		assert.match(r.err, /foundation/);
		assert.equal(started(`${project}_db_1`), before, 'db untouched');
		const l = auditLines().at(-1)!;
		assert.equal(l['result'], 'refused');
		assert.equal(l['action'], 'stop');
		// --group application with the copy: the file puts db there, its container says foundation
		const g = berth(['stop', '-f', join(evil, 'compose.yaml'), '--group', 'application'], {BERTH_POLICY: policy});
		assert.equal(g.code, 4, g.err + g.out);
		assert.equal(started(`${project}_db_1`), before, 'db untouched');
		// the honest case still works: web is application
		const w = berth(['restart', '-f', join(real, 'compose.yaml'), 'web'], {BERTH_POLICY: policy});
		assert.equal(w.code, 0, w.err + w.out);
	});

	it('restart-container on a labelled and on an unlabelled foundation db: refused', () => {
		for (const name of [`${project}_db_1`, `${plain}_db_1`]) {
			const before = started(name);
			const r = berth(['restart-container', name], {BERTH_POLICY: policy});
			assert.equal(r.code, 4, `${name}: ${r.err}${r.out}`);
			assert.match(r.err, /group foundation/);
			assert.equal(started(name), before, `${name} untouched`);
		}
		// web of the unlabelled project: application by its recorded file: allowed
		const w = berth(['restart-container', `${plain}_web_1`], {BERTH_POLICY: policy});
		assert.equal(w.code, 0, w.err);
	});

	it("the dashboard's :restart <project>_db_1 is refused (unlabelled container, recorded file) and audited", async () => {
		const name = `${plain}_db_1`;
		const before = started(name);
		const n0 = auditLines().length;
		t.start(`${process.execPath} ${CLI}`, {TERM: 'xterm-256color', BERTH_POLICY: policy});
		await waitFor(() => t.screen().includes('Containers') && t.screen().includes('running'), 'first frame', 15_000);
		await sleep(300);
		t.keys(':');
		await sleep(100);
		t.tmux('send-keys', '-t', t.session, '-l', `restart ${name}`);
		t.keys('Enter');
		await waitFor(() => t.screen().includes(`Restart ${name}?`), 'confirm dialog', 5000).catch((e) => {
			throw new Error(`${(e as Error).message}\n${t.screen()}`);
		});
		t.keys('y');
		await waitFor(() => t.screen().includes('refused: root may not restart'), 'refusal in the status line', 10_000).catch((e) => {
			throw new Error(`${(e as Error).message}\n${t.screen()}`);
		});
		assert.equal(started(name), before, 'not restarted');
		const l = auditLines().slice(n0).find((x) => x['target']['container'] === name)!;
		assert.equal(l['result'], 'refused');
		assert.equal(l['via'], 'tui');
		assert.equal(l['target']['group'], 'foundation');
		t.keys('q');
		await waitFor(() => !t.alive(), 'quits', 5000);
	});
});
