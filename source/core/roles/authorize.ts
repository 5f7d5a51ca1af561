/** Decisions: the role a user has on each service group, and whether an action is allowed. */
import {GROUPS, type GroupName} from '../groups.js';
import type {Policy, PolicyRule} from './policy.js';
import {GUARDED_ACTIONS, requiredRole, roleRank, type GuardedAction, type Decision, type Grant, type Identity, type Request, type Role, type Target} from './types.js';
import type {UserCap} from './userCap.js';

export interface RolesContext {
	identity: Identity;
	/** null: no policy file, everyone is admin (as with plain docker) */
	policy: Policy | null;
	policyPath: string;
	/** the effective grant on each service group */
	grants: Record<GroupName, Grant>;
	readOnly: boolean;
	auditPath: string;
	warnings: string[];
}

function matchedBy(r: PolicyRule, id: Identity): string | null {
	if (r.users.includes(id.user)) return `user ${id.user}`;
	if (r.users.includes('*')) return 'users: *';
	const g = r.osGroups.find((x) => id.groups.includes(x));
	return g === undefined ? null : `os group ${g}`;
}

const ruleText = (p: Policy, r: PolicyRule, why: string) => `${p.file}:${r.line} rule ${r.name ? `"${r.name}"` : `#${r.index + 1}`} (${why})`;

/** Pure: each group's grant from the policy, lowered by the user's cap and by read-only. */
export function computeGrants(id: Identity, policy: Policy | null, policyPath: string, cap: UserCap | null, readOnly: {on: boolean; by: string}): Record<GroupName, Grant> {
	const out = {} as Record<GroupName, Grant>;
	for (const g of GROUPS) {
		let best: Grant;
		if (!policy) best = {role: 'admin', rule: `no policy (${policyPath} does not exist): the invoking user is admin, as with docker`};
		else {
			best = {role: policy.defaultRole, rule: policy.defaultLine ? `${policy.file}:${policy.defaultLine} default_role ${policy.defaultRole}` : `${policy.file}: default_role viewer (no rule grants ${id.user} more on ${g})`};
			for (const r of policy.rules) {
				const why = matchedBy(r, id);
				if (!why || (r.serviceGroups && !r.serviceGroups.includes(g))) continue;
				if (roleRank(r.role) > roleRank(best.role)) best = {role: r.role, rule: ruleText(policy, r, why)};
			}
		}
		if (cap?.maxRole && roleRank(best.role) > roleRank(cap.maxRole)) best = {role: cap.maxRole, rule: `${cap.file} roles.max_role ${cap.maxRole} (your own limit)`};
		if (cap?.serviceGroups && !cap.serviceGroups.includes(g) && best.role !== 'viewer') best = {role: 'viewer', rule: `${cap.file} roles.service_groups (your own limit)`};
		if (cap?.readOnly) best = {role: 'viewer', rule: `${cap.file} roles.read_only (your own limit)`};
		if (readOnly.on) best = {role: 'viewer', rule: readOnly.by};
		out[g] = best;
	}
	return out;
}

function targetText(t: Target | undefined): string {
	if (!t) return 'everything';
	const parts: string[] = [];
	if (t.container) parts.push(`container ${t.container}`);
	if (t.service) parts.push(`service ${t.service}`);
	if (t.project) parts.push(`project ${t.project}`);
	if (t.detail) parts.push(t.detail);
	return parts.join(' of ') || 'everything';
}

/** The service groups a target touches; unknown means all of them. */
export function groupsOfTarget(t: Target | undefined): GroupName[] {
	if (t?.group) return [t.group];
	if (t?.groups?.length) return [...new Set(t.groups)];
	return [...GROUPS];
}

/** The weakest grant over the groups (acting on several needs the role on each). */
function weakest(ctx: RolesContext, groups: GroupName[]): {grant: Grant; group: GroupName} {
	let w = {grant: ctx.grants[groups[0]!], group: groups[0]!};
	for (const g of groups) if (roleRank(ctx.grants[g].role) < roleRank(w.grant.role)) w = {grant: ctx.grants[g], group: g};
	return w;
}

export function authorize(ctx: RolesContext, req: Request): Decision {
	const need: Role = requiredRole(req.action);
	const groups = groupsOfTarget(req.target);
	const {grant, group} = weakest(ctx, groups);
	const allSame = groups.every((g) => ctx.grants[g].role === grant.role);
	const unknown = !req.target?.group && !req.target?.groups?.length;
	const where =
		groups.length === 1 ? `group ${group}` : allSame ? (groups.length === GROUPS.length ? 'every group' : `groups ${groups.join(', ')}`) : `group ${group}${unknown ? ' (the target\'s groups are unknown, so the role is needed on every group)' : ''}`;
	const who = ctx.identity.sudoUser ? `${ctx.identity.user} (through sudo)` : ctx.identity.user;
	if (roleRank(grant.role) >= roleRank(need)) return {allowed: true, role: grant.role, rule: grant.rule, reason: `${who} is ${grant.role} on ${where}`};
	return {
		allowed: false,
		role: grant.role,
		rule: grant.rule,
		reason: `${who} may not ${req.action} ${targetText(req.target)}: ${req.action} needs ${need}, ${who} is ${grant.role} on ${where} — by ${grant.rule}`,
	};
}

/** Actions allowed somewhere (no group) or on one group: for hiding keys the role may not use. */
export function allowedActions(ctx: RolesContext, group?: GroupName): Set<GuardedAction> {
	const groups = group ? [group] : [...GROUPS];
	const best = Math.max(...groups.map((g) => roleRank(ctx.grants[g].role)));
	return new Set(GUARDED_ACTIONS.filter((a) => roleRank(requiredRole(a)) <= best));
}

/** One line for `berth status`: who you are here and where the rights come from. */
export function rolesSummary(ctx: RolesContext): string {
	if (!ctx.policy && !ctx.readOnly) return `roles: no policy at ${ctx.policyPath}: ${ctx.identity.user} acts as admin (as with docker)`;
	const byRole = new Map<Role, GroupName[]>();
	for (const g of GROUPS) byRole.set(ctx.grants[g].role, [...(byRole.get(ctx.grants[g].role) ?? []), g]);
	const parts = [...byRole].map(([r, gs]) => (gs.length === GROUPS.length ? r : `${r} on ${gs.join(', ')}`));
	const src = ctx.readOnly ? ' (read-only)' : ctx.policy ? ` (policy ${ctx.policy.file})` : '';
	return `roles: ${ctx.identity.user} is ${parts.join('; ')}${src}`;
}
