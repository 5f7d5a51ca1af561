/** What a key handler needs: the store and its state, services, and the numbers of what is on screen. */
import type {Row} from '../../core/tree.js';
import {selectSubjectKey} from '../../state/selectors.js';
import {setStatus} from '../../state/status.js';
import type {Store} from '../../state/store.js';
import type {Action, Lines, LogLineView, State} from '../../state/types.js';
import type {GroupRow} from '../../state/view/groups.js';
import type {PortRow} from '../../state/view/ports.js';
import type {KeyBinding} from '../keymap.js';
import type {Services} from '../services.js';
import type {ScreenMap} from './mouse.js';

export interface HandlerContext {
	store: Store<State, Action>;
	state: State;
	services: Services;
	bindings: KeyBinding[];
	rows: Row[];
	cursor: number;
	groups: GroupRow[];
	groupCursor: number;
	ports: PortRow[];
	/** rows a page moves in the current pane */
	page: number;
	/** the logs pane's lines after its filter */
	logLines: Lines<LogLineView>;
	logVisible: number;
	inspectLines: string[];
	/** the screen's width (inspect wraps long lines) */
	width: number;
	/** where things are on screen (mouse clicks) */
	screen: ScreenMap;
	quit(): void;
	now(): number;
}

/** The key of the subject the current pane acts on: the same selector the views and the effects follow. */
export const currentSubject = (ctx: HandlerContext): string | null => selectSubjectKey(ctx.state);

export function status(ctx: HandlerContext, kind: 'info' | 'ok' | 'error', text: string, hint?: string): void {
	setStatus(ctx.store, kind, text, {hint, now: ctx.now});
}
