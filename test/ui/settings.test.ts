/** ui/settings.ts: the dashboard's sections of the one settings file, and what the start-up migration said. */
import assert from 'node:assert/strict';
import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, describe, it} from 'node:test';
import {prepareSettings} from '../../source/core/settings/index.js';
import {loadConfig} from '../../source/ui/settings.js';

describe("the dashboard's settings", () => {
	const dir = mkdtempSync(join(tmpdir(), 'berth-ui-settings-'));
	const saved = process.env['XDG_CONFIG_HOME'];
	after(() => {
		if (saved === undefined) delete process.env['XDG_CONFIG_HOME'];
		else process.env['XDG_CONFIG_HOME'] = saved;
		rmSync(dir, {recursive: true, force: true});
	});

	it('shows what the migration of the old file did in the status line, once; the merged file is what it reads', async () => {
		process.env['XDG_CONFIG_HOME'] = dir; // env-paths reads it at call time
		const env = {...process.env};
		delete env['BERTH_CONFIG_DIR'];
		mkdirSync(join(dir, 'berth-nodejs'));
		mkdirSync(join(dir, 'berth'));
		writeFileSync(join(dir, 'berth-nodejs', 'config.json'), JSON.stringify({roles: {read_only: true}}));
		writeFileSync(join(dir, 'berth', 'config.json'), JSON.stringify({theme: {accent: 'magenta'}}));
		await prepareSettings(env);
		const first = await loadConfig(env);
		assert.match(first.problem ?? '', /config: merged .*berth-nodejs\/config\.json into .*berth\/config\.json/);
		assert.deepEqual(first.config.theme, {accent: 'magenta'});
		assert.deepEqual(JSON.parse(readFileSync(join(dir, 'berth', 'config.json'), 'utf8')), {theme: {accent: 'magenta'}, roles: {read_only: true}});
		assert.equal(existsSync(join(dir, 'berth-nodejs', 'config.json')), false);
		await prepareSettings(env);
		const second = await loadConfig(env);
		assert.equal(second.problem, null, 'nothing to say on the next start');
	});
});
