/**
 * Malformed input corpus (test/fixtures/malformed/): compose files through `berth validate`,
 * policies and user configs through a mutating command. Each: exit 2, a `file:line:col` that
 * points at the problem, inert output, and nothing applied (`up`/`deploy` of a bad file create
 * nothing on the real engine; a bad policy writes no audit line).
 */
import assert from 'node:assert/strict';
import {copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {after, describe, it} from 'node:test';
import {RUN_ID, cleanup, docker} from '../helpers/engine.js';
import {PARALLEL, spawnBytes} from '../helpers/cli.js';

const CLI = resolve('dist/cli.js');
const FIX = resolve('test/fixtures/malformed');
const tmp = mkdtempSync(join(tmpdir(), 'berth-malformed-'));

async function berth(args: string[], env: Record<string, string> = {}, cwd = tmp) {
	const e: NodeJS.ProcessEnv = {...process.env, ...env};
	delete e['IMAGE'];
	const r = await spawnBytes(process.execPath, [CLI, ...args], {cwd, env: e});
	const [out, err] = [r.out.toString('utf8'), r.err.toString('utf8')];
	return {code: r.code, out, err, all: out + err};
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f\u0080-\u009f]/;

/** compose fixture → the line:col it must point at and what it must say */
const COMPOSE: Record<string, {at: string; says: RegExp}> = {
	'alias-bomb.yml': {at: '1:1', says: /alias/i},
	'bind-without-source.yml': {at: '5:9', says: /target|source/},
	'depends-cycle.yml': {at: '4:18', says: /dependency cycle: a → b → a/},
	'depends-unknown.yml': {at: '4:18', says: /undefined service "cache"/},
	'duplicate-host-port.yml': {at: '7:13', says: /19902.*already published/},
	'duplicate-service.yml': {at: '4:3', says: /unique/},
	'empty.yml': {at: '1:1', says: /services/},
	'escape-in-names.yml': {at: '4:18', says: /undefined service/},
	'invalid-utf8.yml': {at: '5:11', says: /invalid UTF-8/},
	'no-image-no-build.yml': {at: '2:3', says: /neither an image nor a build/},
	'port-out-of-range.yml': {at: '5:9', says: /out of range/},
	'required-var-unset.yml': {at: '3:12', says: /IMAGE must be set/},
	'services-not-mapping.yml': {at: '2:3', says: /must be a mapping/},
	'tab-indent.yml': {at: '3:1', says: /[Tt]ab/},
	'undefined-network.yml': {at: '4:15', says: /undefined network "backend"/},
	'unknown-top-key.yml': {at: '1:1', says: /unknown top-level key "servics"/},
	'xberth-unknown-group.yml': {at: '3:16', says: /unknown group "databases"/},
	'yaml-unclosed-flow.yml': {at: '5:3', says: /\]/},
};

const POLICY: Record<string, {at: string; says: RegExp}> = {
	'bad-default-role.yaml': {at: '1:15', says: /default_role must be one of/},
	'invalid-utf8.yaml': {at: '1:1', says: /invalid UTF-8/},
	'relative-audit-log.yaml': {at: '1:12', says: /absolute/},
	'rule-without-subject.yaml': {at: '2:5', says: /needs users or os_groups/},
	'unknown-key.yaml': {at: '2:1', says: /unknown key "rule"/},
	'unknown-service-group.yaml': {at: '4:22', says: /unknown service group "db"/},
	'yaml-unclosed.yaml': {at: '3:5', says: /YAML/},
};

const CONFIG: Record<string, {at: string; says: RegExp}> = {
	'bad-max-role.json': {at: '3:17', says: /roles\.max_role must be one of/},
	'roles-not-object.json': {at: '2:12', says: /roles must be an object/},
	'trailing-comma.json': {at: '4:3', says: /invalid JSON/},
};

// The tests share nothing (each its own file, state dir, config dir or compose project; none but
// `up`/`deploy` asks an engine): they run PARALLEL at a time.
describe('malformed input corpus', {concurrency: PARALLEL}, () => {
	after(() => {
		cleanup();
		rmSync(tmp, {recursive: true, force: true});
	});

	it('every fixture has an expectation (and every expectation a fixture)', () => {
		assert.deepEqual(readdirSync(join(FIX, 'compose')).sort(), Object.keys(COMPOSE).sort());
		assert.deepEqual(readdirSync(join(FIX, 'policy')).sort(), Object.keys(POLICY).sort());
		assert.deepEqual(readdirSync(join(FIX, 'config')).sort(), Object.keys(CONFIG).sort());
	});

	for (const [name, want] of Object.entries(COMPOSE)) {
		it(`berth validate ${name}: exit 2, file:${want.at}, inert`, async () => {
			const file = join(FIX, 'compose', name);
			const r = await berth(['validate', '-f', file]);
			assert.equal(r.code, 2, r.all);
			const line = r.all.split('\n').find((l) => l.includes(`${file}:${want.at} `));
			assert.ok(line, `no ${file}:${want.at} in:\n${r.all}`);
			assert.match(line, want.says);
			assert.doesNotMatch(r.all, CONTROL, 'output carries control characters');
		});
	}

	it('up and deploy of a malformed file: exit 2 and nothing is created on the engine', async () => {
		const project = `bthmal${process.pid}`;
		for (const [bad, why] of [
			[`    depends_on: [cache]\n`, 'unknown dependency'],
			[`    ports: ["127.0.0.1:19903:8080"]\n  b:\n    image: tuitest/busybox:latest\n    init: true\n    labels: {berth.test: "${RUN_ID}"}\n    ports: ["127.0.0.1:19903:8081"]\n`, 'duplicate host port'],
			[`    ports: ["127.0.0.1:99999:8080"]\n`, 'port out of range'],
		] as const) {
			const yaml = `services:\n  a:\n    image: tuitest/busybox:latest\n    init: true\n    command: ["sleep", "600"]\n    labels: {berth.test: "${RUN_ID}"}\n${bad}`;
			writeFileSync(join(tmp, 'bad.yml'), yaml);
			for (const cmd of ['up', 'deploy']) {
				const r = await berth([cmd, '-f', join(tmp, 'bad.yml'), '-p', project]);
				assert.equal(r.code, 2, `${cmd} (${why}): ${r.all}`);
				assert.match(r.all, /bad\.yml:\d+:\d+ /, `${cmd} (${why})`);
				assert.equal(docker('ps', '-aq', '--filter', `label=com.docker.compose.project=${project}`), '', `${cmd} (${why}) created containers`);
				assert.equal(docker('network', 'ls', '-q', '--filter', `name=${project}_`), '', `${cmd} (${why}) created a network`);
			}
		}
	});

	for (const [name, want] of Object.entries(POLICY)) {
		it(`policy ${name}: a change is refused with exit 2 and file:${want.at}; no audit line`, async () => {
			const file = join(FIX, 'policy', name);
			const state = join(tmp, `state-${name}`);
			const r = await berth(['restart-container', 'bt-nothing'], {BERTH_POLICY: file, XDG_STATE_HOME: state, DOCKER_HOST: 'unix:///tmp/berth-no-engine.sock'});
			assert.equal(r.code, 2, r.all);
			const line = r.err.split('\n').find((l) => l.includes(`${file}:${want.at} `));
			assert.ok(line, r.err);
			assert.match(line, want.says);
			assert.doesNotMatch(r.all, CONTROL);
			assert.equal(existsSync(join(state, 'berth', 'audit.log')), false);
		});
	}

	for (const [name, want] of Object.entries(CONFIG)) {
		it(`user config ${name}: exit 2 and config.json:${want.at}`, async () => {
			const dir = mkdtempSync(join(tmp, 'conf-'));
			copyFileSync(join(FIX, 'config', name), join(dir, 'config.json'));
			const r = await berth(['restart-container', 'bt-nothing'], {BERTH_CONFIG_DIR: dir, DOCKER_HOST: 'unix:///tmp/berth-no-engine.sock'});
			assert.equal(r.code, 2, r.all);
			const line = r.err.split('\n').find((l) => l.includes(`${join(dir, 'config.json')}:${want.at} `));
			assert.ok(line, r.err);
			assert.match(line, want.says);
		});
	}
});
