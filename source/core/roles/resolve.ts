/**
 * A target's service groups from the engine: a container's berth.group label (else application),
 * or the groups of a compose project's/service's running containers. Only needed when the user's
 * role differs between groups.
 */
import type {Engine} from '../../engine/connection.js';
import {inspectContainer, listContainers} from '../../engine/containers.js';
import {GROUPS, groupOf, type GroupName} from '../groups.js';
import type {RolesContext} from './authorize.js';
import type {Target} from './types.js';

/** true when the role is the same on every group (no lookup can change a decision). */
export function uniformGrants(ctx: RolesContext): boolean {
	return GROUPS.every((g) => ctx.grants[g].role === ctx.grants[GROUPS[0]].role);
}

export async function resolveGroups(engine: Engine, t: Target): Promise<Target> {
	if (t.group || t.groups?.length) return t;
	if (t.container) {
		const c = await inspectContainer(engine, t.container);
		return c ? {...t, group: groupOf(c.labels, c.service)} : t;
	}
	if (t.project) {
		const services = t.service ? t.service.split(',') : null;
		const mine = (await listContainers(engine)).filter((c) => c.project === t.project && (!services || (c.service && services.includes(c.service))));
		const groups = [...new Set(mine.map((c): GroupName => groupOf(c.labels, c.service)))];
		return groups.length ? {...t, groups} : t;
	}
	return t;
}
