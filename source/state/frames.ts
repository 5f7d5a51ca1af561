/**
 * Fewer frames: Ink redraws the whole screen for every React render, so background updates (stats
 * batches, log batches, event refreshes, clocks) are folded into at most one notification per
 * `idleMs`, while anything the user does (a ui/* action) and the first list notify at once — and so does everything
 * for `interactiveMs` after it, so a key's effects never wait. A quiet stats batch (no value on
 * screen changed: "nothing changing") notifies nobody; the next frame reads it from the store.
 *
 * What is only glanced at — the log preview under the list, stats figures, host figures — draws at
 * most once per `glanceMs` (1 s): the preview's lines come in one batch a second and stats every
 * 2 s, so one frame carries both (a stats batch waits for the preview's next frame instead of
 * drawing one of its own). What the engine says about the containers (an event, a lost
 * connection) or what the user asked for (inspect, doctor) keeps the shorter `idleMs`.
 */
import type {Store} from './store.js';
import type {Action, PaneId, State} from './types.js';

export interface FrameOptions {
	/** background notifications at most this often (per pane: the logs pane wants more) */
	idleMs?: (state: State) => number;
	/** notifications for glanced-at updates (stats, host, the logs preview) at most this often */
	glanceMs?: (state: State) => number;
	interactiveMs?: number;
	now?: () => number;
}

/** Updates that are glanced at, not read: stats figures, host figures, log lines outside the log pane. */
const GLANCED = new Set<Action['type']>(['stats/batch', 'host/sample', 'logs/set']);

/**
 * Updates only one pane shows: elsewhere they notify nobody (the pane reads them when it opens).
 * Notifying for them would draw nothing, yet flush a frame that glanced-at updates were waiting
 * for: on an engine with other activity the events feed batches several times a second.
 */
const ONLY_ON: Partial<Record<Action['type'], PaneId>> = {'events/set': 'events'};

export const idlePeriod = (s: State): number => (s.ui.pane === 'logs' ? 250 : 500);
export const glancePeriod = (s: State): number => (s.ui.pane === 'logs' ? 250 : 1000);

export function throttleFrames(store: Store<State, Action>, opts: FrameOptions = {}): Store<State, Action> & {flush(): void} {
	const idleMs = opts.idleMs ?? idlePeriod;
	const glanceMs = opts.glanceMs ?? glancePeriod;
	const interactiveMs = opts.interactiveMs ?? 1000;
	const now = opts.now ?? Date.now;
	const listeners = new Set<() => void>();
	let lastUser = -Infinity;
	let lastNotify = -Infinity;
	let timer: NodeJS.Timeout | null = null;
	let due = Infinity;

	const notify = () => {
		if (timer) clearTimeout(timer);
		timer = null;
		due = Infinity;
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
		const s = store.getState();
		const only = action && ONLY_ON[action.type];
		if (only && s.ui.pane !== only) return;
		const t = now();
		if (t - lastUser < interactiveMs) return notify();
		const period = action && GLANCED.has(action.type) ? Math.max(idleMs(s), glanceMs(s)) : idleMs(s);
		const at = lastNotify + period;
		if (at <= t) return notify();
		// a frame already due sooner carries this update too; an update that may not wait as long brings it forward
		if (timer && due <= at) return;
		if (timer) clearTimeout(timer);
		due = at;
		timer = setTimeout(notify, at - t);
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
