/** What the container-list keys do to the store (kept apart from rendering, testable alone). */
import type {Row} from '../core/tree.js';
import type {Store} from '../state/store.js';
import type {Action, State} from '../state/types.js';

export function handleListKey(id: string, rows: Row[], cursor: number, store: Store<State, Action>, page: number): void {
	const go = (i: number) => {
		if (rows.length === 0) return;
		const j = Math.max(0, Math.min(rows.length - 1, i));
		store.dispatch({type: 'ui/cursor', key: rows[j]!.key});
	};
	const row = rows[cursor];
	switch (id) {
		case 'down':
			return go(cursor + 1);
		case 'up':
			return go(cursor - 1);
		case 'top':
			return go(0);
		case 'bottom':
			return go(rows.length - 1);
		case 'page-down':
			return go(cursor + page);
		case 'page-up':
			return go(cursor - page);
		case 'toggle':
			if (row && row.kind !== 'container') store.dispatch({type: 'ui/toggle', key: row.key});
			return;
		case 'expand':
			if (row && row.kind !== 'container') store.dispatch({type: 'ui/toggle', key: row.key, collapsed: false});
			return;
		case 'collapse': {
			if (!row) return;
			if (row.kind !== 'container' && !row.collapsed) {
				store.dispatch({type: 'ui/toggle', key: row.key, collapsed: true});
				return;
			}
			// go to the parent row
			for (let i = cursor - 1; i >= 0; i--) {
				if (rows[i]!.depth < row.depth) return go(i);
			}
			return;
		}
	}
}
