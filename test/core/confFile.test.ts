import assert from 'node:assert/strict';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {homedir, tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, describe, it} from 'node:test';
import {confFor, configFiles, confPath, fileExists, preloadConf} from '../../source/core/confFile.js';

describe('config files: conf is loaded only when one exists', () => {
	const dir = mkdtempSync(join(tmpdir(), 'berth-conffile-'));
	after(() => rmSync(dir, {recursive: true, force: true}));

	it('finds the file where conf would (cwd, or the per-user dir with its suffix)', () => {
		const cases: Array<[Parameters<typeof confPath>[0], string]> = [
			[{cwd: '/x/y'}, '/x/y/config.json'],
			[{cwd: '/x/y', projectSuffix: ''}, '/x/y/config.json'],
			[{cwd: '', projectSuffix: ''}, join(process.env['XDG_CONFIG_HOME'] || join(homedir(), '.config'), 'berth', 'config.json')],
			[{}, join(process.env['XDG_CONFIG_HOME'] || join(homedir(), '.config'), 'berth-nodejs', 'config.json')],
			[{cwd: '/x', configName: 'other'}, '/x/other.json'],
		];
		for (const [opts, want] of cases) assert.equal(confPath(opts), want, JSON.stringify(opts));
		assert.deepEqual(configFiles({BERTH_CONFIG_DIR: '/c'}), ['/c/config.json', '/c/config.json']);
	});

	it('a missing file (or one under a file) needs no conf; a present one does', async () => {
		const missing = join(dir, 'nope', 'config.json');
		const underFile = join(dir, 'plain', 'config.json');
		writeFileSync(join(dir, 'plain'), 'x');
		assert.equal(fileExists(missing), false);
		assert.equal(fileExists(underFile), false);
		assert.equal(confFor(missing), null);
		await preloadConf([missing, underFile]);
		const present = join(dir, 'cfg', 'config.json');
		mkdirSync(join(dir, 'cfg'));
		writeFileSync(present, '{"roles": {"read_only": true}}');
		assert.equal(fileExists(present), true);
		await preloadConf([missing, present]);
		const Conf = confFor(present);
		assert.ok(Conf, 'conf is loaded once a file exists');
		assert.deepEqual(new Conf({projectName: 'berth', cwd: join(dir, 'cfg')}).get('roles'), {read_only: true});
	});
});
