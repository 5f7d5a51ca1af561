/**
 * Roles as real OS users. Test users/groups (berthtest-*) are created here and removed after.
 * Refusals need no engine (the gate refuses before any engine call; the test users point
 * DOCKER_HOST at a socket that does not exist to prove it). Allowed actions run as root, with a
 * policy that maps root's group to operator on one service group, against the real engine.
 */
import assert from 'node:assert/strict';
import {execFileSync, spawnSync} from 'node:child_process';
import {chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {cleanup, docker, runContainer, uniqueName, waitFor} from '../helpers/engine.js';

const CLI = resolve('dist/cli.js');
const VIEWER = 'berthtest-viewer';
const OP = 'berthtest-op';
const OPS = 'berthtest-ops';
const NO_ENGINE = 'unix:///tmp/berth-no-engine.sock';

const dir = mkdtempSync(join(tmpdir(), 'berth-roles-'));
const policyPath = join(dir, 'policy.yaml');
const auditPath = join(dir, 'audit.log');

function sh(cmd: string, ...args: string[]) {
	return spawnSync(cmd, args, {encoding: 'utf8'});
}

function dropUsers() {
	for (const u of [VIEWER, OP]) sh('userdel', u);
	sh('groupdel', OPS);
}

/** berth as an OS user (or root when user is null), with only the given environment. */
function berth(user: string | null, args: string[], env: Record<string, string> = {}) {
	const envArgs = Object.entries({PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: '/nonexistent', ...env}).map(([k, v]) => `${k}=${v}`);
	const cmd = user ? ['runuser', '-u', user, '--', 'env', '-i', ...envArgs, process.execPath, CLI, ...args] : ['env', '-i', ...envArgs, process.execPath, CLI, ...args];
	const r = spawnSync(cmd[0]!, cmd.slice(1), {encoding: 'utf8', cwd: dir});
	return {code: r.status, out: r.stdout, err: r.stderr};
}

const auditLines = () => (existsSync(auditPath) ? readFileSync(auditPath, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, any>) : []);

function writePolicy(text: string) {
	writeFileSync(policyPath, text);
	chmodSync(policyPath, 0o644);
}

const POLICY = `audit_log: ${auditPath}
default_role: viewer
rules:
  - name: ops
    os_groups: [${OPS}]
    role: operator
    service_groups: [application]
  - name: root-ops
    users: [root]
    role: operator
    service_groups: [application]
`;

describe('roles as real OS users', () => {
	before(() => {
		dropUsers();
		execFileSync('groupadd', [OPS]);
		execFileSync('useradd', ['-M', '-N', '-s', '/usr/sbin/nologin', VIEWER]);
		execFileSync('useradd', ['-M', '-N', '-s', '/usr/sbin/nologin', '-G', OPS, OP]);
		chmodSync(dir, 0o755);
		writePolicy(POLICY);
		writeFileSync(auditPath, '');
		chmodSync(auditPath, 0o666); // a shared audit log is prepared by the admin, writable by all
	});
	after(() => {
		dropUsers();
		cleanup();
		rmSync(dir, {recursive: true, force: true});
	});

	it('a user no rule matches is viewer: restart refused (who, what, rule), audited, engine never asked', () => {
		const before = auditLines().length;
		const r = berth(VIEWER, ['restart-container', 'some-db'], {BERTH_POLICY: policyPath, DOCKER_HOST: NO_ENGINE});
		assert.equal(r.code, 4, r.err);
		assert.match(r.err, new RegExp(`refused: ${VIEWER} may not restart container some-db`));
		assert.match(r.err, new RegExp(`${policyPath.replace(/[.]/g, '\\.')}:2 default_role viewer`));
		const lines = auditLines();
		assert.equal(lines.length, before + 1);
		const l = lines.at(-1)!;
		assert.equal(l['user'], VIEWER);
		assert.equal(l['uid'], Number(sh('id', '-u', VIEWER).stdout.trim()));
		assert.equal(l['role'], 'viewer');
		assert.equal(l['action'], 'restart');
		assert.deepEqual(l['target'], {container: 'some-db'});
		assert.equal(l['result'], 'refused');
		assert.match(l['rule'], /default_role viewer/);
		assert.match(l['error'], /may not restart/);
		assert.ok(!Number.isNaN(Date.parse(l['time'])));
	});

	it('an operator by OS group may not deploy or down (admin only); the refusing rule is named', () => {
		// the command resolves its targets from the project first (no compose file: a usage error)
		writeFileSync(join(dir, 'compose.yaml'), 'services:\n  app:\n    image: busybox\n');
		chmodSync(join(dir, 'compose.yaml'), 0o644);
		for (const [cmd, action, ...args] of [['deploy', 'deploy'], ['down', 'down'], ['load-images', 'load-images', '.']] as const) {
			const r = berth(OP, [cmd, ...args], {BERTH_POLICY: policyPath, DOCKER_HOST: NO_ENGINE});
			assert.equal(r.code, 4, `${cmd}: ${r.err}`);
			assert.match(r.err, new RegExp(`${OP} may not ${action}`));
			assert.match(r.err, /needs admin/);
			const l = auditLines().at(-1)!;
			assert.equal(l['user'], OP);
			assert.equal(l['action'], action);
			assert.equal(l['result'], 'refused');
		}
		// operator on application only: a restart is decided on the container the engine names (its
		// group); with no engine to ask there is nothing to decide on, and nothing is done (exit 3)
		const r = berth(OP, ['restart-container', 'x'], {BERTH_POLICY: policyPath, DOCKER_HOST: NO_ENGINE});
		assert.equal(r.code, 3, r.err);
		assert.match(r.err, /Cannot reach the Docker engine/);
	});

	it("the user's own config cannot raise rights", () => {
		const conf = join(dir, 'viewer-conf');
		mkdirSync(conf, {recursive: true});
		writeFileSync(join(conf, 'config.json'), JSON.stringify({roles: {max_role: 'admin'}}));
		chownSync(conf, Number(sh('id', '-u', VIEWER).stdout.trim()), 0);
		const r = berth(VIEWER, ['restart-container', 'x'], {BERTH_POLICY: policyPath, BERTH_CONFIG_DIR: conf, DOCKER_HOST: NO_ENGINE});
		assert.equal(r.code, 4, r.err);
		assert.equal(auditLines().at(-1)!['role'], 'viewer');
	});

	it('BERTH_POLICY cannot point at a policy of your own, nor at nothing', () => {
		const own = join(dir, 'own-policy.yaml');
		writeFileSync(own, `rules:\n  - users: ["*"]\n    role: admin\n`);
		chownSync(own, Number(sh('id', '-u', VIEWER).stdout.trim()), 0);
		const r = berth(VIEWER, ['restart-container', 'x'], {BERTH_POLICY: own, DOCKER_HOST: NO_ENGINE});
		assert.equal(r.code, 2, r.err);
		assert.match(r.err, /must name a file owned by root/);
		const none = berth(VIEWER, ['restart-container', 'x'], {BERTH_POLICY: join(dir, 'missing.yaml'), DOCKER_HOST: NO_ENGINE});
		assert.equal(none.code, 2);
		assert.match(none.err, /missing\.yaml:1:1 BERTH_POLICY names a file that does not exist/);
	});

	it('a malformed policy: file:line, exit 2, nothing done, nothing audited', () => {
		const bad = join(dir, 'bad-policy.yaml');
		writeFileSync(bad, `default_role: viewer\nrules:\n  - users: [${OP}]\n    role: superuser\n`);
		chmodSync(bad, 0o644);
		const before = auditLines().length;
		const r = berth(OP, ['restart-container', 'x'], {BERTH_POLICY: bad, DOCKER_HOST: NO_ENGINE});
		assert.equal(r.code, 2);
		assert.match(r.err, new RegExp(`${bad.replace(/[.]/g, '\\.')}:4:11 rules\\[0\\]\\.role must be one of viewer, operator, admin`));
		assert.equal(auditLines().length, before);
		const st = berth(OP, ['status'], {BERTH_POLICY: bad, DOCKER_HOST: NO_ENGINE});
		assert.equal(st.code, 3, 'status still reads (and reports the unreachable engine)');
	});

	it('root as operator on application: restarts an application container, not a foundation one', async () => {
		const app = uniqueName('role-app');
		const found = uniqueName('role-found');
		runContainer({name: app, labels: {'berth.group': 'application'}});
		runContainer({name: found, labels: {'berth.group': 'foundation'}});
		const started = (n: string) => docker('inspect', '-f', '{{.State.StartedAt}}', n);
		await waitFor(() => started(app) !== '0001-01-01T00:00:00Z' && started(found) !== '0001-01-01T00:00:00Z', 'both started');
		const a0 = started(app);
		const f0 = started(found);
		const env = {BERTH_POLICY: policyPath, ...(process.env['DOCKER_HOST'] ? {DOCKER_HOST: process.env['DOCKER_HOST']} : {})};

		const ok = berth(null, ['restart-container', app, '-t', '1'], env);
		assert.equal(ok.code, 0, ok.err);
		assert.notEqual(started(app), a0, 'restarted');
		let l = auditLines().at(-1)!;
		assert.equal(l['user'], 'root');
		assert.equal(l['role'], 'operator');
		assert.equal(l['result'], 'ok');
		assert.equal(l['exit_code'], 0);
		assert.match(l['rule'], /policy\.yaml:8 rule "root-ops" \(user root\)/);

		const no = berth(null, ['restart-container', found, '-t', '1'], env);
		assert.equal(no.code, 4, no.err);
		assert.match(no.err, new RegExp(`root may not restart container ${found}: restart needs operator, root is viewer on group foundation`));
		assert.equal(started(found), f0, 'not restarted');
		l = auditLines().at(-1)!;
		assert.equal(l['result'], 'refused');
		assert.equal(l['target']['group'], 'foundation');

		const ro = berth(null, ['--read-only', 'restart-container', app], env);
		assert.equal(ro.code, 4);
		assert.match(ro.err, /by --read-only/);

		const failed = berth(null, ['restart-container', 'bt-no-such-container-xyz'], env);
		assert.equal(failed.code, 1, 'unknown container: an error naming what exists, nothing done');
		assert.match(failed.err, /no such container: bt-no-such-container-xyz \(containers: /);

		const st = berth(null, ['status'], env);
		assert.equal(st.code, 0, st.err);
		assert.match(st.out, /roles: root is viewer on foundation, core, support; operator on application \(policy .*policy\.yaml\)/);
	});

	it('root with its own cap (max_role viewer) is refused by its own limit', () => {
		const conf = join(dir, 'root-conf');
		mkdirSync(conf, {recursive: true});
		writeFileSync(join(conf, 'config.json'), JSON.stringify({roles: {max_role: 'viewer'}}, null, 2));
		const adminPolicy = join(dir, 'root-admin.yaml');
		writeFileSync(adminPolicy, `audit_log: ${auditPath}\nrules:\n  - users: [root]\n    role: admin\n`);
		const r = berth(null, ['restart-container', 'x'], {BERTH_CONFIG_DIR: conf, BERTH_POLICY: adminPolicy, DOCKER_HOST: NO_ENGINE});
		assert.equal(r.code, 4);
		assert.match(r.err, /roles\.max_role viewer \(your own limit\)/);
		writeFileSync(join(conf, 'config.json'), '{\n  "roles": {\n    "max_role": "viewer",\n  }\n}\n');
		const bad = berth(null, ['restart-container', 'x'], {BERTH_CONFIG_DIR: conf, BERTH_POLICY: adminPolicy, DOCKER_HOST: NO_ENGINE});
		assert.equal(bad.code, 2);
		assert.match(bad.err, /config\.json:4:\d+ invalid JSON/);
	});

	it('without any policy the invoking user is admin, and status says so', () => {
		assert.equal(existsSync('/etc/berth/policy.yaml'), false, 'precondition: no system policy on this machine');
		const r = berth(null, ['status'], {...(process.env['DOCKER_HOST'] ? {DOCKER_HOST: process.env['DOCKER_HOST']} : {})});
		assert.equal(r.code, 0, r.err);
		assert.match(r.out, /roles: no policy at \/etc\/berth\/policy\.yaml: root acts as admin \(as with docker\)/);
	});
});
