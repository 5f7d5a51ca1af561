/**
 * Service groups: foundation → core → application → support (start in this order, stop in
 * reverse). A container's group comes from its `berth.group` label (compose services pass labels
 * on to their containers), or the compose file's `x-berth: {groups: {…}}` block; else application.
 */
import type {ContainerRecord} from './container.js';

export const GROUPS = ['foundation', 'core', 'application', 'support'] as const;
export type GroupName = (typeof GROUPS)[number];
export const DEFAULT_GROUP: GroupName = 'application';
export const GROUP_LABEL = 'berth.group';

export function isGroup(s: string | undefined | null): s is GroupName {
	return GROUPS.includes(s as GroupName);
}

/** Group from container/service labels, else from an x-berth map (service → group), else the default. */
export function groupOf(labels: Record<string, string> | undefined, service?: string | null, xBerth?: Record<string, GroupName>): GroupName {
	const l = labels?.[GROUP_LABEL];
	if (isGroup(l)) return l;
	if (service && xBerth?.[service]) return xBerth[service]!;
	return DEFAULT_GROUP;
}

/** A running container's group (its labels). */
export const containerGroup = (c: ContainerRecord): GroupName => groupOf(c.labels, c.service);

/** Start order index (0 first); stop in reverse. */
export const groupRank = (g: GroupName) => GROUPS.indexOf(g);
