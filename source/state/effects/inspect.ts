/** The inspect pane's text: the container's full inspect as YAML, re-read when its record changes. */
import {stringify} from 'yaml';
import {sanitize} from '../../core/sanitize.js';
import type {Engine} from '../../engine/connection.js';
import {inspectRaw} from '../../engine/containers.js';
import type {Store} from '../store.js';
import type {Action, State} from '../types.js';

export interface InspectManager {
	/** read this container's inspect (null: nothing selected); a later call wins over an earlier answer */
	show(id: string | null): void;
	stop(): void;
}

export function createInspectManager(store: Store<State, Action>, engine: () => Engine | null): InspectManager {
	let generation = 0;
	let stopped = false;
	return {
		show(id) {
			const gen = ++generation;
			const e = engine();
			if (!id || !e) {
				store.dispatch({type: 'inspect/set', inspect: {id, text: '', error: e ? null : 'The engine is not connected.'}});
				return;
			}
			const current = () => !stopped && gen === generation;
			void inspectRaw(e, id).then(
				(raw) => {
					if (!current()) return;
					const text = raw ? sanitize(stringify(raw, {lineWidth: 0}), {multiline: true}) : '';
					store.dispatch({type: 'inspect/set', inspect: {id, text, error: raw ? null : 'The container no longer exists.'}});
				},
				(err: unknown) => {
					if (current()) store.dispatch({type: 'inspect/set', inspect: {id, text: '', error: (err as Error).message}});
				},
			);
		},
		stop() {
			stopped = true;
		},
	};
}
