/** Derived views of the state (memoised on the containers object identity). */
import {buildTree, flattenTree, type ProjectNode, type Row} from '../core/tree.js';
import type {State} from './types.js';

let lastContainers: State['containers'] | null = null;
let lastTree: ProjectNode[] = [];

export function selectTree(state: State): ProjectNode[] {
	if (state.containers !== lastContainers) {
		lastContainers = state.containers;
		lastTree = buildTree(Object.values(state.containers));
	}
	return lastTree;
}

export function selectRows(state: State): Row[] {
	return flattenTree(selectTree(state), state.ui.collapsed);
}

/** Index of the cursor in rows; falls back to 0 when the selected row vanished. */
export function cursorIndex(rows: Row[], cursor: string | null): number {
	if (!cursor) return 0;
	const i = rows.findIndex((r) => r.key === cursor);
	return i < 0 ? 0 : i;
}
