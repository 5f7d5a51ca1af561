/** Roles, pure: policy parsing, grants per service group, decisions, the user's own cap. */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {allowedActions, authorize, computeGrants, type RolesContext} from '../../../source/core/roles/authorize.js';
import {parsePolicy} from '../../../source/core/roles/parse.js';
import type {Policy} from '../../../source/core/roles/policy.js';
import type {Identity} from '../../../source/core/roles/types.js';
import {parseUserCap, type UserCap} from '../../../source/core/roles/userCap.js';

const POLICY = `# test policy
audit_log: /var/log/berth/audit.log
default_role: viewer
rules:
  - name: ops
    os_groups: [ops]
    role: operator
    service_groups: [application, support]
  - name: dba
    users: [dana]
    role: operator
    service_groups: [foundation]
  - name: leads
    users: [lee]
    role: admin
`;

function policy(): Policy {
	const {policy, problems} = parsePolicy(POLICY, '/etc/berth/policy.yaml');
	assert.deepEqual(problems, []);
	return policy!;
}

const who = (user: string, groups: string[] = [user]): Identity => ({user, uid: 1000, groups});

function ctx(id: Identity, p: Policy | null = policy(), cap: UserCap | null = null, readOnly = false): RolesContext {
	return {
		identity: id,
		policy: p,
		policyPath: '/etc/berth/policy.yaml',
		grants: computeGrants(id, p, '/etc/berth/policy.yaml', cap, {on: readOnly, by: '--read-only'}),
		readOnly,
		auditPath: '/tmp/x',
		warnings: [],
	};
}

describe('roles: decisions', () => {
	const cases: Array<{name: string; id: Identity; action: string; group?: 'foundation' | 'core' | 'application' | 'support'; allowed: boolean; rule: RegExp}> = [
		{name: 'anyone reads', id: who('zed'), action: 'logs', group: 'foundation', allowed: true, rule: /default_role/},
		{name: 'unmatched user is viewer: no restart', id: who('zed'), action: 'restart', group: 'application', allowed: false, rule: /policy\.yaml:3 default_role viewer/},
		{name: 'ops group restarts application', id: who('olga', ['olga', 'ops']), action: 'restart', group: 'application', allowed: true, rule: /policy\.yaml:5 rule "ops" \(os group ops\)/},
		{name: 'ops group may not restart foundation', id: who('olga', ['olga', 'ops']), action: 'restart', group: 'foundation', allowed: false, rule: /default_role/},
		{name: 'ops may not remove on its own group', id: who('olga', ['olga', 'ops']), action: 'remove', group: 'application', allowed: false, rule: /rule "ops"/},
		{name: 'dba stops foundation', id: who('dana'), action: 'stop', group: 'foundation', allowed: true, rule: /:9 rule "dba" \(user dana\)/},
		{name: 'dba pauses nothing else', id: who('dana'), action: 'pause', group: 'core', allowed: false, rule: /default_role/},
		{name: 'admin deploys', id: who('lee'), action: 'deploy', allowed: true, rule: /rule "leads"/},
		{name: 'admin execs', id: who('lee'), action: 'exec', group: 'foundation', allowed: true, rule: /rule "leads"/},
		{name: 'unknown action needs admin', id: who('olga', ['olga', 'ops']), action: 'format-disk', group: 'application', allowed: false, rule: /rule "ops"/},
		{name: 'no group: role needed on every group', id: who('olga', ['olga', 'ops']), action: 'stop', allowed: false, rule: /default_role/},
	];
	for (const c of cases) {
		it(c.name, () => {
			const d = authorize(ctx(c.id), {action: c.action, target: {container: 'x', ...(c.group ? {group: c.group} : {})}});
			assert.equal(d.allowed, c.allowed, d.reason);
			assert.match(d.rule, c.rule);
			if (!d.allowed) {
				assert.ok(d.reason.includes(c.id.user), 'who');
				assert.ok(d.reason.includes(c.action), 'what');
				assert.ok(d.reason.includes(d.rule), 'which rule');
			}
		});
	}

	it('several groups: the weakest decides', () => {
		const c = ctx(who('olga', ['olga', 'ops']));
		assert.equal(authorize(c, {action: 'restart', target: {project: 'p', groups: ['application', 'support']}}).allowed, true);
		const d = authorize(c, {action: 'restart', target: {project: 'p', groups: ['application', 'core']}});
		assert.equal(d.allowed, false);
		assert.match(d.reason, /group core/);
	});

	it('no policy: admin everywhere, and it says so', () => {
		const d = authorize(ctx(who('anna'), null), {action: 'down', target: {project: 'p'}});
		assert.equal(d.allowed, true);
		assert.equal(d.role, 'admin');
		assert.match(d.rule, /no policy/);
	});

	it('--read-only forces viewer, even for admins and without a policy', () => {
		for (const p of [policy(), null]) {
			const d = authorize(ctx(who('lee'), p, null, true), {action: 'restart', target: {group: 'support'}});
			assert.equal(d.allowed, false);
			assert.equal(d.rule, '--read-only');
		}
	});

	it("the user's own config lowers, never raises", () => {
		const raise: UserCap = {file: '/home/zed/.config/berth/config.json', maxRole: 'admin'};
		assert.equal(authorize(ctx(who('zed'), policy(), raise), {action: 'restart', target: {group: 'application'}}).allowed, false);
		const lower: UserCap = {file: '/home/lee/c.json', maxRole: 'operator'};
		const d = authorize(ctx(who('lee'), policy(), lower), {action: 'remove', target: {group: 'application'}});
		assert.equal(d.allowed, false);
		assert.match(d.rule, /roles\.max_role operator \(your own limit\)/);
		assert.equal(authorize(ctx(who('lee'), policy(), lower), {action: 'restart', target: {group: 'foundation'}}).allowed, true);
		const groups: UserCap = {file: '/c.json', serviceGroups: ['support']};
		assert.equal(authorize(ctx(who('lee'), policy(), groups), {action: 'restart', target: {group: 'foundation'}}).allowed, false);
		assert.equal(authorize(ctx(who('lee'), policy(), groups), {action: 'restart', target: {group: 'support'}}).allowed, true);
		const ro: UserCap = {file: '/c.json', readOnly: true};
		assert.equal(authorize(ctx(who('lee'), null, ro), {action: 'start', target: {group: 'support'}}).allowed, false);
	});

	it('allowedActions: what the TUI may show', () => {
		const viewer = allowedActions(ctx(who('zed')));
		assert.ok(viewer.has('logs') && viewer.has('status'));
		assert.ok(!viewer.has('restart') && !viewer.has('remove'));
		const op = ctx(who('olga', ['olga', 'ops']));
		assert.ok(allowedActions(op).has('restart'));
		assert.ok(!allowedActions(op).has('remove'));
		assert.ok(!allowedActions(op, 'foundation').has('restart'));
		assert.ok(allowedActions(ctx(who('lee'))).has('exec'));
	});
});

describe('roles: policy files', () => {
	const bad: Array<{name: string; text: string; line: number; msg: RegExp}> = [
		{name: 'YAML syntax', text: 'rules:\n  - users: [a\n    role: admin\n', line: 3, msg: /YAML/},
		{name: 'tab indentation', text: 'rules:\n\t- users: [a]\n', line: 2, msg: /YAML/},
		{name: 'not a mapping', text: '- a\n- b\n', line: 1, msg: /must be a mapping/},
		{name: 'unknown top key', text: 'default_role: viewer\nrulez: []\n', line: 2, msg: /unknown key "rulez"/},
		{name: 'bad default role', text: 'default_role: superuser\n', line: 1, msg: /default_role must be one of viewer, operator, admin/},
		{name: 'bad rule role', text: 'rules:\n  - users: [a]\n    role: root\n', line: 3, msg: /role must be one of/},
		{name: 'missing role', text: 'rules:\n  - users: [a]\n', line: 2, msg: /role must be one of/},
		{name: 'rule matches nobody', text: 'rules:\n  - role: admin\n', line: 2, msg: /needs users or os_groups/},
		{name: 'users not a list', text: 'rules:\n  - users: alice\n    role: admin\n', line: 2, msg: /users must be a non-empty list/},
		{name: 'unknown service group', text: 'rules:\n  - users: [a]\n    role: operator\n    service_groups: [application, databases]\n', line: 4, msg: /unknown service group "databases"/},
		{name: 'unknown rule key', text: 'rules:\n  - users: [a]\n    role: admin\n    groups: [x]\n', line: 4, msg: /unknown key "groups"/},
		{name: 'relative audit log', text: 'audit_log: audit.log\n', line: 1, msg: /absolute/},
		{name: 'duplicate key', text: 'default_role: viewer\ndefault_role: admin\n', line: 2, msg: /YAML/},
		{name: 'rules not a list', text: 'rules: {a: 1}\n', line: 1, msg: /rules must be a list/},
	];
	for (const b of bad) {
		it(`malformed: ${b.name} → file:line, no policy`, () => {
			const {policy, problems} = parsePolicy(b.text, '/p.yaml');
			assert.equal(policy, null);
			assert.ok(problems.length >= 1);
			const p = problems.find((x) => b.msg.test(x.message));
			assert.ok(p, JSON.stringify(problems));
			assert.equal(p.file, '/p.yaml');
			assert.equal(p.line, b.line, JSON.stringify(problems));
		});
	}

	it('an empty policy: everyone viewer', () => {
		const {policy} = parsePolicy('', '/p.yaml');
		assert.ok(policy);
		assert.equal(policy.defaultRole, 'viewer');
		assert.deepEqual(policy.rules, []);
	});

	it('user cap: malformed values are reported at their place', () => {
		const {cap, problems} = parseUserCap({max_role: 'god', bogus: 1}, '/c.json');
		assert.equal(cap, null);
		assert.ok(problems.some((p) => /max_role must be one of/.test(p.message)));
		assert.ok(problems.some((p) => /unknown key "roles.bogus"/.test(p.message)));
	});
});
