/** Moving in the current pane: the tree, the groups and ports lists, log and inspect scrolling, help. */
import {containerKey} from '../../model/subject.js';
import {selectEventRows} from '../../state/events.js';
import type {Lines} from '../../state/types.js';
import {anchorFor, moveAnchor, searchHits} from '../logView.js';
import {inspectHits, inspectMaxTop} from '../panes/InspectPane.js';
import type {HandlerContext} from './context.js';
import {navigateResource} from './resources.js';

const clamp = (i: number, n: number) => Math.max(0, Math.min(n - 1, i));

function delta(id: string, page: number, size: number, at: number): number | null {
	switch (id) {
		case 'down':
			return at + 1;
		case 'up':
			return at - 1;
		case 'top':
			return 0;
		case 'bottom':
			return size - 1;
		case 'page-down':
			return at + page;
		case 'page-up':
			return at - page;
	}
	return null;
}

export function navigate(id: string, ctx: HandlerContext): boolean {
	const {store, state} = ctx;
	const ui = state.ui;
	if (ui.help) {
		const next = delta(id, ctx.page, 1000, ui.helpScroll);
		if (next === null) return false;
		store.dispatch({type: 'ui/set', patch: {helpScroll: Math.max(0, next)}});
		return true;
	}
	switch (ui.pane) {
		case 'images':
		case 'volumes':
		case 'networks':
			return navigateResource(id, ctx, ui.pane);
		case 'containers': {
			const next = delta(id, ctx.page, ctx.rows.length, ctx.cursor);
			if (next === null || !ctx.rows.length) return next !== null;
			store.dispatch({type: 'ui/cursor', key: ctx.rows[clamp(next, ctx.rows.length)]!.key});
			return true;
		}
		case 'groups': {
			const next = delta(id, ctx.page, ctx.groups.length, ctx.groupCursor);
			if (next === null || !ctx.groups.length) return next !== null;
			store.dispatch({type: 'ui/groupCursor', key: ctx.groups[clamp(next, ctx.groups.length)]!.key});
			return true;
		}
		case 'ports': {
			const next = delta(id, ctx.page, ctx.ports.length, ui.portCursor);
			if (next === null) return false;
			const at = clamp(next, Math.max(1, ctx.ports.length));
			store.dispatch({type: 'ui/set', patch: {portCursor: at}});
			// the port's container is the selection the other panes show next
			const p = ctx.ports[at];
			if (p) store.dispatch({type: 'ui/subject', key: containerKey(p.id)});
			return true;
		}
		case 'doctor': {
			const n = state.doctor.findings.length;
			const next = delta(id, ctx.page, n, ui.doctorCursor);
			if (next === null) return false;
			store.dispatch({type: 'ui/set', patch: {doctorCursor: clamp(next, Math.max(1, n))}});
			return true;
		}
		case 'inspect': {
			const n = ctx.inspectLines.length;
			const next = delta(id, ctx.page, n, ui.inspectScroll);
			if (next === null) return false;
			// long lines wrap: the last screenful starts where the pane says
			store.dispatch({type: 'ui/set', patch: {inspectScroll: clamp(next, inspectMaxTop(ctx.inspectLines, ctx.width, ctx.page + 1) + 1)}});
			return true;
		}
		case 'logs': {
			const anchor = scrolled(id, ctx.logLines, ui.logView.anchor, ctx);
			if (anchor === undefined) return false;
			store.dispatch({type: 'ui/logView', patch: {anchor}});
			return true;
		}
		case 'events': {
			const anchor = scrolled(id, selectEventRows(state), ui.eventsView.anchor, ctx);
			if (anchor === undefined) return false;
			store.dispatch({type: 'ui/eventsView', patch: {anchor}});
			return true;
		}
	}
	return false;
}

/** A following view (logs, events) moved by a key: the new anchor (null: follow the newest), undefined: not a move. */
function scrolled(id: string, lines: Lines<{seq: number}>, anchor: number | null, ctx: HandlerContext): number | null | undefined {
	if (id === 'bottom') return null;
	if (id === 'top') return lines.length ? moveAnchor(lines, anchor, -lines.length, ctx.logVisible) : null;
	const step = {down: 1, up: -1, 'page-down': ctx.page, 'page-up': -ctx.page}[id];
	return step === undefined ? undefined : moveAnchor(lines, anchor, step, ctx.logVisible);
}

/** n / N in logs: the next older (n) or newer (N) line that matches the search, scrolled into view. */
export function logHit(ctx: HandlerContext, dir: 1 | -1): void {
	const v = ctx.state.ui.logView;
	const lines = ctx.logLines;
	if (!v.search) return;
	const hits = searchHits(lines, v.search);
	if (!hits.length) return;
	const cur = v.hit ?? Number.MAX_SAFE_INTEGER;
	const next = dir === 1 ? ([...hits].reverse().find((s) => s < cur) ?? hits.at(-1)!) : (hits.find((s) => s > cur) ?? hits[0]!);
	ctx.store.dispatch({type: 'ui/logView', patch: {hit: next, anchor: anchorFor(lines, next, ctx.logVisible)}});
}

export function inspectHit(ctx: HandlerContext, dir: 1 | -1): void {
	const hits = inspectHits(ctx.inspectLines, ctx.state.ui.inspectSearch);
	if (!hits.length) return;
	const cur = ctx.state.ui.inspectScroll + 1;
	const next = dir === 1 ? (hits.find((h) => h > cur) ?? hits[0]!) : ([...hits].reverse().find((h) => h < cur - 1) ?? hits.at(-1)!);
	ctx.store.dispatch({type: 'ui/set', patch: {inspectScroll: Math.max(0, next - 1)}});
}
