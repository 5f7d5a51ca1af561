import type {ContainerRecord} from '../model/container.js';
import {initialLists, initialResources, resourcesReducer, type ResourceAction} from './resources.js';
import {initialEvents, initialEventsView} from './events.js';
import {uiReducer} from './uiReducer.js';
import type {Action, LogView, State, StatsEntry} from './types.js';

/** Samples kept per container for sparklines (one a second: five minutes). */
export const HISTORY = 300;

export const initialLogView = (): LogView => ({anchor: null, search: '', hit: null, filter: '', timestamps: false, wrap: false});

export function initialState(where = ''): State {
	return {
		connection: {status: 'connecting', where, error: null, retryAt: null, attempts: 0, engine: null},
		containers: {},
		loaded: false,
		stats: {},
		statsSource: null,
		host: null,
		logs: {subject: null, lines: [], dropped: 0, sources: 0, error: null},
		inspect: {id: null, text: '', error: null},
		doctor: {subject: null, running: false, findings: [], error: null, at: null},
		doctorRuns: 0,
		view: {listRows: 0, listOffset: 0, preview: false},
		scan: null,
		resources: initialResources(),
		events: initialEvents(),
		ui: {
			pane: 'containers',
			cursor: null,
			groupCursor: null,
			portCursor: 0,
			inspectScroll: 0,
			inspectSearch: '',
			doctorCursor: 0,
			helpScroll: 0,
			subject: null,
			collapsed: {},
			help: false,
			status: null,
			messages: [],
			showMessages: false,
			mouse: false,
			filter: '',
			sort: {by: 'name', desc: false},
			marked: {},
			input: null,
			confirm: null,
			logView: initialLogView(),
			lists: initialLists(),
			eventsView: initialEventsView(),
		},
	};
}

/** A summary (from a list) does not know started_at etc.; keep what an inspect told us. */
function merge(prev: ContainerRecord | undefined, next: ContainerRecord): ContainerRecord {
	if (next.detailed || !prev?.detailed || prev.state !== next.state) return next;
	return {
		...next,
		started_at: prev.started_at,
		finished_at: prev.finished_at,
		exit_code: prev.exit_code,
		oom_killed: prev.oom_killed,
		restart_count: prev.restart_count,
		health_failing_streak: prev.health_failing_streak,
		health_last_output: prev.health_last_output,
		error: prev.error,
		detailed: true,
	};
}

/** Stats of containers that are gone go with them. */
function pruneStats(stats: State['stats'], containers: State['containers']): State['stats'] {
	if (Object.keys(stats).every((id) => id in containers)) return stats;
	return Object.fromEntries(Object.entries(stats).filter(([id]) => id in containers));
}

const push = (list: number[], v: number) => {
	const next = list.length >= HISTORY ? list.slice(list.length - HISTORY + 1) : list.slice();
	next.push(v);
	return next;
};

export function reducer(state: State, action: Action): State {
	switch (action.type) {
		case 'connection/connecting':
			return {...state, connection: {...state.connection, status: 'connecting', where: action.where, retryAt: null}};
		case 'connection/connected':
			return {...state, connection: {status: 'connected', where: action.where, error: null, retryAt: null, attempts: 0, engine: action.engine}};
		case 'connection/lost':
			return {
				...state,
				connection: {...state.connection, status: 'disconnected', where: action.where, error: action.error, retryAt: action.retryAt, attempts: state.connection.attempts + 1},
			};
		case 'containers/replace': {
			const containers: Record<string, ContainerRecord> = {};
			for (const r of action.records) containers[r.id] = merge(state.containers[r.id], r);
			return {...state, containers, stats: pruneStats(state.stats, containers), loaded: true};
		}
		case 'containers/upsert': {
			if (action.records.length === 0) return state;
			const containers = {...state.containers};
			for (const r of action.records) containers[r.id] = merge(containers[r.id], r);
			return {...state, containers};
		}
		case 'containers/remove': {
			const gone = action.ids.filter((id) => id in state.containers);
			if (gone.length === 0) return state;
			const containers = {...state.containers};
			for (const id of gone) delete containers[id];
			const marked = {...state.ui.marked};
			for (const id of gone) delete marked[id];
			return {...state, containers, stats: pruneStats(state.stats, containers), ui: {...state.ui, marked}};
		}
		case 'stats/batch': {
			const ids = Object.keys(action.samples);
			if (!ids.length) return state;
			const stats: Record<string, StatsEntry> = {...state.stats};
			for (const id of ids) {
				const s = action.samples[id]!;
				const prev = stats[id];
				stats[id] = {last: s, cpu: push(prev?.cpu ?? [], s.cpu ?? 0), mem: push(prev?.mem ?? [], s.memUsed)};
			}
			return {...state, stats};
		}
		case 'stats/drop': {
			const gone = action.ids.filter((id) => id in state.stats);
			if (!gone.length) return state;
			const stats = {...state.stats};
			for (const id of gone) delete stats[id];
			return {...state, stats};
		}
		case 'stats/source':
			return state.statsSource === action.source ? state : {...state, statsSource: action.source};
		case 'host/sample':
			return {...state, host: action.host};
		case 'logs/set':
			return {...state, logs: action.logs};
		case 'inspect/set':
			return {...state, inspect: action.inspect};
		case 'doctor/set':
			return {...state, doctor: action.doctor};
		case 'events/set':
			return {...state, events: action.events};
		case 'doctor/rerun':
			return {...state, doctorRuns: state.doctorRuns + 1};
		case 'scan/set':
			return {...state, scan: action.scan};
		case 'view/set': {
			const v = state.view;
			const n = action.view;
			return v.listRows === n.listRows && v.listOffset === n.listOffset && v.preview === n.preview ? state : {...state, view: n};
		}
		default: {
			if (action.type.startsWith('resources/') || action.type.startsWith('list/')) {
				const r = resourcesReducer(state.resources, state.ui.lists, action as ResourceAction);
				if (!r || (r.resources === state.resources && r.lists === state.ui.lists)) return state;
				return {...state, resources: r.resources, ui: r.lists === state.ui.lists ? state.ui : {...state.ui, lists: r.lists}};
			}
			const ui = uiReducer(state.ui, action);
			return ui === state.ui ? state : {...state, ui};
		}
	}
}
