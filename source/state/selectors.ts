/** Derived views of the state (memoised on the identities they read). */
import {containerGroup, GROUPS, groupRank} from '../model/group.js';
import {byName, containerKey, findSubject as findModelSubject, parseSubject, subjectKey, subjectLabel as modelSubjectLabel, subjectMembers, type Subject} from '../model/subject.js';
import {sanitize} from '../core/sanitize.js';
import {buildTree, flattenTree, type ProjectNode, type Row} from '../core/tree.js';
import type {ContainerRecord} from '../model/container.js';
import type {State} from './types.js';
import {makeMatcher, matchesContainer} from './view/filter.js';
import {groupRows, type GroupRow} from './view/groups.js';
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

/** A subject's key parsed once per key. */
const parsed = memo((key: string | null): Subject | null => parseSubject(key));

/**
 * The containers a subject (or its key) names. Memoised on the container map and the key (the
 * screen asks on every render); do not mutate.
 */
const NONE: ContainerRecord[] = [];
export function subjectContainers(state: State, subject: string | Subject | null): ContainerRecord[] {
	if (!subject) return NONE;
	return membersOf(state.containers, typeof subject === 'string' ? subject : subjectKey(subject));
}

// one list per key while the container map stays the same (the screen and the effects ask for several keys)
let membersFor: State['containers'] | null = null;
const membersCache = new Map<string, ContainerRecord[]>();
function membersOf(containers: State['containers'], key: string): ContainerRecord[] {
	if (membersFor !== containers) {
		membersFor = containers;
		membersCache.clear();
	}
	let list = membersCache.get(key);
	if (!list) {
		if (membersCache.size > 64) membersCache.clear();
		membersCache.set(key, (list = subjectMembers(containers, parseSubject(key))));
	}
	return list;
}

/** "container web-1", "service demo/web (2)", "group core (3)": made inert (names and labels are untrusted). */
export function subjectLabel(state: State, subject: string | Subject | null): string {
	const s = typeof subject === 'string' ? parseSubject(subject) : subject;
	if (typeof subject === 'string' && !s) return sanitize(subject);
	return sanitize(modelSubjectLabel(s, state.containers, s ? subjectContainers(state, s).length : 0));
}

/** The containers an action applies to: the marked ones, else the subject's; in group order (start order). */
export function actionTargets(state: State, subject: string | Subject | null): ContainerRecord[] {
	const marked = Object.keys(state.ui.marked)
		.map((id) => state.containers[id])
		.filter((c): c is ContainerRecord => Boolean(c));
	const list = marked.length ? marked : subjectContainers(state, subject);
	return [...list].sort((a, b) => groupRank(containerGroup(a)) - groupRank(containerGroup(b)) || byName(a, b));
}

/** The first container of a subject (inspect and exec use one). */
export const subjectContainer = (state: State, subject: string | Subject | null) => subjectContainers(state, subject)[0] ?? null;

/** The key of a subject found by name (see model/subject.ts findSubject). */
export function findSubject(state: State, name: string): string | null {
	const s = findModelSubject(state.containers, name);
	return s ? subjectKey(s) : null;
}

// ── the selection ──

/**
 * The key of what is selected: the row under the cursor in the containers, groups and ports lists;
 * on the other panes the last selection of a list (else the containers list's cursor row).
 * Keys (App's views and the key handlers' actions) and the effects all read this one.
 */
export function selectSubjectKey(state: State): string | null {
	const ui = state.ui;
	switch (ui.pane) {
		case 'containers': {
			const rows = selectRows(state);
			return rows[cursorIndex(rows, ui.cursor)]?.key ?? null;
		}
		case 'groups': {
			const g = selectGroups(state);
			return g[cursorIndex(g, ui.groupCursor)]?.key ?? null;
		}
		case 'ports': {
			const p = selectPorts(state);
			const row = p[Math.min(ui.portCursor, p.length - 1)];
			return row ? containerKey(row.id) : null;
		}
		default: {
			if (ui.subject) return ui.subject;
			const rows = selectRows(state);
			return rows[cursorIndex(rows, ui.cursor)]?.key ?? null;
		}
	}
}

/** What is selected, typed. */
export const selectSubject = (state: State): Subject | null => parsed(selectSubjectKey(state));

/** The selected subject's containers. */
export const selectMembers = (state: State): ContainerRecord[] => subjectContainers(state, selectSubjectKey(state));

/** The selected subject's label (sanitised). */
export const selectSubjectLabel = (state: State): string => subjectLabel(state, selectSubject(state));

export {GROUPS};
