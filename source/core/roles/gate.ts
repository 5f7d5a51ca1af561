/**
 * The dashboard's gate (used by state/effects and ui/run.tsx). Before each action on a container:
 *
 *   const a = guardContainer('restart', c);          // authorize; audit the refusal or the intent
 *   if (!a.allowed) return status('error', a.decision.reason);
 *   try { await containerAction(…); a.finish({ok: true}); } catch (err) { a.finish({ok: false, error: String(err)}); }
 *
 * A container's group comes from containerGroup() (its label, else the recorded compose file, else
 * unknown: the role is then needed on every group).
 */
import type {RolesContext} from './authorize.js';
import {containerGroup} from './containerGroup.js';
import {rolesContext} from './context.js';
import {auditRefusal, guard, type Attempt} from './guard.js';
import {ConfigError} from './policy.js';
import type {GuardedAction, Decision, Target} from './types.js';

export interface ContainerLike {
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
export function guardAction(action: GuardedAction | string, target: Target, ctx?: RolesContext): Attempt {
	try {
		return guard(ctx ?? rolesContext(), {action, target}, 'tui');
	} catch (err) {
		if (err instanceof ConfigError) return refusedByConfig(err);
		throw err;
	}
}

export function containerTarget(c: ContainerLike): Target {
	const group = containerGroup(c.labels, c.service);
	return {container: c.name, ...(group ? {group} : {}), ...(c.project ? {project: c.project} : {}), ...(c.service ? {service: c.service} : {})};
}

export const guardContainer = (action: GuardedAction | string, c: ContainerLike, ctx?: RolesContext): Attempt => guardAction(action, containerTarget(c), ctx);

/**
 * Audit a refusal decided before the gate (a key the dashboard hides or read-only mode turns off):
 * the gate still decides (and audits) when the role is what refuses; otherwise one "refused" line
 * with the given reason. Nothing is ever run.
 */
export function refuseAction(action: GuardedAction | string, target: Target, reason: string, ctx?: RolesContext): void {
	let c: RolesContext;
	try {
		c = ctx ?? rolesContext();
	} catch (err) {
		if (err instanceof ConfigError) return; // no policy to log under: the status line says why
		throw err;
	}
	auditRefusal(c, {action, target}, {allowed: false, role: 'viewer', rule: reason, reason}, 'tui');
}
