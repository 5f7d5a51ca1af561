import type {ContainerRecord} from '../engine/types.js';
import type {Action, State} from './types.js';

export function initialState(where = ''): State {
	return {
		connection: {status: 'connecting', where, error: null, retryAt: null, attempts: 0, engine: null},
		containers: {},
		loaded: false,
		ui: {cursor: null, collapsed: {}, help: false, status: null},
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
			return {...state, containers, loaded: true};
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
			return {...state, containers};
		}
		case 'ui/cursor':
			return state.ui.cursor === action.key ? state : {...state, ui: {...state.ui, cursor: action.key}};
		case 'ui/toggle': {
			const isFolded = Boolean(state.ui.collapsed[action.key]);
			const fold = action.collapsed ?? !isFolded;
			if (fold === isFolded) return state;
			const collapsed = {...state.ui.collapsed};
			if (fold) collapsed[action.key] = true;
			else delete collapsed[action.key];
			return {...state, ui: {...state.ui, collapsed}};
		}
		case 'ui/help':
			return state.ui.help === action.open ? state : {...state, ui: {...state.ui, help: action.open}};
		case 'ui/status':
			return {...state, ui: {...state.ui, status: action.status}};
	}
}
