/** Every one-shot command is classified (read, or mutating with an action and target). */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {commands} from '../../../source/commands/registry.js';
import {COMMAND_GUARDS} from '../../../source/core/roles/commands.js';
import {requiredRole} from '../../../source/core/roles/types.js';

describe('roles: command classification', () => {
	it('every command in the registry is classified', () => {
		const missing = Object.keys(commands).filter((c) => !(c in COMMAND_GUARDS));
		assert.deepEqual(missing, [], `classify these in source/core/roles/commands.ts: ${missing.join(', ')}`);
	});

	const cases: Array<{argv: string[]; cmd: string; action: string | null}> = [
		{cmd: 'restart-container', argv: ['web-1'], action: 'restart'},
		{cmd: 'stop', argv: ['api', '-f', '/nonexistent.yml'], action: 'stop'},
		{cmd: 'down', argv: [], action: 'down'},
		{cmd: 'down', argv: ['--volumes'], action: 'volumes-remove'},
		{cmd: 'deploy', argv: ['--dry-run'], action: null},
		{cmd: 'deploy', argv: [], action: 'deploy'},
		{cmd: 'check-mount-dirs', argv: [], action: null},
		{cmd: 'check-mount-dirs', argv: ['--create'], action: 'mount-dirs'},
		{cmd: 'setup-tags', argv: ['--dry-run'], action: null},
		{cmd: 'load-images', argv: ['/srv/images'], action: 'load-images'},
	];
	for (const c of cases) {
		it(`${c.cmd} ${c.argv.join(' ')} → ${c.action ?? 'changes nothing'}`, () => {
			const g = COMMAND_GUARDS[c.cmd];
			assert.ok(g && g !== 'read');
			assert.equal(g.action(c.argv), c.action);
		});
	}

	it('targets from argv', () => {
		const rc = COMMAND_GUARDS['restart-container'];
		assert.ok(rc && rc !== 'read');
		assert.deepEqual(rc.target(['web-1', '-t', '3']), {container: 'web-1'});
		const stop = COMMAND_GUARDS['stop'];
		assert.ok(stop && stop !== 'read');
		assert.deepEqual(stop.target(['api', 'db', '-f', '/nonexistent.yml', '--group', 'core']), {group: 'core', service: 'api,db'});
	});

	it('destructive actions need admin, lifecycle needs operator', () => {
		for (const a of ['down', 'volumes-remove', 'deploy', 'load-images', 'setup-tags', 'mount-dirs', 'remove', 'exec', 'prune', 'up']) assert.equal(requiredRole(a), 'admin', a);
		for (const a of ['start', 'stop', 'restart', 'pause', 'unpause']) assert.equal(requiredRole(a), 'operator', a);
		for (const a of ['status', 'logs', 'stats', 'inspect', 'doctor']) assert.equal(requiredRole(a), 'viewer', a);
	});
});
