/** A binding's id → what it does. Input routing (App) finds the binding; this runs it. */
import {containerKey, parseSubject, projectKey, serviceKey, serviceName, STANDALONE_KEY, subjectName} from '../../model/subject.js';
import {selectRows} from '../../state/selectors.js';
import {clearStatus} from '../../state/status.js';
import {PANES, SORT_COLUMNS, type InputKind} from '../../state/types.js';
import {defaultDesc} from '../../state/view/sort.js';
import {filterLines, plainText, searchHits, anchorFor, stripSgr, shortTime} from '../logView.js';
import type {BindingId} from '../keymap.js';
import {perform, requestAction} from './act.js';
import {status, type HandlerContext} from './context.js';
import {runCommandLine} from './line.js';
import {inspectHit, logHit, navigate} from './nav.js';
import {paneKind, performResource, requestResource, RESOURCE_IDS, sortResource} from './resources.js';
import {scanSelected} from './scan.js';

export type {HandlerContext} from './context.js';

const open = (ctx: HandlerContext, kind: InputKind, text = '') => ctx.store.dispatch({type: 'ui/input', input: {kind, text}});

/** What a key binding does. `id` is the binding's own (one handler may serve several). */
export type Handler = (ctx: HandlerContext, id: BindingId) => void;

// moving in the current pane (the help overlay scrolls while open)
const nav: Handler = (ctx, id) => void navigate(id, ctx);
const act: Handler = (ctx, id) => requestAction(id, ctx);
const toPane =
	(n: number): Handler =>
	(ctx) => {
		const p = PANES[n - 1];
		if (p) ctx.store.dispatch({type: 'ui/pane', pane: p});
	};
const cyclePane: Handler = (ctx, id) => {
	const i = PANES.indexOf(ctx.state.ui.pane);
	const n = PANES.length;
	ctx.store.dispatch({type: 'ui/pane', pane: PANES[(i + (id === 'pane-next' ? 1 : n - 1)) % n]!});
};

/** Every binding's handler: a binding id without one does not compile (keymap.ts BindingId). */
export const HANDLERS: Record<BindingId, Handler> = {
	help: ({store, state}) => {
		store.dispatch({type: 'ui/set', patch: {helpScroll: 0}});
		store.dispatch({type: 'ui/help', open: !state.ui.help});
	},
	'pane-next': cyclePane,
	'pane-prev': cyclePane,
	'pane-1': toPane(1),
	'pane-2': toPane(2),
	'pane-3': toPane(3),
	'pane-4': toPane(4),
	'pane-5': toPane(5),
	'pane-6': toPane(6),
	'pane-7': toPane(7),
	'pane-8': toPane(8),
	'pane-9': toPane(9),
	'pane-0': toPane(10),
	'pane-events': ({store}) => store.dispatch({type: 'ui/pane', pane: 'events'}),
	command: (ctx) => open(ctx, 'command'),
	back: (ctx) => back(ctx),
	quit: (ctx) => ctx.quit(),
	mouse: (ctx) => {
		const on = !ctx.state.ui.mouse;
		ctx.store.dispatch({type: 'ui/set', patch: {mouse: on}});
		status(ctx, 'info', on ? 'Mouse on: click tabs and rows, the wheel scrolls (m turns it off to select text).' : 'Mouse off: the terminal selects text again (m turns it on).');
	},

	down: nav,
	up: nav,
	top: nav,
	bottom: nav,
	'page-down': nav,
	'page-up': nav,

	start: act,
	stop: act,
	restart: act,
	kill: act,
	pause: act,
	remove: act,
	exec: act,
	'compose-up': act,
	'compose-down': act,
	'compose-pull': act,
	'compose-recreate': act,
	'yank-name': act,
	'yank-id': act,

	// containers
	toggle: ({store, rows, cursor}) => {
		const row = rows[cursor];
		if (!row) return;
		if (row.kind === 'container') {
			store.dispatch({type: 'ui/subject', key: row.key});
			return store.dispatch({type: 'ui/pane', pane: 'logs'});
		}
		store.dispatch({type: 'ui/toggle', key: row.key});
	},
	collapse: ({store, rows, cursor}) => {
		const row = rows[cursor];
		if (!row) return;
		if (row.kind !== 'container' && !row.collapsed) return store.dispatch({type: 'ui/toggle', key: row.key, collapsed: true});
		for (let i = cursor - 1; i >= 0; i--) if (rows[i]!.depth < row.depth) return store.dispatch({type: 'ui/cursor', key: rows[i]!.key});
	},
	expand: ({store, rows, cursor}) => {
		const row = rows[cursor];
		if (row && row.kind !== 'container') store.dispatch({type: 'ui/toggle', key: row.key, collapsed: false});
	},
	mark: ({store, rows, cursor}) => {
		const row = rows[cursor];
		if (!row) return;
		const ids =
			row.kind === 'container' ? [row.container.id] : row.kind === 'service' ? row.node.containers.map((c) => c.id) : [...row.node.services.flatMap((s) => s.containers), ...row.node.loose].map((c) => c.id);
		store.dispatch({type: 'ui/mark', ids});
		// like a file manager: marking moves on
		const next = rows[Math.min(rows.length - 1, cursor + 1)];
		if (next) store.dispatch({type: 'ui/cursor', key: next.key});
	},
	unmark: ({store}) => store.dispatch({type: 'ui/unmarkAll'}),
	filter: (ctx) => {
		const kind = paneKind(ctx);
		open(ctx, 'filter', kind ? ctx.state.ui.lists[kind].filter : '');
	},
	sort: (ctx) => {
		const kind = paneKind(ctx);
		if (kind) return sortResource(ctx, kind, false);
		const i = SORT_COLUMNS.indexOf(ctx.state.ui.sort.by);
		const by = SORT_COLUMNS[(i + 1) % SORT_COLUMNS.length]!;
		const desc = defaultDesc(by);
		ctx.store.dispatch({type: 'ui/sort', by, desc});
		status(ctx, 'info', `Sorted by ${by} ${desc ? '▼ largest first' : '▲ smallest first'} (O reverses)`);
	},
	'sort-reverse': (ctx) => {
		const kind = paneKind(ctx);
		if (kind) return sortResource(ctx, kind, true);
		ctx.store.dispatch({type: 'ui/sort', by: ctx.state.ui.sort.by, desc: !ctx.state.ui.sort.desc});
	},

	'open-group': ({store, groups, groupCursor}) => {
		const g = groups[groupCursor];
		if (!g) return;
		store.dispatch({type: 'ui/pane', pane: 'containers'});
		if (g.kind === 'project') {
			store.dispatch({type: 'ui/filter', text: ''});
			return store.dispatch({type: 'ui/cursor', key: g.key});
		}
		store.dispatch({type: 'ui/filter', text: `group:${g.name}`});
	},
	'open-port': (ctx) => {
		const {store, state, ports} = ctx;
		const p = ports[state.ui.portCursor];
		if (!p) return;
		const key = containerKey(p.id);
		const c = state.containers[p.id];
		// never land on another row: unfold its project and service, and clear a filter that hides it
		if (c?.project) {
			store.dispatch({type: 'ui/toggle', key: projectKey(c.project), collapsed: false});
			store.dispatch({type: 'ui/toggle', key: serviceKey(c.project, serviceName(c)), collapsed: false});
		} else store.dispatch({type: 'ui/toggle', key: STANDALONE_KEY, collapsed: false});
		if (state.ui.filter && !selectRows(store.getState()).some((r) => r.key === key)) {
			const was = state.ui.filter;
			store.dispatch({type: 'ui/filter', text: ''});
			status(ctx, 'info', `Filter "${was}" cleared: it hid ${c?.name ?? p.id.slice(0, 12)}.`);
		}
		store.dispatch({type: 'ui/cursor', key});
		store.dispatch({type: 'ui/pane', pane: 'containers'});
	},

	// logs
	'log-search': (ctx) => open(ctx, 'search'),
	'log-next': (ctx) => logHit(ctx, 1),
	'log-prev': (ctx) => logHit(ctx, -1),
	'log-filter': (ctx) => open(ctx, 'logfilter', ctx.state.ui.logView.filter),
	'log-timestamps': ({store, state}) => store.dispatch({type: 'ui/logView', patch: {timestamps: !state.ui.logView.timestamps}}),
	'log-wrap': ({store, state}) => store.dispatch({type: 'ui/logView', patch: {wrap: !state.ui.logView.wrap}}),
	'log-save': (ctx) => {
		const {state} = ctx;
		const s = parseSubject(state.logs.subject);
		const name = (s ? (s.kind === 'container' ? s.id : subjectName(s, state.containers)) : 'logs').replace(/[^\w.-]+/g, '_');
		open(ctx, 'save', `berth-${name}-${new Date(ctx.now()).toISOString().replace(/[:.]/g, '-').slice(0, 19)}.log`);
	},
	'log-yank': (ctx) => {
		const l = ctx.logLines.at(-1);
		if (!l) return;
		ctx.services.yank?.(plainText(l));
		status(ctx, 'ok', 'Copied the last shown line.');
	},

	// inspect
	'inspect-search': (ctx) => open(ctx, 'search'),
	'inspect-next': (ctx) => inspectHit(ctx, 1),
	'inspect-prev': (ctx) => inspectHit(ctx, -1),

	// the doctor effect (state/effects/follow.ts) runs once more for each request
	'doctor-run': ({store}) => store.dispatch({type: 'doctor/rerun'}),

	// images, volumes, networks (handlers/resources.ts)
	'image-history': (ctx, id) => requestResource(id, ctx),
	'image-remove': (ctx, id) => requestResource(id, ctx),
	'image-remove-force': (ctx, id) => requestResource(id, ctx),
	'image-prune': (ctx, id) => requestResource(id, ctx),
	'image-prune-all': (ctx, id) => requestResource(id, ctx),
	'image-pull': (ctx, id) => requestResource(id, ctx),
	'image-scan': (ctx) => scanSelected(ctx),
	'volume-create': (ctx, id) => requestResource(id, ctx),
	'volume-remove': (ctx, id) => requestResource(id, ctx),
	'volume-prune': (ctx, id) => requestResource(id, ctx),
	'network-create': (ctx, id) => requestResource(id, ctx),
	'network-remove': (ctx, id) => requestResource(id, ctx),
	'network-connect': (ctx, id) => requestResource(id, ctx),
	'network-disconnect': (ctx, id) => requestResource(id, ctx),
	'image-reload': ({store}) => store.dispatch({type: 'resources/reload', kind: 'images'}),
	'volume-reload': ({store}) => store.dispatch({type: 'resources/reload', kind: 'volumes'}),
	'network-reload': ({store}) => store.dispatch({type: 'resources/reload', kind: 'networks'}),
	'event-filter': (ctx) => open(ctx, 'eventfilter'),
	'event-health': ({store, state}) => store.dispatch({type: 'ui/eventsView', patch: {health: !state.ui.eventsView.health}}),

	'confirm-yes': (ctx) => {
		const c = ctx.state.ui.confirm;
		ctx.store.dispatch({type: 'ui/confirm', confirm: null});
		if (c && RESOURCE_IDS.has(c.binding as BindingId)) performResource(c.binding, c.ids, {...ctx, state: ctx.store.getState()});
		else if (c) perform(c.binding, c.subject, c.ids, {...ctx, state: ctx.store.getState()});
	},
	'confirm-no': (ctx) => {
		ctx.store.dispatch({type: 'ui/confirm', confirm: null});
		status(ctx, 'info', 'Cancelled.');
	},
};

export function runBinding(id: BindingId, ctx: HandlerContext): void {
	HANDLERS[id](ctx, id);
}

/**
 * Esc does the visible thing at once: close the overlay, else clear the log search / filter or the
 * list filter or marks, else go back to the containers pane. A status message goes with it (it is
 * only cleared on its own when there is nothing else to do); `:messages` keeps it.
 */
function back(ctx: HandlerContext): void {
	const {store, state} = ctx;
	const ui = state.ui;
	clearStatus(store);
	if (ui.help) return store.dispatch({type: 'ui/help', open: false});
	if (ui.showMessages) return store.dispatch({type: 'ui/set', patch: {showMessages: false}});
	if (ui.pane === 'logs' && (ui.logView.search || ui.logView.filter)) return store.dispatch({type: 'ui/logView', patch: {search: '', hit: null, filter: ''}});
	if (ui.pane === 'containers' && ui.filter) return store.dispatch({type: 'ui/filter', text: ''});
	const kind = paneKind(ctx);
	if (kind === 'images' && state.resources.history) return store.dispatch({type: 'resources/history', history: null});
	if (kind === 'images' && state.resources.pull && !state.resources.pull.running) return store.dispatch({type: 'resources/pull', pull: null});
	if (kind && ui.lists[kind].filter) return store.dispatch({type: 'list/filter', kind, text: ''});
	if (ui.pane === 'events' && ui.eventsView.filter) return store.dispatch({type: 'ui/eventsView', patch: {filter: ''}});
	if (ui.pane === 'containers' && Object.keys(ui.marked).length) return store.dispatch({type: 'ui/unmarkAll'});
	if (ui.pane !== 'containers') store.dispatch({type: 'ui/pane', pane: 'containers'});
}

/** Live effect of typing in the input line (filter and search apply as you type). */
export function inputChanged(kind: InputKind, text: string, ctx: HandlerContext): void {
	const {store, state} = ctx;
	const list = paneKind(ctx);
	if (kind === 'filter' && list) store.dispatch({type: 'list/filter', kind: list, text});
	else if (kind === 'filter') store.dispatch({type: 'ui/filter', text});
	else if (kind === 'logfilter') store.dispatch({type: 'ui/logView', patch: {filter: text}});
	else if (kind === 'eventfilter') store.dispatch({type: 'ui/eventsView', patch: {filter: text}});
	else if (kind === 'search' && state.ui.pane === 'inspect') store.dispatch({type: 'ui/set', patch: {inspectSearch: text}});
	else if (kind === 'search') {
		const lines = filterLines(state.logs.lines, state.ui.logView.filter);
		const hits = searchHits(lines, text);
		const hit = hits.at(-1) ?? null;
		store.dispatch({type: 'ui/logView', patch: {search: text, hit, anchor: hit === null ? state.ui.logView.anchor : anchorFor(lines, hit, ctx.logVisible)}});
	}
}

export function inputSubmitted(kind: InputKind, text: string, ctx: HandlerContext): void {
	ctx.store.dispatch({type: 'ui/input', input: null});
	if (kind === 'command') return runCommandLine(text, ctx);
	if (kind === 'search' && ctx.state.ui.pane === 'inspect') {
		ctx.store.dispatch({type: 'ui/set', patch: {inspectSearch: text}});
		return inspectHit({...ctx, state: ctx.store.getState()}, 1);
	}
	if (kind === 'save') return void saveLogs(text, ctx);
	inputChanged(kind, text, ctx);
}

export function inputCancelled(kind: InputKind, ctx: HandlerContext): void {
	ctx.store.dispatch({type: 'ui/input', input: null});
	const list = paneKind(ctx);
	if (kind === 'filter' && list) ctx.store.dispatch({type: 'list/filter', kind: list, text: ''});
	else if (kind === 'filter') ctx.store.dispatch({type: 'ui/filter', text: ''});
	else if (kind === 'logfilter') ctx.store.dispatch({type: 'ui/logView', patch: {filter: ''}});
	else if (kind === 'eventfilter') ctx.store.dispatch({type: 'ui/eventsView', patch: {filter: ''}});
	else if (kind === 'search' && ctx.state.ui.pane === 'inspect') ctx.store.dispatch({type: 'ui/set', patch: {inspectSearch: ''}});
	else if (kind === 'search') ctx.store.dispatch({type: 'ui/logView', patch: {search: '', hit: null}});
}

async function saveLogs(path: string, ctx: HandlerContext): Promise<void> {
	if (!path.trim()) return;
	const v = ctx.state.ui.logView;
	const merged = ctx.state.logs.sources > 1;
	const text = ctx.logLines.slice().map((l) => `${v.timestamps ? shortTime(l.ts) + ' ' : ''}${merged ? l.source + ' | ' : ''}${stripSgr(l.text)}`).join('\n') + '\n';
	if (!ctx.services.save) return status(ctx, 'error', 'Saving needs the full terminal (not available here).');
	try {
		const where = await ctx.services.save(path.trim(), text);
		status(ctx, 'ok', `Saved ${ctx.logLines.length} lines to ${where}`);
	} catch (err) {
		status(ctx, 'error', `Could not save: ${(err as Error).message}`, 'Pick a path in a directory you can write to.');
	}
}
