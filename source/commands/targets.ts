/**
 * What a command will touch, resolved once: the containers (by id) and the service groups the
 * roles gate checks. This is the one place a target's group is decided for the CLI.
 *
 * A container's group comes from facts the user cannot rewrite at will (core/roles/containerGroup:
 * its berth.group label, else its service's group in the compose file compose recorded, else
 * unknown). A compose file named on the command line only proposes: its groups for the named
 * services are checked too (they can only add), and a container whose group cannot be known
 * makes the target's groups unknown (the role is then needed on every group).
 */
import {groupsOf, type ComposeProject} from '../core/compose/index.js';
import {groupOf, type GroupName} from '../core/groups.js';
import {containerGroup} from '../core/roles/containerGroup.js';
import type {Target} from '../core/roles/types.js';
import type {Engine} from '../engine/connection.js';
import {inspectContainer, listContainers} from '../engine/containers.js';
import type {ContainerRecord} from '../model/container.js';

/** One container, by name, id or id prefix; null when the engine has no such container. */
export async function resolveContainer(engine: Engine, nameOrId: string): Promise<{target: Target; container: ContainerRecord} | null> {
	const c = await inspectContainer(engine, nameOrId);
	if (!c) return null;
	const group = containerGroup(c.labels, c.service);
	const target: Target = {container: c.name, ...(group ? {group} : {}), ...(c.project ? {project: c.project} : {}), ...(c.service ? {service: c.service} : {})};
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
	let unknown = false;
	if (engine) {
		containers = (await listContainers(engine)).filter((c) => c.project === name && (services === 'all' || (c.service !== null && services.includes(c.service))));
		for (const c of containers) {
			const g = containerGroup(c.labels, c.service);
			if (g) groups.add(g);
			else unknown = true;
		}
	}
	const target: Target = {project: name, ...(unknown ? {} : {groups: [...groups]})};
	if (services !== 'all') target.service = services.join(',');
	if (containers.length) target.containers = containers.map((c) => c.name).sort();
	return {target, containers};
}
