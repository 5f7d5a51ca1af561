/** The status line: one way to say something there (key handlers, the runner, the effects). */
import type {Store} from './store.js';
import type {Action, State, StatusMessage} from './types.js';

export function statusMessage(kind: StatusMessage['kind'], text: string, at: number, hint?: string): Action {
	return {type: 'ui/status', status: {kind, text, at, ...(hint ? {hint} : {})}};
}

/** Show a message in the status line (errors stay until the next key; the rest fade). */
export function setStatus(store: Pick<Store<State, Action>, 'dispatch'>, kind: StatusMessage['kind'], text: string, opts: {hint?: string | undefined; now?: () => number} = {}): void {
	store.dispatch(statusMessage(kind, text, (opts.now ?? Date.now)(), opts.hint));
}
