/**
 * What a command will touch, resolved once: the containers (by id) and the service groups the
 * roles gate checks. This is the one place a target's group is decided for the CLI.
 *
 * Today a service's group comes from the compose file (its berth.group label or x-berth), joined
 * with the berth.group labels of the service's existing containers (a label can only add a group
 * to check, never remove one); a lone container's group is its berth.group label, else
 * application.
 */
import {groupsOf, type ComposeProject} from '../core/compose/index.js';
import {GROUP_LABEL, groupOf, isGroup, type GroupName} from '../core/groups.js';
import type {Target} from '../core/roles/types.js';
import type {Engine} from '../engine/connection.js';
import {inspectContainer, listContainers} from '../engine/containers.js';
import type {ContainerRecord} from '../engine/types.js';

/** One container, by name, id or id prefix; null when the engine has no such container. */
export async function resolveContainer(engine: Engine, nameOrId: string): Promise<{target: Target; container: ContainerRecord} | null> {
	const c = await inspectContainer(engine, nameOrId);
	if (!c) return null;
	const target: Target = {container: c.name, group: groupOf(c.labels, c.service), ...(c.project ? {project: c.project} : {}), ...(c.service ? {service: c.service} : {})};
	return {target, container: c};
}

/** Container names like `wanted` (substring, any case), else all of them: for "no such …" messages. */
export function candidates(names: string[], wanted: string, max = 12): string {
	const w = wanted.toLowerCase();
	const near = names.filter((n) => n.toLowerCase().includes(w) || w.includes(n.toLowerCase()));
	const list = (near.length ? near : names).slice().sort();
	if (!list.length) return '(there are none)';
	return list.slice(0, max).join(', ') + (list.length > max ? `, … (${list.length - max} more)` : '');
}

/**
 * A compose command's targets: the named services (all: the whole project, orphans included),
 * their existing containers, and every group they belong to.
 */
export async function resolveComposeTargets(engine: Engine | null, project: ComposeProject, services: string[] | 'all'): Promise<{target: Target; containers: ContainerRecord[]}> {
	const name = project.model.name;
	const fileGroups = groupsOf(project.model);
	const wanted = services === 'all' ? Object.keys(project.model.services) : services;
	const groups = new Set<GroupName>(wanted.map((s) => fileGroups[s] ?? groupOf(undefined, s)));
	let containers: ContainerRecord[] = [];
	if (engine) {
		containers = (await listContainers(engine)).filter((c) => c.project === name && (services === 'all' || (c.service !== null && services.includes(c.service))));
		for (const c of containers) {
			const label = c.labels[GROUP_LABEL];
			if (isGroup(label)) groups.add(label);
			else if (c.service && !(c.service in fileGroups)) groups.add(groupOf(c.labels, c.service));
		}
	}
	const target: Target = {project: name, groups: [...groups]};
	if (services !== 'all') target.service = services.join(',');
	if (containers.length) target.containers = containers.map((c) => c.name).sort();
	return {target, containers};
}
