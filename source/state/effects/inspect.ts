/** The inspect pane's text: the container's full inspect as YAML, re-read when its record changes. */
import {stringify} from 'yaml';
import {sanitize} from '../../core/sanitize.js';
import type {Engine} from '../../engine/connection.js';
import {inspectRaw} from '../../engine/containers.js';
import type {Store} from '../store.js';
import type {Action, State} from '../types.js';

export async function loadInspect(store: Store<State, Action>, engine: Engine | null, id: string | null): Promise<void> {
	if (!id || !engine) {
		store.dispatch({type: 'inspect/set', inspect: {id, text: '', error: engine ? null : 'The engine is not connected.'}});
		return;
	}
	try {
		const raw = await inspectRaw(engine, id);
		const text = raw ? sanitize(stringify(raw, {lineWidth: 0}), {multiline: true}) : '';
		store.dispatch({type: 'inspect/set', inspect: {id, text, error: raw ? null : 'The container no longer exists.'}});
	} catch (err) {
		store.dispatch({type: 'inspect/set', inspect: {id, text: '', error: (err as Error).message}});
	}
}
