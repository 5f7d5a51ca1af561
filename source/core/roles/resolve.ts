/** Whether a decision can depend on a target's service groups at all. */
import {GROUPS} from '../groups.js';
import type {RolesContext} from './authorize.js';

/** true when the role is the same on every group (no lookup can change a decision). */
export function uniformGrants(ctx: RolesContext): boolean {
	return GROUPS.every((g) => ctx.grants[g].role === ctx.grants[GROUPS[0]].role);
}
