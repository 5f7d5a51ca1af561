/**
 * Sorting the container tree by a column: containers within their service, services and projects
 * by aggregate.
 *
 * One rule for every column, the one the header's arrow states: ▲ (ascending, `desc: false`) puts
 * the smallest value of the column first — A before Z, 0 % CPU before 90 %, the lowest port, the
 * shortest uptime; ▼ (descending) the largest first. A row without a value in that column (no
 * stats sample, not running, no published port, no healthcheck) comes last either way. Ties go by
 * name, A first. A service or project sorts by its containers' sum for CPU and memory, else by the
 * value of its first container in the chosen order.
 *
 * A column's default direction (`o`, `:sort COL` without asc/desc) is defaultDesc(col): CPU and
 * memory start descending (the busiest on top, ▼), every other column ascending (▲).
 */
import {healthText, stateText} from '../../core/present.js';
import type {ProjectNode, ServiceNode} from '../../core/tree.js';
import type {ContainerRecord} from '../../model/container.js';
import type {SortColumn, StatsEntry} from '../types.js';

const collator = new Intl.Collator('en', {numeric: true, sensitivity: 'base'});
/** null: the row has no value in this column */
type Key = string | number | null;

/** The direction `o` and `:sort COL` start with for a column. */
export const defaultDesc = (by: SortColumn): boolean => by === 'cpu' || by === 'mem';

/** The column's value for a container, as the column shows it (null when it shows none). */
export function sortKey(c: ContainerRecord, by: SortColumn, stats: Record<string, StatsEntry>): Key {
	switch (by) {
		case 'name':
			return c.name;
		case 'state':
			return stateText(c);
		case 'health':
			return c.health === 'none' ? null : healthText(c);
		case 'cpu':
			return c.state === 'running' ? (stats[c.id]?.last.cpu ?? null) : null;
		case 'mem':
			return c.state === 'running' ? (stats[c.id]?.last.memUsed ?? null) : null;
		case 'ports':
			return c.ports.find((p) => p.host_port)?.host_port ?? null;
		case 'image':
			return c.image || null;
		case 'uptime': {
			// uptime = now − started: a later start is a shorter uptime (no clock needed to order)
			const t = c.state === 'running' && c.started_at ? Date.parse(c.started_at) : NaN;
			return Number.isFinite(t) ? -t : null;
		}
	}
}

const cmpValue = (a: string | number, b: string | number) => (typeof a === 'number' && typeof b === 'number' ? a - b : collator.compare(String(a), String(b)));

/** Compare two keys in a direction: missing values last both ways. */
function cmpKeys(a: Key, b: Key, desc: boolean): number {
	if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
	return (desc ? -1 : 1) * cmpValue(a, b);
}

function aggregate(list: ContainerRecord[], by: SortColumn, desc: boolean, stats: Record<string, StatsEntry>, name: string): Key {
	if (by === 'name') return name;
	const keys = list.map((c) => sortKey(c, by, stats));
	if (by === 'cpu' || by === 'mem') {
		const present = keys.filter((k): k is number => typeof k === 'number');
		return present.length ? present.reduce((s, k) => s + k, 0) : null;
	}
	return keys.sort((a, b) => cmpKeys(a, b, desc))[0] ?? null;
}

/** A sorted copy of the tree. */
export function sortTree(tree: ProjectNode[], by: SortColumn, desc: boolean, stats: Record<string, StatsEntry>): ProjectNode[] {
	if (by === 'name' && !desc) return tree;
	const order = <T>(items: T[], key: (t: T) => Key, name: (t: T) => string) =>
		items
			.map((t) => ({t, k: key(t), n: name(t)}))
			.sort((a, b) => cmpKeys(a.k, b.k, desc) || collator.compare(a.n, b.n))
			.map((x) => x.t);
	const sortContainers = (list: ContainerRecord[]) => order(list, (c) => sortKey(c, by, stats), (c) => c.name);
	return order(
		tree.map((p) => {
			const services: ServiceNode[] = order(
				p.services.map((s) => ({...s, containers: sortContainers(s.containers)})),
				(s) => aggregate(s.containers, by, desc, stats, s.service),
				(s) => s.service,
			);
			return {...p, services, loose: sortContainers(p.loose)};
		}),
		(p) => aggregate([...p.services.flatMap((s) => s.containers), ...p.loose], by, desc, stats, p.name),
		(p) => p.name,
	);
}
