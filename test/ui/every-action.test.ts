/**
 * Every action that exists is usable: a walk over every key binding (ui/keymap.ts), every action id
 * the dashboard runs (ui/handlers/act.ts) and every action in the roles' lists (core/roles/). Each
 * has a help line in `?`, each dangerous one names an action that some role's list holds, and an
 * admin may do every one of them (the key is shown and not refused). A new action without a role
 * or a help line fails here.
 */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {GROUPS, type GroupName} from '../../source/core/groups.js';
import {authorize, type RolesContext} from '../../source/core/roles/authorize.js';
import {actionOfBinding, bindingAllowed, permissions} from '../../source/ui/roles.js';
import {ADMIN_ACTIONS, GUARDED_ACTIONS, OPERATE_ACTIONS, READ_ACTIONS, type Grant} from '../../source/core/roles/types.js';
import {ACTION_IDS} from '../../source/ui/handlers/act.js';
import {keymap, visibleBindings} from '../../source/ui/keymap.js';

function ctxWith(role: 'admin' | 'operator' | 'viewer'): RolesContext {
	const grants = Object.fromEntries(GROUPS.map((g) => [g, {role, rule: `test: ${role} everywhere`}])) as Record<GroupName, Grant>;
	return {identity: {user: 'tester', uid: 1000, groups: ['tester']}, policy: null, policyPath: '/nonexistent', grants, readOnly: false, auditPath: '/dev/null', warnings: []};
}

const listed = new Set<string>(GUARDED_ACTIONS);
const admin = ctxWith('admin');
// exactly what ui/run.tsx gives the dashboard as services.allowed
const byRole = bindingAllowed(permissions(admin));
const allowedId = (id: string) => byRole({id, dangerous: keymap.find((b) => b.id === id)?.dangerous ?? false});
const helpIds = new Set<string>(visibleBindings(keymap, {allowed: allowedId}).map((b) => b.id));

describe('every action has a role, a help line, and admin may do it', () => {
	const ids = [...new Set([...keymap.map((b) => b.id), ...ACTION_IDS])];
	for (const id of ids) {
		it(id, () => {
			const b = keymap.find((x) => x.id === id);
			assert.ok(b, `${id}: the dashboard runs it but no key binding (no help line in ?)`);
			assert.ok(b.keys.length > 0 && b.description.trim().length > 0, `${id}: a help line needs keys and words`);
			assert.ok(helpIds.has(id), `${id}: hidden from admin's ? help`);
			assert.ok(allowedId(id), `${id}: refused for admin ("Not allowed for your role")`);
			if (b.dangerous || ACTION_IDS.has(id)) {
				const action = actionOfBinding(id);
				if (b.dangerous) assert.ok(listed.has(action), `${id}: action "${action}" is in no role's list (core/roles/types.ts)`);
				if (listed.has(action)) assert.equal(authorize(admin, {action, target: {project: 'p', groups: [...GROUPS]}}).allowed, true, `${id}: admin refused ${action}`);
			}
		});
	}

	it('every action in the roles\' lists is allowed for admin; the lists do not overlap', () => {
		for (const a of GUARDED_ACTIONS) assert.equal(authorize(admin, {action: a}).allowed, true, a);
		assert.equal(new Set(GUARDED_ACTIONS).size, READ_ACTIONS.length + OPERATE_ACTIONS.length + ADMIN_ACTIONS.length);
	});

	it('compose pull: P is shown to admin, hidden from an operator, like U and D', () => {
		for (const id of ['compose-up', 'compose-down', 'compose-pull', 'compose-recreate']) {
			assert.equal(bindingAllowed(permissions(admin))({id, dangerous: true}), true, id);
			assert.equal(bindingAllowed(permissions(ctxWith('operator')))({id, dangerous: true}), false, id);
		}
	});
});
