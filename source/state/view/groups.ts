/** Service groups (foundation → support) and compose projects, with counts and CPU/memory totals. */
import {containerGroup, GROUPS} from '../../model/group.js';
import {groupKey, projectKey} from '../../model/subject.js';
import {countOf, type Counts} from '../../core/tree.js';
import type {ContainerRecord} from '../../model/container.js';
import type {StatsEntry} from '../types.js';

export interface GroupRow {
	key: string;
	kind: 'group' | 'project';
	name: string;
	ids: string[];
	counts: Counts;
	/** sums over running members with a sample; null when none has one yet */
	cpu: number | null;
	mem: number | null;
}

export {containerGroup};

export function totals(list: ContainerRecord[], stats: Record<string, StatsEntry>): {cpu: number | null; mem: number | null} {
	let cpu: number | null = null;
	let mem: number | null = null;
	for (const c of list) {
		const s = stats[c.id];
		if (c.state !== 'running' || !s) continue;
		cpu = (cpu ?? 0) + (s.last.cpu ?? 0);
		mem = (mem ?? 0) + s.last.memUsed;
	}
	return {cpu, mem};
}

export function groupRows(records: ContainerRecord[], stats: Record<string, StatsEntry>): GroupRow[] {
	const rows: GroupRow[] = [];
	for (const g of GROUPS) {
		const list = records.filter((c) => containerGroup(c) === g);
		rows.push({key: groupKey(g), kind: 'group', name: g, ids: list.map((c) => c.id), counts: countOf(list), ...totals(list, stats)});
	}
	const projects = new Map<string, ContainerRecord[]>();
	for (const c of records) {
		if (!c.project) continue;
		const l = projects.get(c.project) ?? [];
		l.push(c);
		projects.set(c.project, l);
	}
	for (const name of [...projects.keys()].sort()) {
		const list = projects.get(name)!;
		rows.push({key: projectKey(name), kind: 'project', name, ids: list.map((c) => c.id), counts: countOf(list), ...totals(list, stats)});
	}
	return rows;
}
