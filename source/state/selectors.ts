/** Derived views of the state (memoised on the identities they read). */
import {GROUPS, groupRank, isGroup} from '../core/groups.js';
import {sanitize} from '../core/sanitize.js';
import {buildTree, flattenTree, type ProjectNode, type Row} from '../core/tree.js';
import type {ContainerRecord} from '../model/container.js';
import type {State} from './types.js';
import {makeMatcher, matchesContainer} from './view/filter.js';
import {containerGroup, groupRows, type GroupRow} from './view/groups.js';
import {portRows, type PortRow} from './view/ports.js';
import {sortTree} from './view/sort.js';

/** Memoise on a tuple of identities. */
function memo<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
	let last: A | null = null;
	let value: R;
	return (...args: A) => {
		if (last && last.length === args.length && last.every((a, i) => a === args[i])) return value;
		last = args;
		value = fn(...args);
		return value;
	};
}

const filtered = memo((containers: State['containers'], filter: string) => {
	const m = makeMatcher(filter);
	return Object.values(containers).filter((c) => matchesContainer(m, c));
});

const tree = memo((list: ContainerRecord[]) => buildTree(list));
const sorted = memo((t: ProjectNode[], by: State['ui']['sort']['by'], desc: boolean, stats: State['stats']) =>
	sortTree(t, by, desc, by === 'cpu' || by === 'mem' ? stats : {}),
);
// stats only matter for cpu/mem sorting: pass a constant otherwise so the memo holds
const EMPTY = {};

export function selectTree(state: State): ProjectNode[] {
	const {by, desc} = state.ui.sort;
	return sorted(tree(filtered(state.containers, state.ui.filter)), by, desc, by === 'cpu' || by === 'mem' ? state.stats : EMPTY);
}

const flat = memo((t: ProjectNode[], collapsed: State['ui']['collapsed']) => flattenTree(t, collapsed));

export function selectRows(state: State): Row[] {
	return flat(selectTree(state), state.ui.collapsed);
}

export const filterError = (state: State) => makeMatcher(state.ui.filter).error;

/** Index of the cursor in rows; falls back to 0 when the selected row vanished. */
export function cursorIndex(rows: {key: string}[], cursor: string | null): number {
	if (!cursor) return 0;
	const i = rows.findIndex((r) => r.key === cursor);
	return i < 0 ? 0 : i;
}

const groups = memo((containers: State['containers'], stats: State['stats']) => groupRows(Object.values(containers), stats));
export const selectGroups = (state: State): GroupRow[] => groups(state.containers, state.stats);

const ports = memo((containers: State['containers']) => portRows(Object.values(containers)));
export const selectPorts = (state: State): PortRow[] => ports(state.containers);

const byName = (a: ContainerRecord, b: ContainerRecord) => a.name.localeCompare(b.name, 'en', {numeric: true});

/**
 * The containers a subject key names: c:<id>, s:<project>/<service>, p:<project>, g:<group>.
 * Memoised on the container map and the key (the screen asks on every render); do not mutate.
 */
export function subjectContainers(state: State, key: string | null): ContainerRecord[] {
	return key ? membersOf(state.containers, key) : [];
}

const membersOf = memo((containers: State['containers'], key: string): ContainerRecord[] => {
	const all = Object.values(containers);
	const rest = key.slice(2);
	switch (key.slice(0, 2)) {
		case 'c:': {
			const c = containers[rest];
			return c ? [c] : [];
		}
		case 's:': {
			const slash = rest.indexOf('/');
			const p = rest.slice(0, slash);
			const s = rest.slice(slash + 1);
			return all.filter((c) => c.project === p && (c.service ?? '(no service)') === s).sort(byName);
		}
		case 'p:':
			return all.filter((c) => (rest === 'standalone' ? !c.project : c.project === rest)).sort(byName);
		case 'g:':
			return all.filter((c) => containerGroup(c) === rest).sort(byName);
	}
	return [];
});

/** "container web-1", "service demo/web (2)", "group core (3)": made inert (names and labels are untrusted). */
export function subjectLabel(state: State, key: string | null): string {
	return sanitize(rawSubjectLabel(state, key));
}

function rawSubjectLabel(state: State, key: string | null): string {
	if (!key) return 'nothing selected';
	const n = subjectContainers(state, key).length;
	const rest = key.slice(2);
	switch (key.slice(0, 2)) {
		case 'c:':
			return `container ${state.containers[rest]?.name ?? rest.slice(0, 12)}`;
		case 's:':
			return `service ${rest} (${n})`;
		case 'p:':
			return `project ${rest} (${n})`;
		case 'g:':
			return `group ${rest} (${n})`;
	}
	return key;
}

/** The containers an action applies to: the marked ones, else the subject's; in group order (start order). */
export function actionTargets(state: State, key: string | null): ContainerRecord[] {
	const marked = Object.keys(state.ui.marked)
		.map((id) => state.containers[id])
		.filter((c): c is ContainerRecord => Boolean(c));
	const list = marked.length ? marked : subjectContainers(state, key);
	return [...list].sort((a, b) => groupRank(containerGroup(a)) - groupRank(containerGroup(b)) || byName(a, b));
}

/** The first container of a subject (inspect and exec use one). */
export const subjectContainer = (state: State, key: string | null) => subjectContainers(state, key)[0] ?? null;

export function findSubject(state: State, name: string): string | null {
	const all = Object.values(state.containers);
	const exact = all.find((c) => c.name === name) ?? (/^[0-9a-f]{4,64}$/.test(name) ? all.find((c) => c.id.startsWith(name)) : undefined);
	if (exact) return `c:${exact.id}`;
	if (isGroup(name)) return `g:${name}`;
	const svc = all.find((c) => c.service === name);
	if (svc) return `s:${svc.project}/${svc.service}`;
	if (all.some((c) => c.project === name)) return `p:${name}`;
	const partial = all.filter((c) => c.name.includes(name));
	if (partial.length === 1) return `c:${partial[0]!.id}`;
	return null;
}

export {GROUPS};
