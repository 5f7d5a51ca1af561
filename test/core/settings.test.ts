/**
 * One settings file (core/settings): where it is, conf only when it exists, and the once-only
 * migration of the old second file (~/.config/berth-nodejs/config.json) — as functions, and through
 * the built CLI with a private XDG_CONFIG_HOME (two starts: the second finds nothing to do).
 */
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync} from 'node:fs';
import {homedir, tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {after, describe, it} from 'node:test';
import {fileExists, importConf, legacySettingsPath, loadSettings, readSettings, settingsPath} from '../../source/core/settings/index.js';
import {migrate} from '../../source/core/settings/migrate.js';

const CLI = resolve('dist/cli.js');
const dir = mkdtempSync(join(tmpdir(), 'berth-settings-'));
after(() => rmSync(dir, {recursive: true, force: true}));
const json = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
const write = (file: string, value: unknown) => {
	mkdirSync(join(file, '..'), {recursive: true});
	writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
};

describe('settings: one file, conf only when it exists', () => {
	it('is ~/.config/berth/config.json (or $BERTH_CONFIG_DIR/config.json); the old second file has no place under BERTH_CONFIG_DIR', () => {
		const home = process.env['XDG_CONFIG_HOME'] || join(homedir(), '.config');
		assert.equal(settingsPath({}), join(home, 'berth', 'config.json'));
		assert.equal(legacySettingsPath({}), join(home, 'berth-nodejs', 'config.json'));
		assert.equal(settingsPath({BERTH_CONFIG_DIR: '/c'}), '/c/config.json');
		assert.equal(legacySettingsPath({BERTH_CONFIG_DIR: '/c'}), null);
	});

	it('a missing file (or one under a file) is the defaults, and creates nothing', async () => {
		writeFileSync(join(dir, 'plain'), 'x');
		for (const d of [join(dir, 'nope'), join(dir, 'plain')]) {
			assert.equal(fileExists(join(d, 'config.json')), false);
			const s = readSettings({BERTH_CONFIG_DIR: d});
			assert.deepEqual([s.exists, s.data, s.error], [false, {}, null]);
		}
		assert.equal(existsSync(join(dir, 'nope')), false, 'no folder made for a missing file');
	});

	it('reads the file; invalid JSON and a non-object are errors with a place, and data is {}', async () => {
		const d = join(dir, 'read');
		write(join(d, 'config.json'), {roles: {read_only: true}});
		assert.deepEqual({...(await loadSettings({BERTH_CONFIG_DIR: d})).data}, {roles: {read_only: true}});
		write(join(d, 'config.json'), '{\n  "a": 1,\n}\n');
		const bad = readSettings({BERTH_CONFIG_DIR: d});
		assert.deepEqual(bad.data, {});
		assert.match(bad.error?.message ?? '', /^invalid JSON/);
		assert.equal(bad.error?.line, 3);
		write(join(d, 'config.json'), '[1, 2]');
		assert.match(readSettings({BERTH_CONFIG_DIR: d}).error?.message ?? '', /JSON object/);
	});
});

describe('settings: the old second file is migrated once', () => {
	it('only the old file: moved (its folder goes when empty); nothing left to do after', async () => {
		const Conf = await importConf();
		const old = join(dir, 'm1', 'berth-nodejs', 'config.json');
		const target = join(dir, 'm1', 'berth', 'config.json');
		write(old, {roles: {max_role: 'viewer'}, tags: {mappings: [{from: 'a:1', to: 'a:2'}]}});
		const r = migrate(Conf, old, target);
		assert.equal(r.problem, null);
		assert.match(r.notices.join('\n'), /moved .*berth-nodejs\/config\.json to .*berth\/config\.json/);
		assert.deepEqual(json(target), {roles: {max_role: 'viewer'}, tags: {mappings: [{from: 'a:1', to: 'a:2'}]}});
		assert.equal(existsSync(old), false);
		assert.equal(existsSync(join(old, '..')), false, 'the empty berth-nodejs folder is removed');
	});

	it('both files: keys of each kept, the old file renamed (kept), never merged twice', async () => {
		const Conf = await importConf();
		const old = join(dir, 'm2', 'berth-nodejs', 'config.json');
		const target = join(dir, 'm2', 'berth', 'config.json');
		write(old, {roles: {read_only: true}, keys: {restart: ['x']}});
		write(target, {keys: {restart: ['x']}, theme: {accent: 'magenta'}});
		const r = migrate(Conf, old, target);
		assert.equal(r.problem, null);
		assert.deepEqual(json(target), {keys: {restart: ['x']}, theme: {accent: 'magenta'}, roles: {read_only: true}});
		assert.equal(existsSync(old), false);
		assert.deepEqual(json(`${old}.migrated`), {roles: {read_only: true}, keys: {restart: ['x']}});
		assert.doesNotMatch(r.notices.join('\n'), /differed/);
		assert.deepEqual(readdirSync(join(target, '..')), ['config.json'], 'no before-merge copy without a conflict');
	});

	it('a conflict keeps the value in force and the other one in a named file', async () => {
		const Conf = await importConf();
		const old = join(dir, 'm3', 'berth-nodejs', 'config.json');
		const target = join(dir, 'm3', 'berth', 'config.json');
		// roles was read from the old file, keys from the new one: each keeps the value berth used
		write(old, {roles: {max_role: 'viewer'}, keys: {restart: ['z']}});
		write(target, {roles: {max_role: 'admin'}, keys: {restart: ['y']}});
		const r = migrate(Conf, old, target);
		const said = r.notices.join('\n');
		assert.deepEqual(json(target), {roles: {max_role: 'viewer'}, keys: {restart: ['y']}});
		assert.match(said, /roles differed .*kept the value from .*berth-nodejs\/config\.json.* in .*berth\/config\.json\.before-merge/);
		assert.match(said, /keys differed .*kept the value from .*berth\/config\.json .*berth-nodejs\/config\.json\.migrated/);
		assert.deepEqual(json(`${target}.before-merge`), {roles: {max_role: 'admin'}, keys: {restart: ['y']}});
		assert.deepEqual(json(`${old}.migrated`), {roles: {max_role: 'viewer'}, keys: {restart: ['z']}});
	});

	it('a file that is not JSON: nothing changed, the problem named (every start, until fixed)', async () => {
		const Conf = await importConf();
		const old = join(dir, 'm4', 'berth-nodejs', 'config.json');
		const target = join(dir, 'm4', 'berth', 'config.json');
		write(old, '{"roles": {"max_role": "viewer",}}');
		write(target, {keys: {}});
		for (let start = 0; start < 2; start++) {
			const r = migrate(Conf, old, target);
			assert.equal(r.problem?.file, old);
			assert.match(r.notices.join('\n'), /is not merged into .*invalid JSON.*refuses every change/);
			assert.equal(readFileSync(old, 'utf8'), '{"roles": {"max_role": "viewer",}}');
			assert.deepEqual(json(target), {keys: {}});
		}
	});
});

describe('settings migration through the CLI (private XDG_CONFIG_HOME)', () => {
	const policy = join(dir, 'admin.yaml');
	// the tests run as root (as test/core/roles/users.test.ts): the policy makes root admin
	writeFileSync(policy, `audit_log: ${join(dir, 'audit.log')}\nrules:\n  - users: [root]\n    role: admin\n`);
	const berth = (xdg: string, args: string[]) => {
		const env: NodeJS.ProcessEnv = {...process.env, XDG_CONFIG_HOME: xdg, BERTH_POLICY: policy, DOCKER_HOST: 'unix:///tmp/berth-no-engine.sock'};
		delete env['BERTH_CONFIG_DIR'];
		const r = spawnSync(process.execPath, [CLI, ...args], {encoding: 'utf8', env});
		return {code: r.status, err: r.stderr};
	};

	it('first start moves the old file and its cap applies; the second start says nothing and the cap still applies', () => {
		const xdg = join(dir, 'cli1');
		write(join(xdg, 'berth-nodejs', 'config.json'), {roles: {max_role: 'viewer'}});
		const first = berth(xdg, ['restart-container', 'x']);
		assert.equal(first.code, 4, first.err);
		assert.match(first.err, /berth: config: moved .*berth-nodejs\/config\.json to .*berth\/config\.json/);
		assert.match(first.err, /roles\.max_role viewer \(your own limit\)/);
		const second = berth(xdg, ['restart-container', 'x']);
		assert.equal(second.code, 4, second.err);
		assert.doesNotMatch(second.err, /config: (moved|merged)/);
		assert.match(second.err, /roles\.max_role viewer \(your own limit\)/);
		assert.deepEqual(json(join(xdg, 'berth', 'config.json')), {roles: {max_role: 'viewer'}});
	});

	it('an old file berth cannot merge still refuses every change, at every start, and is left as it is', () => {
		const xdg = join(dir, 'cli2');
		const oldText = '{\n  "roles": {"max_role": "viewer",}\n}\n';
		write(join(xdg, 'berth-nodejs', 'config.json'), oldText);
		write(join(xdg, 'berth', 'config.json'), {theme: {accent: 'red'}});
		for (let start = 0; start < 2; start++) {
			const r = berth(xdg, ['restart-container', 'x']);
			assert.equal(r.code, 2, r.err);
			assert.match(r.err, /berth-nodejs\/config\.json:2:\d+ invalid JSON/);
			assert.equal(readFileSync(join(xdg, 'berth-nodejs', 'config.json'), 'utf8'), oldText);
		}
	});
});
