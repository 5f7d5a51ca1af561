/** The part of the reducer that only touches ui state (selection, panes, dialogs, log view). */
import type {Action, UiState} from './types.js';

/** How many status messages `:messages` keeps. */
export const MESSAGES_KEPT = 100;

/** A new subject: a log search typed for the old one does not carry over (it belongs to its subject). */
function withSubject(ui: UiState, next: UiState): UiState {
	if (next.subject === ui.subject || !ui.logView.search) return next;
	return {...next, logView: {...next.logView, search: '', hit: null}};
}

export function uiReducer(ui: UiState, action: Action): UiState {
	switch (action.type) {
		case 'ui/cursor':
			return ui.cursor === action.key && ui.subject === action.key ? ui : withSubject(ui, {...ui, cursor: action.key, subject: action.key});
		case 'ui/groupCursor':
			return ui.groupCursor === action.key && ui.subject === action.key ? ui : withSubject(ui, {...ui, groupCursor: action.key, subject: action.key});
		case 'ui/subject':
			return ui.subject === action.key ? ui : withSubject(ui, {...ui, subject: action.key});
		case 'ui/pane':
			return ui.pane === action.pane ? ui : {...ui, pane: action.pane, help: false, showMessages: false};
		case 'ui/toggle': {
			const isFolded = Boolean(ui.collapsed[action.key]);
			const fold = action.collapsed ?? !isFolded;
			if (fold === isFolded) return ui;
			const collapsed = {...ui.collapsed};
			if (fold) collapsed[action.key] = true;
			else delete collapsed[action.key];
			return {...ui, collapsed};
		}
		case 'ui/help':
			return ui.help === action.open ? ui : {...ui, help: action.open};
		case 'ui/status': {
			const s = action.status;
			// busy spinners are progress, not messages; the same message again is kept once
			const last = ui.messages.at(-1);
			const keep = s && s.kind !== 'busy' && !(last && last.text === s.text && last.hint === s.hint && last.at === s.at);
			return {...ui, status: s, ...(keep ? {messages: [...ui.messages.slice(-(MESSAGES_KEPT - 1)), s]} : {})};
		}
		case 'ui/filter':
			return ui.filter === action.text ? ui : {...ui, filter: action.text};
		case 'ui/sort':
			return {...ui, sort: {by: action.by, desc: action.desc}};
		case 'ui/mark': {
			const marked = {...ui.marked};
			const on = action.on ?? !action.ids.every((id) => marked[id]);
			for (const id of action.ids) {
				if (on) marked[id] = true;
				else delete marked[id];
			}
			return {...ui, marked};
		}
		case 'ui/unmarkAll':
			return Object.keys(ui.marked).length ? {...ui, marked: {}} : ui;
		case 'ui/input':
			return {...ui, input: action.input};
		case 'ui/confirm':
			return {...ui, confirm: action.confirm};
		case 'ui/logView':
			return {...ui, logView: {...ui.logView, ...action.patch}};
		case 'ui/eventsView':
			return {...ui, eventsView: {...ui.eventsView, ...action.patch}};
		case 'ui/set':
			return {...ui, ...action.patch};
		default:
			return ui;
	}
}
