/**
 * Fewer frames: Ink redraws the whole screen for every React render, so background updates (stats
 * batches, log batches, event refreshes, clocks) are folded into at most one notification per
 * `idleMs`, while anything the user does (a ui/* action) and the first list notify at once — and so does everything
 * for `interactiveMs` after it, so a key's effects never wait. A quiet stats batch (no value on
 * screen changed: "nothing changing") notifies nobody; the next frame reads it from the store.
 */
import type {Store} from './store.js';
import type {Action, State} from './types.js';

export interface FrameOptions {
	/** background notifications at most this often (per pane: the logs pane wants more) */
	idleMs?: (state: State) => number;
	interactiveMs?: number;
	now?: () => number;
}

/**
 * How often background updates may draw, per pane. The log pane is read as it scrolls: 4 frames a
 * second. Everywhere else the background is glanced at: the preview under the list gets its lines
 * in one batch a second and stats come every 2 s, so one frame a second carries both (a stats batch
 * waits for the preview's next frame instead of drawing one of its own).
 */
export const backgroundPeriod = (s: State): number => (s.ui.pane === 'logs' ? 250 : BACKGROUND_MS);
export const BACKGROUND_MS = 1000;

export function throttleFrames(store: Store<State, Action>, opts: FrameOptions = {}): Store<State, Action> & {flush(): void} {
	const idleMs = opts.idleMs ?? backgroundPeriod;
	const interactiveMs = opts.interactiveMs ?? 1000;
	const now = opts.now ?? Date.now;
	const listeners = new Set<() => void>();
	let lastUser = -Infinity;
	let lastNotify = -Infinity;
	let timer: NodeJS.Timeout | null = null;

	const notify = () => {
		if (timer) clearTimeout(timer);
		timer = null;
		lastNotify = now();
		for (const l of [...listeners]) l();
	};
	// the first list is what the user is waiting for: never held back by the "connecting" frame
	// before it (it fell inside that frame's window and waited up to idleMs for nothing)
	let listShown = store.getState().loaded;
	store.subscribe((action) => {
		if (action?.type === 'stats/batch' && action.quiet) return;
		if (!listShown && store.getState().loaded) {
			listShown = true;
			return notify();
		}
		const t = now();
		if (t - lastUser < interactiveMs) return notify();
		if (timer) return;
		const wait = Math.max(0, lastNotify + idleMs(store.getState()) - t);
		if (wait === 0) return notify();
		timer = setTimeout(notify, wait);
	});
	return {
		getState: store.getState,
		dispatch(action) {
			if (action.type.startsWith('ui/')) lastUser = now();
			store.dispatch(action);
		},
		subscribe(l) {
			listeners.add(l);
			return () => listeners.delete(l);
		},
		flush: notify,
	};
}
