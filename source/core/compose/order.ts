/** Start order: groups foundation → core → application → support, dependencies first inside each. */
import {GROUPS, serviceGroups, type GroupName} from '../groups.js';
import type {ComposeModel} from './types.js';

/** Services in dependency order (a service after everything it depends on; cycles broken by name). Iterative: no depth limit. */
export function dependencyOrder(model: ComposeModel, subset?: string[]): string[] {
	const want = new Set(subset ?? Object.keys(model.services));
	const out: string[] = [];
	const seen = new Set<string>();
	// each frame: a service and its dependencies still to visit (in reverse, popped from the end)
	const frames: Array<{name: string; deps: string[]}> = [];
	const enter = (name: string) => {
		if (seen.has(name) || !(name in model.services)) return;
		seen.add(name);
		frames.push({name, deps: Object.keys(model.services[name]!.depends_on ?? {}).sort().reverse()});
	};
	for (const root of [...want].sort()) {
		enter(root);
		while (frames.length) {
			const f = frames.at(-1)!;
			if (f.deps.length) enter(f.deps.pop()!);
			else {
				frames.pop();
				if (want.has(f.name)) out.push(f.name);
			}
		}
	}
	return out;
}

export function groupsOf(model: ComposeModel): Record<string, GroupName> {
	return serviceGroups(model.services, model['x-berth']);
}

/** Non-empty groups in start order, each with its services in dependency order. */
export function groupPlan(model: ComposeModel, subset?: string[]): Array<{group: GroupName; services: string[]}> {
	const groups = groupsOf(model);
	const order = dependencyOrder(model, subset);
	return GROUPS.map((group) => ({group, services: order.filter((s) => groups[s] === group)})).filter((g) => g.services.length > 0);
}

/** Compose profiles: a service with profiles runs only when one of them is active. */
export function activeServices(model: ComposeModel, profiles: string[] = []): string[] {
	return Object.entries(model.services)
		.filter(([, s]) => !s.profiles?.length || s.profiles.some((p) => profiles.includes(p) || profiles.includes('*')))
		.map(([n]) => n);
}
