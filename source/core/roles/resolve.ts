/**
 * A target's service groups from the engine: a container's berth.group label (else application),
 * or the groups of a compose project's/service's running containers. Only needed when the user's
 * role differs between groups.
 */
import type {Engine} from '../../engine/connection.js';
import {inspectContainer, listContainers} from '../../engine/containers.js';
import {GROUPS, type GroupName} from '../groups.js';
import {containerGroup} from './containerGroup.js';
import type {RolesContext} from './authorize.js';
import type {Target} from './types.js';

/** true when the role is the same on every group (no lookup can change a decision). */
export function uniformGrants(ctx: RolesContext): boolean {
	return GROUPS.every((g) => ctx.grants[g].role === ctx.grants[GROUPS[0]].role);
}

/**
 * The groups the target really touches, from the containers (containerGroup: label, else the
 * recorded compose file, else unknown). Groups a compose file proposed stay too (they can only add
 * to what is needed); a container whose group is unknown drops every group (the role is then
 * needed on all of them).
 */
export async function resolveGroups(engine: Engine, t: Target): Promise<Target> {
	const proposed: GroupName[] = [...(t.group ? [t.group] : []), ...(t.groups ?? [])];
	const unknown = (): Target => {
		const {group: _g, groups: _gs, ...rest} = t;
		return rest;
	};
	const withGroups = (found: Array<GroupName | null>): Target => {
		if (found.some((g) => g === null)) return unknown();
		const all = [...new Set([...proposed, ...(found as GroupName[])])];
		if (!all.length) return t;
		const {group: _g, ...rest} = t;
		return all.length === 1 ? {...rest, group: all[0]!, groups: all} : {...rest, groups: all};
	};
	if (t.container) {
		const c = await inspectContainer(engine, t.container);
		return c ? withGroups([containerGroup(c.labels, c.service)]) : t.group || t.groups?.length ? t : unknown();
	}
	if (t.project) {
		const services = t.service ? t.service.split(',') : null;
		const mine = (await listContainers(engine)).filter((c) => c.project === t.project && (!services || (c.service && services.includes(c.service))));
		return withGroups(mine.map((c) => containerGroup(c.labels, c.service)));
	}
	return t;
}
