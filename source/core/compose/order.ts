/** Start order: groups foundation → core → application → support, dependencies first inside each. */
import {GROUPS, serviceGroups, type GroupName} from '../groups.js';
import type {ComposeModel} from './types.js';

/** Services in dependency order (a service after everything it depends on; cycles broken by name). */
export function dependencyOrder(model: ComposeModel, subset?: string[]): string[] {
	const want = new Set(subset ?? Object.keys(model.services));
	const out: string[] = [];
	const seen = new Set<string>();
	const visit = (name: string) => {
		if (seen.has(name) || !(name in model.services)) return;
		seen.add(name);
		for (const dep of Object.keys(model.services[name]!.depends_on ?? {}).sort()) visit(dep);
		if (want.has(name)) out.push(name);
	};
	for (const name of [...want].sort()) visit(name);
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
