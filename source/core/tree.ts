/** Grouping: compose project → service → containers; containers without labels go to "standalone". */
import type {ContainerRecord} from '../model/container.js';
import {containerKey, projectKey, serviceKey, serviceName, STANDALONE} from '../model/subject.js';

export {STANDALONE};

export interface Counts {
	total: number;
	running: number;
	unhealthy: number;
}

export interface ServiceNode {
	key: string;
	project: string;
	service: string;
	containers: ContainerRecord[];
	counts: Counts;
}

export interface ProjectNode {
	key: string;
	name: string;
	standalone: boolean;
	services: ServiceNode[];
	/** containers directly under the project (standalone ones) */
	loose: ContainerRecord[];
	counts: Counts;
}

export function countOf(list: ContainerRecord[]): Counts {
	let running = 0;
	let unhealthy = 0;
	for (const c of list) {
		if (c.state === 'running') running++;
		if (c.health === 'unhealthy') unhealthy++;
	}
	return {total: list.length, running, unhealthy};
}

const collator = new Intl.Collator('en', {numeric: true, sensitivity: 'base'});
const byName = (a: ContainerRecord, b: ContainerRecord) => collator.compare(a.name, b.name);

export function buildTree(records: Iterable<ContainerRecord>): ProjectNode[] {
	const projects = new Map<string, Map<string, ContainerRecord[]>>();
	const loose: ContainerRecord[] = [];
	for (const r of records) {
		if (!r.project) {
			loose.push(r);
			continue;
		}
		let services = projects.get(r.project);
		if (!services) projects.set(r.project, (services = new Map()));
		const svc = serviceName(r);
		let list = services.get(svc);
		if (!list) services.set(svc, (list = []));
		list.push(r);
	}
	const out: ProjectNode[] = [];
	for (const name of [...projects.keys()].sort(collator.compare)) {
		const services = projects.get(name)!;
		const nodes: ServiceNode[] = [...services.keys()].sort(collator.compare).map((svc) => {
			const containers = services.get(svc)!.sort(byName);
			return {key: serviceKey(name, svc), project: name, service: svc, containers, counts: countOf(containers)};
		});
		out.push({
			key: projectKey(name),
			name,
			standalone: false,
			services: nodes,
			loose: [],
			counts: countOf(nodes.flatMap((n) => n.containers)),
		});
	}
	if (loose.length) {
		loose.sort(byName);
		out.push({key: projectKey(STANDALONE), name: STANDALONE, standalone: true, services: [], loose, counts: countOf(loose)});
	}
	return out;
}

export type Row =
	| {kind: 'project'; key: string; depth: 0; node: ProjectNode; collapsed: boolean}
	| {kind: 'service'; key: string; depth: 1; node: ServiceNode; collapsed: boolean}
	| {kind: 'container'; key: string; depth: 1 | 2; container: ContainerRecord};

/** The tree flattened into display rows, honouring folds. */
export function flattenTree(tree: ProjectNode[], collapsed: ReadonlySet<string> | Record<string, unknown>): Row[] {
	const isFolded = (k: string) => (collapsed instanceof Set ? collapsed.has(k) : Boolean((collapsed as Record<string, unknown>)[k]));
	const rows: Row[] = [];
	for (const p of tree) {
		const pf = isFolded(p.key);
		rows.push({kind: 'project', key: p.key, depth: 0, node: p, collapsed: pf});
		if (pf) continue;
		for (const s of p.services) {
			const sf = isFolded(s.key);
			rows.push({kind: 'service', key: s.key, depth: 1, node: s, collapsed: sf});
			if (sf) continue;
			for (const c of s.containers) rows.push({kind: 'container', key: containerKey(c.id), depth: 2, container: c});
		}
		for (const c of p.loose) rows.push({kind: 'container', key: containerKey(c.id), depth: 1, container: c});
	}
	return rows;
}
