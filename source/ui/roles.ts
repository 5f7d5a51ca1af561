/**
 * The dashboard's view of the roles: which keys to show (permissions(), bindingAllowed()), and the
 * gate itself re-exported from core/roles/gate.ts (every action is still gated and audited there).
 */
import {allowedActions, type RolesContext} from '../core/roles/authorize.js';
import {rolesContext} from '../core/roles/context.js';
import {ConfigError} from '../core/roles/policy.js';
import {requiredRole, type GuardedAction} from '../core/roles/types.js';
import type {GroupName} from '../core/groups.js';

export {containerTarget, guardAction, guardContainer, refuseAction, type ContainerLike} from '../core/roles/gate.js';

export interface Permissions {
	readOnly: boolean;
	/** allowed on at least one service group */
	can(action: GuardedAction | string): boolean;
	canOn(action: GuardedAction | string, group: GroupName): boolean;
	/** the policy problem, when the policy cannot be used (everything that changes is refused) */
	error?: string;
}

export function permissions(ctx?: RolesContext): Permissions {
	let c: RolesContext;
	try {
		c = ctx ?? rolesContext();
	} catch (err) {
		if (!(err instanceof ConfigError)) throw err;
		return {readOnly: true, can: (a) => allowedReadOnly(a), canOn: (a) => allowedReadOnly(a), error: err.message};
	}
	const any = allowedActions(c);
	return {readOnly: c.readOnly, can: (a) => any.has(a as GuardedAction), canOn: (a, g) => allowedActions(c, g).has(a as GuardedAction)};
}

const allowedReadOnly = (a: string) => requiredRole(a) === 'viewer';

/** The action behind a dashboard key binding id (compose-* keys run compose up/down/pull; the resource keys are their guarded action). */
export function actionOfBinding(id: string): string {
	const compose: Record<string, string> = {'compose-up': 'up', 'compose-down': 'down', 'compose-pull': 'pull', 'compose-recreate': 'up', 'image-remove-force': 'image-remove', 'image-prune-all': 'image-prune'};
	return compose[id] ?? id;
}

/**
 * For ui/keymap.ts visibleBindings(bindings, {readOnly, allowed}): a dangerous binding is shown
 * only when its action is allowed on at least one group; every other binding always.
 */
export function bindingAllowed(perms: Permissions): (binding: {id: string; dangerous: boolean}) => boolean {
	return (b) => !b.dangerous || perms.can(actionOfBinding(b.id));
}
