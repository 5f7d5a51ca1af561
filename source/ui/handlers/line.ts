/** The `:` command line: `:restart web`, `:logs db`, `:group core`, `:filter x`, `:sort cpu`, `:q`. */
import {GROUPS, isGroup} from '../../model/group.js';
import {groupKey, parseSubject} from '../../model/subject.js';
import {findSubject} from '../../state/selectors.js';
import {PANES, SORT_COLUMNS, type PaneId, type SortColumn, type State} from '../../state/types.js';
import {defaultDesc} from '../../state/view/sort.js';
import {requestAction} from './act.js';
import {status, type HandlerContext} from './context.js';

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
const VIEWS: Record<string, PaneId> = {logs: 'logs', log: 'logs', stats: 'stats', inspect: 'inspect', doctor: 'doctor', ports: 'ports', groups: 'groups', containers: 'containers', ps: 'containers'};

export const COMMAND_WORDS = ['q', 'quit', 'help', 'messages', 'group', 'filter', 'sort', ...Object.keys(ACTIONS), ...Object.keys(VIEWS)];

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
		if (!(SORT_COLUMNS as readonly string[]).includes(col)) return status(ctx, 'error', `:sort needs a column: ${SORT_COLUMNS.join(', ')}`);
		// no direction: the column's own (cpu/mem busiest first ▼, the rest ▲); asc / desc as said
		const desc = /^desc|^rev|^-/i.test(dir) ? true : /^asc|^\+/i.test(dir) ? false : defaultDesc(col as SortColumn);
		ctx.store.dispatch({type: 'ui/sort', by: col as SortColumn, desc});
		return;
	}
	if (w === 'group') {
		if (!isGroup(arg)) return status(ctx, 'error', `:group needs one of foundation, core, application, support (got "${arg}")`);
		ctx.store.dispatch({type: 'ui/groupCursor', key: groupKey(arg)});
		ctx.store.dispatch({type: 'ui/pane', pane: 'groups'});
		return;
	}
	const pane = VIEWS[w] ?? (PANES.includes(w as PaneId) ? (w as PaneId) : undefined);
	if (pane) {
		if (arg) {
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

/** Tab in the command line: complete the command word, then a name (container, service, project, group) or a sort column. */
export function completeCommandLine(text: string, state: State): string {
	const space = text.indexOf(' ');
	if (space < 0) {
		const hits = [...new Set(COMMAND_WORDS)].filter((w) => w.startsWith(text.toLowerCase()));
		if (hits.length === 1) return hits[0] + ' ';
		return commonPrefix(hits).length > text.length ? commonPrefix(hits) : text;
	}
	const word = text.slice(0, space).toLowerCase();
	const arg = text.slice(space + 1);
	let pool: string[];
	if (word === 'sort') pool = [...SORT_COLUMNS];
	else if (word === 'group') pool = [...GROUPS];
	else {
		const all = Object.values(state.containers);
		pool = [...new Set([...all.map((c) => c.name), ...all.flatMap((c) => (c.service ? [c.service] : [])), ...all.flatMap((c) => (c.project ? [c.project] : [])), ...GROUPS])];
	}
	const hits = pool.filter((p) => p.startsWith(arg)).sort();
	if (hits.length === 1) return `${text.slice(0, space + 1)}${hits[0]}`;
	const prefix = commonPrefix(hits);
	return prefix.length > arg.length ? `${text.slice(0, space + 1)}${prefix}` : text;
}
