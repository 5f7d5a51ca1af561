/** A binding's id → what it does. Input routing (App) finds the binding; this runs it. */
import {containerKey, parseSubject, subjectName} from '../../model/subject.js';
import {PANES, SORT_COLUMNS, type InputKind} from '../../state/types.js';
import {filterLines, plainText, searchHits, anchorFor, stripSgr, shortTime} from '../logView.js';
import {defaultDesc} from '../../state/view/sort.js';
import {ACTION_IDS, perform, requestAction} from './act.js';
import {status, type CommandContext} from './context.js';
import {runCommandLine} from './line.js';
import {inspectHit, logHit, navigate} from './nav.js';

export type {CommandContext} from './context.js';

const open = (ctx: CommandContext, kind: InputKind, text = '') => ctx.store.dispatch({type: 'ui/input', input: {kind, text}});

export function runBinding(id: string, ctx: CommandContext): void {
	const {store, state} = ctx;
	const ui = state.ui;
	if (navigate(id, ctx)) return;
	if (ACTION_IDS.has(id)) return requestAction(id, ctx);
	const pane = /^pane-(\d)$/.exec(id);
	if (pane) {
		const p = PANES[Number(pane[1]) - 1];
		if (p) store.dispatch({type: 'ui/pane', pane: p});
		return;
	}
	switch (id) {
		case 'quit':
			return ctx.quit();
		case 'help':
			store.dispatch({type: 'ui/set', patch: {helpScroll: 0}});
			return store.dispatch({type: 'ui/help', open: !ui.help});
		case 'pane-next':
		case 'pane-prev': {
			const i = PANES.indexOf(ui.pane);
			const n = PANES.length;
			return store.dispatch({type: 'ui/pane', pane: PANES[(i + (id === 'pane-next' ? 1 : n - 1)) % n]!});
		}
		case 'command':
			return open(ctx, 'command');
		case 'back':
			return back(ctx);
		case 'confirm-yes': {
			const c = ui.confirm;
			store.dispatch({type: 'ui/confirm', confirm: null});
			if (c) perform(c.command, c.subject, c.ids, {...ctx, state: store.getState()});
			return;
		}
		case 'confirm-no':
			store.dispatch({type: 'ui/confirm', confirm: null});
			return status(ctx, 'info', 'Cancelled.');
		// containers
		case 'toggle': {
			const row = ctx.rows[ctx.cursor];
			if (!row) return;
			if (row.kind === 'container') {
				store.dispatch({type: 'ui/subject', key: row.key});
				return store.dispatch({type: 'ui/pane', pane: 'logs'});
			}
			return store.dispatch({type: 'ui/toggle', key: row.key});
		}
		case 'expand': {
			const row = ctx.rows[ctx.cursor];
			if (row && row.kind !== 'container') store.dispatch({type: 'ui/toggle', key: row.key, collapsed: false});
			return;
		}
		case 'collapse': {
			const row = ctx.rows[ctx.cursor];
			if (!row) return;
			if (row.kind !== 'container' && !row.collapsed) return store.dispatch({type: 'ui/toggle', key: row.key, collapsed: true});
			for (let i = ctx.cursor - 1; i >= 0; i--) if (ctx.rows[i]!.depth < row.depth) return store.dispatch({type: 'ui/cursor', key: ctx.rows[i]!.key});
			return;
		}
		case 'mark': {
			const row = ctx.rows[ctx.cursor];
			if (!row) return;
			const ids =
				row.kind === 'container' ? [row.container.id] : row.kind === 'service' ? row.node.containers.map((c) => c.id) : [...row.node.services.flatMap((s) => s.containers), ...row.node.loose].map((c) => c.id);
			store.dispatch({type: 'ui/mark', ids});
			// like a file manager: marking moves on
			const next = ctx.rows[Math.min(ctx.rows.length - 1, ctx.cursor + 1)];
			if (next) store.dispatch({type: 'ui/cursor', key: next.key});
			return;
		}
		case 'unmark':
			return store.dispatch({type: 'ui/unmarkAll'});
		case 'filter':
			return open(ctx, 'filter');
		case 'sort': {
			const i = SORT_COLUMNS.indexOf(ui.sort.by);
			const by = SORT_COLUMNS[(i + 1) % SORT_COLUMNS.length]!;
			const desc = defaultDesc(by);
			store.dispatch({type: 'ui/sort', by, desc});
			return status(ctx, 'info', `Sorted by ${by} ${desc ? '▼ largest first' : '▲ smallest first'} (O reverses)`);
		}
		case 'sort-reverse':
			return store.dispatch({type: 'ui/sort', by: ui.sort.by, desc: !ui.sort.desc});
		case 'open-group': {
			const g = ctx.groups[ctx.groupCursor];
			if (!g) return;
			store.dispatch({type: 'ui/pane', pane: 'containers'});
			if (g.kind === 'project') {
				store.dispatch({type: 'ui/filter', text: ''});
				return store.dispatch({type: 'ui/cursor', key: g.key});
			}
			return store.dispatch({type: 'ui/filter', text: `group:${g.name}`});
		}
		case 'open-port': {
			const p = ctx.ports[ui.portCursor];
			if (!p) return;
			store.dispatch({type: 'ui/cursor', key: containerKey(p.id)});
			return store.dispatch({type: 'ui/pane', pane: 'containers'});
		}
		// logs
		case 'log-search':
			return open(ctx, 'search');
		case 'log-next':
			return logHit(ctx, 1);
		case 'log-prev':
			return logHit(ctx, -1);
		case 'log-filter':
			return open(ctx, 'logfilter', ui.logView.filter);
		case 'log-timestamps':
			return store.dispatch({type: 'ui/logView', patch: {timestamps: !ui.logView.timestamps}});
		case 'log-wrap':
			return store.dispatch({type: 'ui/logView', patch: {wrap: !ui.logView.wrap}});
		case 'log-save': {
			const s = parseSubject(state.logs.subject);
			const name = (s ? (s.kind === 'container' ? s.id : subjectName(s, state.containers)) : 'logs').replace(/[^\w.-]+/g, '_');
			return open(ctx, 'save', `berth-${name}-${new Date(ctx.now()).toISOString().replace(/[:.]/g, '-').slice(0, 19)}.log`);
		}
		case 'log-yank': {
			const l = ctx.logLines.at(-1);
			if (!l) return;
			ctx.services.yank?.(plainText(l));
			return status(ctx, 'ok', 'Copied the last shown line.');
		}
		// inspect
		case 'inspect-search':
			return open(ctx, 'search');
		case 'inspect-next':
			return inspectHit(ctx, 1);
		case 'inspect-prev':
			return inspectHit(ctx, -1);
		case 'doctor-run':
			// the doctor effect (state/effects/follow.ts) runs once more for each request
			return store.dispatch({type: 'doctor/rerun'});
	}
}

/** Esc: close what is open, then clear filter / marks, then go back to the containers pane. */
function back(ctx: CommandContext): void {
	const {store, state} = ctx;
	const ui = state.ui;
	if (ui.help) return store.dispatch({type: 'ui/help', open: false});
	if (ui.status) return store.dispatch({type: 'ui/status', status: null});
	if (ui.pane === 'logs' && (ui.logView.search || ui.logView.filter)) return store.dispatch({type: 'ui/logView', patch: {search: '', hit: null, filter: ''}});
	if (ui.pane === 'containers' && ui.filter) return store.dispatch({type: 'ui/filter', text: ''});
	if (ui.pane === 'containers' && Object.keys(ui.marked).length) return store.dispatch({type: 'ui/unmarkAll'});
	if (ui.pane !== 'containers') store.dispatch({type: 'ui/pane', pane: 'containers'});
}

/** Live effect of typing in the input line (filter and search apply as you type). */
export function inputChanged(kind: InputKind, text: string, ctx: CommandContext): void {
	const {store, state} = ctx;
	if (kind === 'filter') store.dispatch({type: 'ui/filter', text});
	else if (kind === 'logfilter') store.dispatch({type: 'ui/logView', patch: {filter: text}});
	else if (kind === 'search' && state.ui.pane === 'inspect') store.dispatch({type: 'ui/set', patch: {inspectSearch: text}});
	else if (kind === 'search') {
		const lines = filterLines(state.logs.lines, state.ui.logView.filter);
		const hits = searchHits(lines, text);
		const hit = hits.at(-1) ?? null;
		store.dispatch({type: 'ui/logView', patch: {search: text, hit, anchor: hit === null ? state.ui.logView.anchor : anchorFor(lines, hit, ctx.logVisible)}});
	}
}

export function inputSubmitted(kind: InputKind, text: string, ctx: CommandContext): void {
	ctx.store.dispatch({type: 'ui/input', input: null});
	if (kind === 'command') return runCommandLine(text, ctx);
	if (kind === 'search' && ctx.state.ui.pane === 'inspect') {
		ctx.store.dispatch({type: 'ui/set', patch: {inspectSearch: text}});
		return inspectHit({...ctx, state: ctx.store.getState()}, 1);
	}
	if (kind === 'save') return void saveLogs(text, ctx);
	inputChanged(kind, text, ctx);
}

export function inputCancelled(kind: InputKind, ctx: CommandContext): void {
	ctx.store.dispatch({type: 'ui/input', input: null});
	if (kind === 'filter') ctx.store.dispatch({type: 'ui/filter', text: ''});
	else if (kind === 'logfilter') ctx.store.dispatch({type: 'ui/logView', patch: {filter: ''}});
	else if (kind === 'search' && ctx.state.ui.pane === 'inspect') ctx.store.dispatch({type: 'ui/set', patch: {inspectSearch: ''}});
	else if (kind === 'search') ctx.store.dispatch({type: 'ui/logView', patch: {search: '', hit: null}});
}

async function saveLogs(path: string, ctx: CommandContext): Promise<void> {
	if (!path.trim()) return;
	const v = ctx.state.ui.logView;
	const merged = ctx.state.logs.sources > 1;
	const text = ctx.logLines.map((l) => `${v.timestamps ? shortTime(l.ts) + ' ' : ''}${merged ? l.source + ' | ' : ''}${stripSgr(l.text)}`).join('\n') + '\n';
	if (!ctx.services.save) return status(ctx, 'error', 'Saving needs the full terminal (not available here).');
	try {
		const where = await ctx.services.save(path.trim(), text);
		status(ctx, 'ok', `Saved ${ctx.logLines.length} lines to ${where}`);
	} catch (err) {
		status(ctx, 'error', `Could not save: ${(err as Error).message}`, 'Pick a path in a directory you can write to.');
	}
}
