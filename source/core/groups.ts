/** Service groups from compose files: the `x-berth: {groups: {…}}` block (the model is model/group.ts). */
import {GROUPS, groupOf, isGroup, type GroupName} from '../model/group.js';

export {DEFAULT_GROUP, GROUP_LABEL, GROUPS, groupOf, groupRank, isGroup, type GroupName} from '../model/group.js';

export interface XBerthGroups {
	/** service → group */
	map: Record<string, GroupName>;
	/** where each service is named, relative to the x-berth block */
	paths: Record<string, Array<string | number>>;
	/** problems, with paths relative to the x-berth block */
	problems: Array<{path: Array<string | number>; message: string}>;
}

/** Read `x-berth: {groups: {foundation: [svc…], …}}` (the compose file's extension block). */
export function groupsFromXBerth(xBerth: unknown): XBerthGroups {
	const out: XBerthGroups = {map: {}, paths: {}, problems: []};
	if (xBerth === undefined || xBerth === null) return out;
	const obj = (v: unknown): v is Record<string, unknown> => Boolean(v) && typeof v === 'object' && !Array.isArray(v);
	if (!obj(xBerth)) return (out.problems.push({path: [], message: 'x-berth must be a mapping'}), out);
	const groups = xBerth['groups'];
	if (groups === undefined || groups === null) return out;
	if (!obj(groups)) return (out.problems.push({path: ['groups'], message: 'x-berth.groups must map a group name to a list of services'}), out);
	for (const [g, list] of Object.entries(groups)) {
		if (!isGroup(g)) {
			out.problems.push({path: ['groups', g], message: `unknown group "${g}" (groups: ${GROUPS.join(', ')})`});
			continue;
		}
		if (!Array.isArray(list)) {
			out.problems.push({path: ['groups', g], message: `x-berth.groups.${g} must be a list of service names`});
			continue;
		}
		list.forEach((svc, i) => {
			const name = String(svc);
			if (out.map[name] && out.map[name] !== g) out.problems.push({path: ['groups', g, i], message: `service "${name}" is in two groups (${out.map[name]} and ${g})`});
			else {
				out.map[name] = g;
				out.paths[name] = ['groups', g, i];
			}
		});
	}
	return out;
}

/** Each service's group: its `berth.group` label wins, then x-berth, else the default. */
export function serviceGroups(services: Record<string, {labels?: Record<string, string>}>, xBerth?: unknown): Record<string, GroupName> {
	const fromX = groupsFromXBerth(xBerth).map;
	return Object.fromEntries(Object.entries(services).map(([name, s]) => [name, groupOf(s.labels, name, fromX)]));
}
