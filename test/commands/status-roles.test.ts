/**
 * `berth status`'s roles line and `roles` JSON, now that the roles' YAML parser loads only when a
 * policy file or a roles setting exists (core/roles/context.ts prepareRoles): a policy at
 * BERTH_POLICY still applies, a malformed one is still reported with its place, a malformed roles
 * setting is still placed at its line and column, and without either berth is admin as before.
 */
import assert from 'node:assert/strict';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, describe, it} from 'node:test';
import {berth} from '../helpers/cli.js';

describe('berth status: roles, with and without a policy', () => {
	const dir = mkdtempSync(join(tmpdir(), 'berth-status-roles-'));
	after(() => rmSync(dir, {recursive: true, force: true}));
	// a config dir of its own (no settings file) and no system policy on this machine unless named
	const env = (extra: Record<string, string> = {}) => ({BERTH_CONFIG_DIR: join(dir, 'cfg-empty'), HOME: dir, XDG_STATE_HOME: join(dir, 'state'), ...extra});
	const roles = (extra: Record<string, string> = {}) => {
		const r = berth(['status', '--json'], env(extra));
		assert.equal(r.code, 0, r.err);
		return (JSON.parse(r.out) as {roles: Record<string, unknown>}).roles;
	};

	it('no policy file, no roles setting: admin everywhere, as before', () => {
		const r = berth(['status'], env());
		assert.equal(r.code, 0, r.err);
		assert.match(r.out, /^roles: no policy at \/etc\/berth\/policy\.yaml: \S+ acts as admin \(as with docker\)$/m);
		const j = roles();
		assert.equal(j['policy'], null);
		assert.ok(Object.values(j['roles'] as Record<string, string>).every((v) => v === 'admin'), JSON.stringify(j));
	});

	it('a policy at BERTH_POLICY applies (it is parsed although status loads no parser up front)', () => {
		const file = join(dir, 'policy.yaml');
		writeFileSync(file, `audit_log: ${join(dir, 'audit.log')}\ndefault_role: viewer\nrules:\n  - name: app-ops\n    users: [root]\n    role: operator\n    service_groups: [application]\n`);
		const j = roles({BERTH_POLICY: file});
		assert.equal(j['policy'], file);
		assert.equal((j['roles'] as Record<string, string>)['application'], 'operator');
		assert.ok(Object.entries(j['roles'] as Record<string, string>).every(([g, v]) => g === 'application' || v === 'viewer'), JSON.stringify(j));
		const text = berth(['status'], env({BERTH_POLICY: file}));
		assert.match(text.out, new RegExp(`^roles: \\S+ is .*operator on application.*\\(policy ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\)$`, 'm'));
	});

	it('a malformed policy is reported with its line and column', () => {
		const file = join(dir, 'bad.yaml');
		writeFileSync(file, 'default_role: viewer\nrules:\n  - users: [root]\n    role: emperor\n');
		const text = berth(['status'], env({BERTH_POLICY: file}));
		assert.equal(text.code, 0, text.err);
		assert.match(text.out, new RegExp(`^roles: policy error at ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:4:11 .*changes are refused until it is fixed$`, 'm'));
		assert.ok(roles({BERTH_POLICY: file})['error']);
	});

	it('a malformed roles setting is placed at its line and column', () => {
		const cfg = join(dir, 'cfg');
		rmSync(cfg, {recursive: true, force: true});
		mkdirSync(cfg, {recursive: true});
		writeFileSync(join(cfg, 'config.json'), '{\n  "roles": {\n    "max_role": "god"\n  }\n}\n');
		const text = berth(['status'], env({BERTH_CONFIG_DIR: cfg}));
		assert.equal(text.code, 0, text.err);
		assert.match(text.out, /^roles: policy error at .*config\.json:3:17 roles\.max_role must be one of/m);
	});
});
