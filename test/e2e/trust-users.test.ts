/**
 * Real second OS users (created here, removed in finally):
 *  - the BERTH_POLICY symlink swap race: a non-root user flips a symlink between a root-owned
 *    policy (viewer for them) and their own file (admin for everyone) while berth runs; berth must
 *    never take their file — every run is a refusal (exit 4: viewer; or exit 2: symlink refused);
 *  - under sudo (`sudo -u root` from that user), their rules apply, not root's, and validate /
 *    config read files only as they could (/etc/shadow refused); the logs save writes as them.
 */
import assert from 'node:assert/strict';
import {execFileSync, spawn, spawnSync} from 'node:child_process';
import {chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {after, before, describe, it} from 'node:test';

const CLI = resolve('dist/cli.js');
const USER = `btrust${process.pid % 100000}`;
const NO_ENGINE = 'unix:///tmp/berth-no-engine.sock';
const dir = mkdtempSync(join(tmpdir(), 'berth-trust-users-'));
const sh = (cmd: string, ...args: string[]) => spawnSync(cmd, args, {encoding: 'utf8'});
const uidOf = (u: string) => Number(sh('id', '-u', u).stdout.trim());

function asUser(args: string[], env: Record<string, string> = {}) {
	const envArgs = Object.entries({PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: '/nonexistent', DOCKER_HOST: NO_ENGINE, ...env}).map(([k, v]) => `${k}=${v}`);
	const r = spawnSync('setpriv', ['--reuid', USER, '--regid', USER, '--init-groups', '--', 'env', '-i', ...envArgs, process.execPath, CLI, ...args], {encoding: 'utf8', cwd: dir});
	return {code: r.status, out: r.stdout, err: r.stderr};
}

describe('as a real second user', () => {
	const home = join(dir, 'home');
	before(() => {
		sh('userdel', USER);
		sh('groupdel', USER);
		execFileSync('useradd', ['-M', '-U', '-s', '/bin/sh', USER]);
		chmodSync(dir, 0o755);
		mkdirSync(home);
		chownSync(home, uidOf(USER), uidOf(USER));
	});
	after(() => {
		try {
			sh('userdel', USER);
			sh('groupdel', USER);
		} finally {
			rmSync(dir, {recursive: true, force: true});
		}
	});

	it('BERTH_POLICY symlink swapped while berth runs: never the user\'s own policy', async () => {
		const rootPolicy = join(dir, 'root-policy.yaml');
		const audit = join(dir, 'audit.log');
		writeFileSync(rootPolicy, `audit_log: ${audit}\ndefault_role: viewer\n`);
		chmodSync(rootPolicy, 0o644);
		writeFileSync(audit, '');
		chmodSync(audit, 0o666);
		const mine = join(home, 'mine.yaml');
		writeFileSync(mine, `audit_log: ${join(home, 'a.log')}\nrules:\n  - users: ["*"]\n    role: admin\n`);
		chownSync(mine, uidOf(USER), uidOf(USER));
		const link = join(home, 'policy.yaml');
		// the swapper runs as the user: flips the link between the two files as fast as it can
		const swapper = spawn('setpriv', ['--reuid', USER, '--regid', USER, '--init-groups', '--', 'sh', '-c', `while :; do ln -sfn ${rootPolicy} ${link}.t && mv -T ${link}.t ${link}; ln -sfn ${mine} ${link}.t && mv -T ${link}.t ${link}; done`], {stdio: 'ignore'});
		try {
			const codes = new Map<number | null, number>();
			for (let i = 0; i < 60; i++) {
				const r = asUser(['restart-container', 'x'], {BERTH_POLICY: link});
				codes.set(r.code, (codes.get(r.code) ?? 0) + 1);
				assert.ok(r.code === 2 || r.code === 4, `run ${i}: exit ${r.code}: ${r.err}`);
				if (r.code === 2) assert.match(r.err, /symbolic link|owned by root/);
			}
			// a symlink in the path is refused outright for non-root: every run exits 2
			assert.equal(codes.get(2), 60, JSON.stringify([...codes]));
		} finally {
			swapper.kill('SIGKILL');
		}
		// a directory in the path swapped for a link: refused too
		const realDir = join(dir, 'pdir');
		mkdirSync(realDir);
		writeFileSync(join(realDir, 'policy.yaml'), `audit_log: ${audit}\ndefault_role: viewer\n`);
		chmodSync(join(realDir, 'policy.yaml'), 0o644);
		execFileSync('ln', ['-s', realDir, join(home, 'dirlink')]);
		const d = asUser(['restart-container', 'x'], {BERTH_POLICY: join(home, 'dirlink', 'policy.yaml')});
		assert.equal(d.code, 2, d.err);
		assert.match(d.err, /symbolic link/);
		// the real file, named directly: trusted (root-owned, 0644): viewer → refused with exit 4
		const ok = asUser(['restart-container', 'x'], {BERTH_POLICY: join(realDir, 'policy.yaml')});
		assert.equal(ok.code, 4, ok.err);
		assert.ok(!existsSync(join(home, 'a.log')), 'the user\'s audit_log was never used');
	});

	it('under sudo: the invoking user\'s rules apply, and validate/config read only what they may', () => {
		assert.equal(sh('sh', '-c', 'command -v sudo').status, 0, 'this test needs sudo (apt-get install sudo)');
		const audit = join(dir, 'sudo-audit.log');
		const pol = join(dir, 'sudo-policy.yaml');
		writeFileSync(pol, `audit_log: ${audit}\ndefault_role: viewer\nrules:\n  - users: [root]\n    role: admin\n`);
		chmodSync(pol, 0o644);
		writeFileSync('/etc/sudoers.d/berth-test-' + USER, `${USER} ALL=(root) NOPASSWD:SETENV: ${process.execPath}\n`);
		chmodSync('/etc/sudoers.d/berth-test-' + USER, 0o440);
		try {
			const sudo = (args: string[]) => {
				const r = spawnSync('setpriv', ['--reuid', USER, '--regid', USER, '--init-groups', '--', 'sudo', '-n', `BERTH_POLICY=${pol}`, `DOCKER_HOST=${NO_ENGINE}`, process.execPath, CLI, ...args], {encoding: 'utf8', cwd: dir});
				return {code: r.status, out: r.stdout, err: r.stderr};
			};
			const r = sudo(['restart-container', 'x']);
			assert.equal(r.code, 4, r.err);
			assert.match(r.err, new RegExp(`${USER} \\(through sudo\\) may not restart`));
			const l = JSON.parse(readFileSync(audit, 'utf8').trim().split('\n').at(-1)!) as Record<string, any>;
			assert.equal(l['user'], USER);
			assert.equal(l['sudo_user'], USER);
			const v = sudo(['validate', '-f', '/etc/shadow']);
			assert.notEqual(v.code, 0);
			assert.doesNotMatch(v.out + v.err, /root:[^:]*:\d+:/, 'no line of /etc/shadow printed');
			assert.match(v.err + v.out, /EACCES|permission denied|cannot read/i);
			// a compose file whose env_file is /etc/shadow: config does not print it
			const cdir = join(home, 'proj');
			mkdirSync(cdir);
			writeFileSync(join(cdir, 'compose.yaml'), 'services:\n  a:\n    image: x\n    env_file: /etc/shadow\n');
			chownSync(cdir, uidOf(USER), uidOf(USER));
			chownSync(join(cdir, 'compose.yaml'), uidOf(USER), uidOf(USER));
			const c = sudo(['config', '-f', join(cdir, 'compose.yaml')]);
			assert.doesNotMatch(c.out + c.err, /root:[^:]*:\d+:/, 'no line of /etc/shadow printed');
			// the logs pane's save under sudo: written as the user, or not at all
			const save = (path: string) => spawnSync('setpriv', ['--reuid', USER, '--regid', USER, '--init-groups', '--', 'sudo', '-n', process.execPath, '--import', 'tsx', 'test/e2e/trust-save.ts', path], {encoding: 'utf8'}).stdout.trim();
			const rootOnly = join(dir, 'root-only');
			mkdirSync(rootOnly, {mode: 0o700});
			assert.equal(save(join(rootOnly, 'x.log')), 'err EACCES');
			assert.ok(!existsSync(join(rootOnly, 'x.log')), 'no root-owned file where the user may not write');
			assert.equal(save('/etc/berth-trust-test.log'), 'err EACCES');
			assert.ok(!existsSync('/etc/berth-trust-test.log'));
			const theirs = join(home, 'saved.log');
			assert.equal(save(theirs), `ok ${theirs}`);
			assert.equal(statSync(theirs).uid, uidOf(USER), 'the saved file is the user\'s');
		} finally {
			rmSync('/etc/sudoers.d/berth-test-' + USER, {force: true});
			rmSync('/etc/berth-trust-test.log', {force: true});
		}
	});
});
