/** Sorting the container tree by a column: containers within their service, services and projects by aggregate. */
import {healthText, stateText} from '../../core/present.js';
import type {ProjectNode, ServiceNode} from '../../core/tree.js';
import type {ContainerRecord} from '../../model/container.js';
import type {SortColumn, StatsEntry} from '../types.js';

const collator = new Intl.Collator('en', {numeric: true, sensitivity: 'base'});
type Key = string | number;

export function sortKey(c: ContainerRecord, by: SortColumn, stats: Record<string, StatsEntry>): Key {
	switch (by) {
		case 'name':
			return c.name;
		case 'state':
			return stateText(c);
		case 'health':
			return healthText(c);
		case 'cpu':
			return stats[c.id]?.last.cpu ?? -1;
		case 'mem':
			return c.state === 'running' ? (stats[c.id]?.last.memUsed ?? -1) : -1;
		case 'ports':
			return c.ports[0]?.host_port ?? Number.MAX_SAFE_INTEGER;
		case 'image':
			return c.image;
		case 'uptime':
			// longest running first when ascending
			return c.state === 'running' && c.started_at ? Date.parse(c.started_at) : Number.MAX_SAFE_INTEGER;
	}
}

const cmp = (a: Key, b: Key) => (typeof a === 'number' && typeof b === 'number' ? a - b : collator.compare(String(a), String(b)));

function aggregate(list: ContainerRecord[], by: SortColumn, stats: Record<string, StatsEntry>, name: string): Key {
	if (by === 'name') return name;
	if (by === 'cpu' || by === 'mem') return list.reduce((s, c) => s + Math.max(0, sortKey(c, by, stats) as number), 0);
	const keys = list.map((c) => sortKey(c, by, stats)).sort(cmp);
	return keys[0] ?? '';
}

/** A sorted copy of the tree (numbers descend first for cpu/mem: the busiest on top). */
export function sortTree(tree: ProjectNode[], by: SortColumn, desc: boolean, stats: Record<string, StatsEntry>): ProjectNode[] {
	if (by === 'name' && !desc) return tree;
	const sign = (by === 'cpu' || by === 'mem' ? -1 : 1) * (desc ? -1 : 1);
	const order = <T>(items: T[], key: (t: T) => Key, name: (t: T) => string) =>
		items
			.map((t) => ({t, k: key(t), n: name(t)}))
			.sort((a, b) => sign * cmp(a.k, b.k) || collator.compare(a.n, b.n))
			.map((x) => x.t);
	const sortContainers = (list: ContainerRecord[]) => order(list, (c) => sortKey(c, by, stats), (c) => c.name);
	return order(
		tree.map((p) => {
			const services: ServiceNode[] = order(
				p.services.map((s) => ({...s, containers: sortContainers(s.containers)})),
				(s) => aggregate(s.containers, by, stats, s.service),
				(s) => s.service,
			);
			return {...p, services, loose: sortContainers(p.loose)};
		}),
		(p) => aggregate([...p.services.flatMap((s) => s.containers), ...p.loose], by, stats, p.name),
		(p) => p.name,
	);
}
