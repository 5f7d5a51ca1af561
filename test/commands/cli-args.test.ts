/**
 * The command line as docker users type it, with the built CLI: global flags before the command
 * (`berth -H X status`), after it, or both; the dashboard with only global flags; and scopes
 * that match nothing (doctor -p/SERVICE, restart-container NAME) are errors naming what exists.
 */
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {cleanup, runContainer, uniqueName} from '../helpers/engine.js';

const CLI = resolve(process.env['BERTH_TEST_CLI'] ?? 'dist/cli.js');
const HOST = process.env['DOCKER_HOST'] ?? 'unix:///var/run/docker.sock';
const NONE = 'unix:///nonexistent/berth-cli-args.sock';
const dir = mkdtempSync(join(tmpdir(), 'berth-cli-args-'));

function berth(args: string[], env: Record<string, string> = {}) {
	const r = spawnSync(process.execPath, [CLI, ...args], {
		encoding: 'utf8',
		cwd: dir,
		env: {PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: dir, XDG_STATE_HOME: join(dir, 'state'), ...env},
		timeout: 60_000,
	});
	return {code: r.status, out: r.stdout, err: r.stderr};
}

const project = `btargs${process.pid}`;
const web = uniqueName('args-web');

before(() => {
	writeFileSync(join(dir, 'compose.yaml'), `name: ${project}\nservices:\n  web:\n    image: tuitest/busybox:latest\n`);
	runContainer({name: web, labels: {'com.docker.compose.project': project, 'com.docker.compose.service': 'web'}});
});
after(() => {
	cleanup();
	rmSync(dir, {recursive: true, force: true});
});

describe('global flags before the command', () => {
	it('-H/--host before the command is the engine the command uses', () => {
		for (const argv of [['-H', HOST, 'status'], [`--host=${HOST}`, 'status'], ['--host', HOST, 'status', '--json'], ['status', '-H', HOST], ['-H', HOST, 'status', '-H', HOST]]) {
			const r = berth(argv, {DOCKER_HOST: NONE});
			assert.equal(r.code, 0, `${argv.join(' ')}: ${r.err}`);
			assert.match(r.out, /at unix:\/\/\S+ \(flag\)|"where": "unix:\/\/\S+ \(flag\)"/, argv.join(' '));
		}
		const gone = berth(['-H', NONE, 'status'], {DOCKER_HOST: HOST});
		assert.equal(gone.code, 3);
		assert.match(gone.err, /Cannot reach the Docker engine at unix:\/\/\/nonexistent\/berth-cli-args\.sock \(flag\)/);
		const two = berth(['-H', HOST, 'status', '-H', NONE]);
		assert.equal(two.code, 2);
		assert.match(two.err, /two engine addresses/);
	});

	it('--read-only before or after the command; a changing command is then refused (exit 4)', () => {
		const st = berth(['--host', HOST, '--read-only', 'status']);
		assert.equal(st.code, 0, st.err);
		assert.match(st.out, /roles: .* is viewer \(read-only\)/);
		for (const argv of [['--read-only', 'restart', 'web'], ['restart', 'web', '--read-only'], ['-H', HOST, '--read-only', 'restart-container', web], ['--read-only', '-H', HOST, 'stop', '--json', 'web']]) {
			const r = berth(argv, {DOCKER_HOST: HOST});
			assert.equal(r.code, 4, `${argv.join(' ')}: ${r.err}`);
			assert.match(r.err, /refused: .* by --read-only/);
		}
	});

	it('only global flags: the dashboard (it needs a terminal); unknown ones before a command: exit 2', () => {
		for (const argv of [['-H', HOST], ['--read-only'], ['--host', HOST, '--read-only']]) {
			const r = berth(argv);
			assert.equal(r.code, 2, argv.join(' '));
			assert.match(r.err, /the dashboard needs a terminal/);
		}
		const bad = berth(['--json', 'status']);
		assert.equal(bad.code, 2);
		assert.match(bad.err, /unknown flag --json before the command "status" \(global flags: --host\/-H, --read-only/);
		assert.match(berth(['-H', HOST, '--help']).out, /Usage/);
		assert.equal(berth(['--version']).code, 0);
	});
});

describe('a scope that matches nothing is an error naming what exists', () => {
	it('doctor -p nosuchproject / doctor -p P nosuchservice: exit 2, the projects / services there are', () => {
		const p = berth(['doctor', '-p', 'bt-no-such-project'], {DOCKER_HOST: HOST});
		assert.equal(p.code, 2, p.out + p.err);
		assert.match(p.err, new RegExp(`no containers of project bt-no-such-project \\(projects with containers: [^)]*\\b${project}\\b`));
		assert.doesNotMatch(p.out, /no problems found/);
		const s = berth(['doctor', '-p', project, 'nosuchservice'], {DOCKER_HOST: HOST});
		assert.equal(s.code, 2, s.out + s.err);
		assert.match(s.err, new RegExp(`no containers of service nosuchservice in project ${project} \\(services with containers: web\\)`));
		const json = berth(['doctor', '--json', 'nosuchservice', '-p', project], {DOCKER_HOST: HOST});
		assert.equal(json.code, 2);
		const ok = berth(['doctor', '-p', project, 'web'], {DOCKER_HOST: HOST});
		assert.equal(ok.code, 0, ok.out + ok.err);
		assert.match(ok.out, /no problems found/);
		const here = berth(['doctor', 'nosuchservice'], {DOCKER_HOST: HOST});
		assert.equal(here.code, 2, 'the compose file here names the project');
	});

	it('restart-container of an unknown name: exit 1, the candidates named, nothing restarted', () => {
		const r = berth(['restart-container', web.replace('args-web', 'args-wbe')], {DOCKER_HOST: HOST});
		assert.equal(r.code, 1, r.err);
		assert.match(r.err, /no such container: \S+ \(containers: /);
		const near = berth(['restart-container', 'args-web'], {DOCKER_HOST: HOST});
		assert.equal(near.code, 1);
		assert.match(near.err, new RegExp(`\\(containers: [^)]*${web}`));
	});
});
