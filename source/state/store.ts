/** One store: getState / dispatch / subscribe, for a reducer. Listeners hear which action changed the state. */
export interface Store<S, A> {
	getState(): S;
	dispatch(action: A): void;
	subscribe(listener: (action?: A) => void): () => void;
}

export function createStore<S, A>(reducer: (s: S, a: A) => S, initial: S): Store<S, A> {
	let state = initial;
	const listeners = new Set<(action?: A) => void>();
	return {
		getState: () => state,
		dispatch(action) {
			const next = reducer(state, action);
			if (next === state) return;
			state = next;
			for (const l of [...listeners]) l(action);
		},
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
	};
}
