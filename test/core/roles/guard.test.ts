/** The gate as the dashboard uses it: refusals and outcomes land in the audit log; no log, no action. */
import assert from 'node:assert/strict';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, describe, it} from 'node:test';
import {computeGrants, type RolesContext} from '../../../source/core/roles/authorize.js';
import {guarded, RefusedError} from '../../../source/core/roles/guard.js';
import {parsePolicy} from '../../../source/core/roles/parse.js';
import {guardContainer, permissions} from '../../../source/ui/roles.js';

const dir = mkdtempSync(join(tmpdir(), 'berth-guard-'));
const policy = parsePolicy('rules:\n  - users: [olga]\n    role: operator\n    service_groups: [application]\n', '/etc/berth/policy.yaml').policy!;

function ctx(auditPath: string, withPolicy = true): RolesContext {
	const identity = {user: 'olga', uid: 1001, groups: ['olga']};
	const p = withPolicy ? policy : null;
	return {identity, policy: p, policyPath: '/etc/berth/policy.yaml', grants: computeGrants(identity, p, '/etc/berth/policy.yaml', null, {on: false, by: ''}), readOnly: false, auditPath, warnings: []};
}

const web = {name: 'shop_web_1', project: 'shop', service: 'web', labels: {'berth.group': 'application'}};
const db = {name: 'shop_db_1', project: 'shop', service: 'db', labels: {'berth.group': 'foundation'}};
const lines = (p: string) => readFileSync(p, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, any>);

describe('guard (dashboard side)', () => {
	after(() => rmSync(dir, {recursive: true, force: true}));

	it('allowed on its group: runs, then one "ok" line; refused elsewhere: one "refused" line', () => {
		const log = join(dir, 'a.log');
		const c = ctx(log);
		const a = guardContainer('restart', web, c);
		assert.equal(a.allowed, true);
		a.finish({ok: true});
		a.finish({ok: true}); // a second finish writes nothing
		const r = guardContainer('restart', db, c);
		assert.equal(r.allowed, false);
		assert.match(r.decision.reason, /olga may not restart container shop_db_1 of service db of project shop: restart needs operator, olga is viewer on group foundation/);
		const f = guardContainer('stop', web, c);
		f.finish({ok: false, error: 'engine said no'});
		const got = lines(log);
		// the intent ("started") is written before acting, the outcome after, tied by the attempt id
		assert.deepEqual(got.map((l) => [l['action'], l['result'], l['target']['group'], l['via']]), [
			['restart', 'started', 'application', 'tui'],
			['restart', 'ok', 'application', 'tui'],
			['restart', 'refused', 'foundation', 'tui'],
			['stop', 'started', 'application', 'tui'],
			['stop', 'failed', 'application', 'tui'],
		]);
		assert.equal(got[0]!['attempt'], got[1]!['attempt']);
		assert.equal(got[4]!['error'], 'engine said no');
	});

	it('guarded(): throws RefusedError without running the action', async () => {
		const c = ctx(join(dir, 'b.log'));
		let ran = false;
		await assert.rejects(
			guarded(c, {action: 'remove', target: {container: 'x', group: 'application'}}, async () => {
				ran = true;
			}),
			RefusedError,
		);
		assert.equal(ran, false);
	});

	it('with a policy in force, an audit log that cannot be written refuses the action', () => {
		// a path whose parent is a file: cannot be created, even by root
		const blocker = join(dir, 'blocker');
		writeFileSync(blocker, '');
		const c2 = ctx(join(blocker, 'audit.log'));
		const a = guardContainer('restart', web, c2);
		assert.equal(a.allowed, false);
		assert.match(a.decision.reason, /cannot write the audit log/);
		// without a policy: a warning, the action goes on
		const b = guardContainer('restart', web, ctx(join(blocker, 'audit.log'), false));
		assert.equal(b.allowed, true);
		assert.match(b.warning ?? '', /could not write the audit log/);
	});

	it('permissions: what keys to show', () => {
		const p = permissions(ctx(join(dir, 'c.log')));
		assert.equal(p.readOnly, false);
		assert.equal(p.can('restart'), true);
		assert.equal(p.canOn('restart', 'foundation'), false);
		assert.equal(p.can('remove'), false);
		assert.equal(p.can('logs'), true);
	});
});

describe('dashboard key filtering', () => {
	it('dangerous keys the role may not use are hidden; others stay', async () => {
		const {bindingAllowed} = await import('../../../source/ui/roles.js');
		const identity = {user: 'olga', uid: 1001, groups: ['olga']};
		const c: RolesContext = {identity, policy, policyPath: '/p', grants: computeGrants(identity, policy, '/p', null, {on: false, by: ''}), readOnly: false, auditPath: '/tmp/x', warnings: []};
		const ok = bindingAllowed(permissions(c));
		assert.equal(ok({id: 'restart', dangerous: true}), true);
		assert.equal(ok({id: 'stop', dangerous: true}), true);
		assert.equal(ok({id: 'remove', dangerous: true}), false);
		assert.equal(ok({id: 'exec', dangerous: true}), false);
		assert.equal(ok({id: 'compose-down', dangerous: true}), false);
		assert.equal(ok({id: 'down', dangerous: false}), true, 'navigation keys always');
	});
});
