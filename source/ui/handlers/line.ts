/** The `:` command line: `:restart web`, `:logs db`, `:group core`, `:filter x`, `:sort cpu`, `:q`. */
import {GROUPS, isGroup} from '../../model/group.js';
import {sanitize} from '../../core/sanitize.js';
import {groupKey, parseSubject} from '../../model/subject.js';
import {findSubject} from '../../state/selectors.js';
import {PANES, SORT_COLUMNS, type PaneId, type SortColumn, type State} from '../../state/types.js';
import {defaultDesc} from '../../state/view/sort.js';
import {requestAction} from './act.js';
import {status, type HandlerContext} from './context.js';
import {RESOURCE_WORDS, runResourceCommand} from './resources.js';
import {isResourceKind} from '../../state/resources.js';
import {resourceDefaultDesc, sortColumns} from '../../state/view/resources.js';

const ACTIONS: Record<string, string> = {
	start: 'start',
	up: 'start',
	stop: 'stop',
	restart: 'restart',
	kill: 'kill',
	pause: 'pause',
	unpause: 'pause',
	rm: 'remove',
	remove: 'remove',
	exec: 'exec',
	sh: 'exec',
	shell: 'exec',
	'compose-up': 'compose-up',
	'compose-down': 'compose-down',
	down: 'compose-down',
	pull: 'compose-pull',
	recreate: 'compose-recreate',
};
const VIEWS: Record<string, PaneId> = {logs: 'logs', log: 'logs', stats: 'stats', inspect: 'inspect', doctor: 'doctor', ports: 'ports', groups: 'groups', containers: 'containers', ps: 'containers', images: 'images', volumes: 'volumes', networks: 'networks', events: 'events'};

export const COMMAND_WORDS = ['q', 'quit', 'help', 'messages', 'group', 'filter', 'sort', ...Object.keys(ACTIONS), ...Object.keys(VIEWS), ...RESOURCE_WORDS];

/** Select a subject (by name) in the pane that owns it, so actions and views follow it. */
function select(ctx: HandlerContext, key: string): void {
	if (parseSubject(key)?.kind === 'group') ctx.store.dispatch({type: 'ui/groupCursor', key});
	else ctx.store.dispatch({type: 'ui/cursor', key});
}

export function runCommandLine(text: string, ctx: HandlerContext): void {
	const [word = '', ...rest] = text.trim().split(/\s+/);
	const arg = rest.join(' ');
	const w = word.toLowerCase();
	if (!w) return;
	if (w === 'q' || w === 'quit' || w === 'q!') return ctx.quit();
	if (w === 'help') {
		ctx.store.dispatch({type: 'ui/help', open: true});
		return;
	}
	if (w === 'messages' || w === 'msg' || w === 'mes') {
		ctx.store.dispatch({type: 'ui/set', patch: {showMessages: true}});
		return;
	}
	if (w === 'filter') {
		ctx.store.dispatch({type: 'ui/filter', text: arg});
		ctx.store.dispatch({type: 'ui/pane', pane: 'containers'});
		return;
	}
	if (w === 'sort') {
		const [col = '', dir = ''] = rest;
		const list = ctx.state.ui.pane;
		if (isResourceKind(list)) {
			const cols = sortColumns(list);
			if (!cols.includes(col)) return status(ctx, 'error', `:sort needs a column: ${cols.join(', ')}`);
			const desc = /^desc|^rev|^-/i.test(dir) ? true : /^asc|^\+/i.test(dir) ? false : resourceDefaultDesc(col);
			ctx.store.dispatch({type: 'list/sort', kind: list, by: col, desc});
			return;
		}
		if (!(SORT_COLUMNS as readonly string[]).includes(col)) return status(ctx, 'error', `:sort needs a column: ${SORT_COLUMNS.join(', ')}`);
		// no direction: the column's own (cpu/mem busiest first ▼, the rest ▲); asc / desc as said
		const desc = /^desc|^rev|^-/i.test(dir) ? true : /^asc|^\+/i.test(dir) ? false : defaultDesc(col as SortColumn);
		ctx.store.dispatch({type: 'ui/sort', by: col as SortColumn, desc});
		return;
	}
	if (w === 'events') {
		// `:events type:network`: the pane, filtered
		if (arg) ctx.store.dispatch({type: 'ui/eventsView', patch: {filter: arg}});
		ctx.store.dispatch({type: 'ui/pane', pane: 'events'});
		return;
	}
	if (runResourceCommand(w, rest, ctx)) return;
	if (w === 'group') {
		if (!isGroup(arg)) return status(ctx, 'error', `:group needs one of foundation, core, application, support (got "${arg}")`);
		ctx.store.dispatch({type: 'ui/groupCursor', key: groupKey(arg)});
		ctx.store.dispatch({type: 'ui/pane', pane: 'groups'});
		return;
	}
	const pane = VIEWS[w] ?? (PANES.includes(w as PaneId) ? (w as PaneId) : undefined);
	if (pane) {
		// :images ARG, :volumes ARG, :networks ARG filter that list
		if (isResourceKind(pane)) {
			if (arg) ctx.store.dispatch({type: 'list/filter', kind: pane, text: arg});
		} else if (arg) {
			const key = findSubject(ctx.state, arg);
			if (!key) return status(ctx, 'error', `No container, service, project or group named "${arg}".`);
			select(ctx, key);
		}
		ctx.store.dispatch({type: 'ui/pane', pane});
		return;
	}
	const action = ACTIONS[w];
	if (action) {
		let key: string | null = null;
		if (arg) {
			key = findSubject(ctx.state, arg);
			if (!key) return status(ctx, 'error', `No container, service, project or group named "${arg}".`, 'Names: a container name, a compose service, a project, or a group.');
			select(ctx, key);
		}
		// act on the named subject now, even though the store's cursor moves with the next render;
		// :pause only pauses and :unpause only unpauses (the p key toggles)
		requestAction(action, {...ctx, state: ctx.store.getState()}, key ?? undefined, w === 'pause' || w === 'unpause' ? w : undefined);
		return;
	}
	status(ctx, 'error', `Unknown command ":${word}".`, `Try :restart <name>, :logs <name>, :group <group>, :filter <text>, :sort <column>, :q`);
}

function commonPrefix(words: string[]): string {
	if (!words.length) return '';
	let p = words[0]!;
	for (const w of words) while (!w.startsWith(p)) p = p.slice(0, -1);
	return p;
}

/** What Tab can complete: the text before the word being completed, and the candidates for it (sorted). */
export function commandCandidates(text: string, state: State): {head: string; word: string; hits: string[]; command: boolean} {
	const space = text.indexOf(' ');
	if (space < 0) return {head: '', word: text, hits: [...new Set(COMMAND_WORDS)].filter((w) => w.startsWith(text.toLowerCase())).sort(), command: true};
	const word = text.slice(0, space).toLowerCase();
	const arg = text.slice(space + 1);
	let pool: string[];
	if (word === 'sort') pool = isResourceKind(state.ui.pane) ? sortColumns(state.ui.pane) : [...SORT_COLUMNS];
	else if (word === 'group') pool = [...GROUPS];
	else {
		const all = Object.values(state.containers);
		pool = [...new Set([...all.map((c) => c.name), ...all.flatMap((c) => (c.service ? [c.service] : [])), ...all.flatMap((c) => (c.project ? [c.project] : [])), ...GROUPS])];
	}
	return {head: text.slice(0, space + 1), word: arg, hits: pool.filter((p) => p.startsWith(arg)).sort(), command: false};
}

/** Tab in the command line, once: complete the command word, then a name (container, service, project, group) or a sort column, as far as it is unique. */
export function completeCommandLine(text: string, state: State): string {
	const {head, word, hits, command} = commandCandidates(text, state);
	if (hits.length === 1) return head + hits[0] + (command ? ' ' : '');
	const prefix = commonPrefix(hits);
	return prefix.length > word.length ? head + prefix : text;
}

/** Where repeated Tabs are: the candidates and the one shown (the command line text it produced). */
export interface TabCycle {
	head: string;
	hits: string[];
	at: number;
	shown: string;
}

/**
 * Tab as shells do: the first fills what all candidates share (and lists them); the next ones
 * cycle through the candidates. Returns the new text, the note to show, and the cycle to keep.
 */
export function tabComplete(text: string, state: State, cycle: TabCycle | null): {text: string; note?: string; cycle: TabCycle | null} {
	const list = (c: TabCycle) => {
		const items = c.hits.map((h, i) => sanitize(i === c.at ? `[${h}]` : h));
		return `${c.hits.length} matches: ${items.join(' ')}`;
	};
	if (cycle && cycle.shown === text && cycle.hits.length > 1) {
		const at = (cycle.at + 1) % cycle.hits.length;
		const next = {...cycle, at, shown: cycle.head + cycle.hits[at]};
		return {text: next.shown, note: list(next), cycle: next};
	}
	const {head, word, hits, command} = commandCandidates(text, state);
	if (!hits.length) return {text, note: 'no match', cycle: null};
	if (hits.length === 1) return {text: head + hits[0] + (command ? ' ' : ''), cycle: null};
	const prefix = commonPrefix(hits);
	if (prefix.length > word.length) {
		const c = {head, hits, at: -1, shown: head + prefix};
		return {text: c.shown, note: list(c), cycle: c};
	}
	const c = {head, hits, at: 0, shown: head + hits[0]};
	return {text: c.shown, note: list(c), cycle: c};
}
