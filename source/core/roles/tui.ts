/**
 * The dashboard's side of the gate. Before each action on a container:
 *
 *   const a = guardContainer('restart', c);          // authorize + audit a refusal
 *   if (!a.allowed) return status('error', a.decision.reason);
 *   try { await containerAction(…); a.finish({ok: true}); } catch (err) { a.finish({ok: false, error: String(err)}); }
 *
 * and for hiding keys: permissions().can('restart') (allowed on at least one group),
 * permissions().canOn('restart', group), permissions().readOnly.
 */
import {groupOf, type GroupName} from '../groups.js';
import {allowedActions, type RolesContext} from './authorize.js';
import {rolesContext} from './context.js';
import {guard, type Attempt} from './guard.js';
import {ConfigError} from './policy.js';
import {requiredRole, type Action, type Decision, type Target} from './types.js';

interface ContainerLike {
	name: string;
	project: string | null;
	service: string | null;
	labels: Record<string, string>;
}

function refusedByConfig(err: ConfigError): Attempt {
	const p = err.problems[0]!;
	const d: Decision = {allowed: false, role: 'viewer', rule: `${p.file}:${p.line}`, reason: `the roles policy cannot be used (${p.file}:${p.line}:${p.col} ${p.message}); changes are refused until it is fixed`};
	return {allowed: false, decision: d, finish: () => undefined};
}

/** Gate an action on a target (audited with via "tui"). A broken policy refuses. */
export function guardAction(action: Action | string, target: Target, ctx?: RolesContext): Attempt {
	try {
		return guard(ctx ?? rolesContext(), {action, target}, 'tui');
	} catch (err) {
		if (err instanceof ConfigError) return refusedByConfig(err);
		throw err;
	}
}

export function containerTarget(c: ContainerLike): Target {
	return {container: c.name, group: groupOf(c.labels, c.service), ...(c.project ? {project: c.project} : {}), ...(c.service ? {service: c.service} : {})};
}

export const guardContainer = (action: Action | string, c: ContainerLike, ctx?: RolesContext): Attempt => guardAction(action, containerTarget(c), ctx);

export interface Permissions {
	readOnly: boolean;
	/** allowed on at least one service group */
	can(action: Action | string): boolean;
	canOn(action: Action | string, group: GroupName): boolean;
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
	return {readOnly: c.readOnly, can: (a) => any.has(a as Action), canOn: (a, g) => allowedActions(c, g).has(a as Action)};
}

const allowedReadOnly = (a: string) => requiredRole(a) === 'viewer';

/** The action behind a dashboard key binding id (compose-* keys run compose up/down/pull). */
export function actionOfBinding(id: string): string {
	const compose: Record<string, string> = {'compose-up': 'up', 'compose-down': 'down', 'compose-pull': 'pull', 'compose-recreate': 'up'};
	return compose[id] ?? id;
}

/**
 * For ui/keymap.ts visibleBindings(bindings, {readOnly, allowed}): a dangerous binding is shown
 * only when its action is allowed on at least one group; every other binding always.
 */
export function bindingAllowed(perms: Permissions): (binding: {id: string; dangerous: boolean}) => boolean {
	return (b) => !b.dangerous || perms.can(actionOfBinding(b.id));
}
