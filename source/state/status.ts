/** The status line: one way to say something there, clear it and let it fade (key handlers, the runner, the effects). */
import type {Store} from './store.js';
import type {Action, State, StatusMessage} from './types.js';

export function statusMessage(kind: StatusMessage['kind'], text: string, at: number, hint?: string): Action {
	return {type: 'ui/status', status: {kind, text, at, ...(hint ? {hint} : {})}};
}

/** Show a message in the status line (errors stay until the next key; the rest fade). */
export function setStatus(store: Pick<Store<State, Action>, 'dispatch'>, kind: StatusMessage['kind'], text: string, opts: {hint?: string | undefined; now?: () => number} = {}): void {
	store.dispatch(statusMessage(kind, text, (opts.now ?? Date.now)(), opts.hint));
}

/** Clear the status line — only if it still shows `only` when that is given (a newer message stays). */
export function clearStatus(store: Pick<Store<State, Action>, 'dispatch' | 'getState'>, only?: StatusMessage | null): void {
	const shown = store.getState().ui.status;
	if (!shown || (only !== undefined && shown !== only)) return;
	store.dispatch({type: 'ui/status', status: null});
}

/** A finished message (info, ok) fades after `ms`; errors stay until the next key, busy until its outcome. */
export function startStatusFade(store: Store<State, Action>, opts: {ms?: number} = {}): {stop(): void} {
	const ms = opts.ms ?? 6000;
	let timer: NodeJS.Timeout | undefined;
	let watched: StatusMessage | null = null;
	const check = () => {
		const s = store.getState().ui.status;
		if (s === watched) return;
		watched = s;
		clearTimeout(timer);
		timer = undefined;
		if (!s || s.kind === 'busy' || s.kind === 'error') return;
		timer = setTimeout(() => clearStatus(store, s), ms);
		timer.unref?.();
	};
	const unsubscribe = store.subscribe(check);
	check();
	return {
		stop() {
			unsubscribe();
			clearTimeout(timer);
		},
	};
}
