import {createContext, useContext, useSyncExternalStore} from 'react';
import type {Store} from '../../state/store.js';
import type {Action, State} from '../../state/types.js';

export const StoreContext = createContext<Store<State, Action> | null>(null);

export function useStore(): Store<State, Action> {
	const s = useContext(StoreContext);
	if (!s) throw new Error('StoreContext missing');
	return s;
}

export function useAppState<T>(select: (s: State) => T): T {
	const store = useStore();
	return useSyncExternalStore(store.subscribe, () => select(store.getState()));
}
