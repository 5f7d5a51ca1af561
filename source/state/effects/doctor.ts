/** The doctor pane: `diagnose()` (core/doctor) for the selected container, service, project or group. */
import {diagnose} from '../../core/doctor/diagnose.js';
import type {Engine} from '../../engine/connection.js';
import type {Store} from '../store.js';
import type {Action, State} from '../types.js';

let generation = 0;

export async function runDoctor(store: Store<State, Action>, engine: Engine | null, subject: string | null, ids: string[], now: () => number = Date.now): Promise<void> {
	const gen = ++generation;
	if (!engine || !subject || ids.length === 0) {
		store.dispatch({type: 'doctor/set', doctor: {subject, running: false, findings: [], error: engine ? null : 'The engine is not connected.', at: null}});
		return;
	}
	store.dispatch({type: 'doctor/set', doctor: {...store.getState().doctor, subject, running: true, error: null}});
	try {
		const findings = await diagnose(engine, {containers: ids});
		if (gen !== generation) return;
		const rank = {error: 0, warning: 1, info: 2} as const;
		findings.sort((a, b) => rank[a.severity] - rank[b.severity] || a.container.localeCompare(b.container));
		store.dispatch({type: 'doctor/set', doctor: {subject, running: false, findings, error: null, at: now()}});
	} catch (err) {
		if (gen !== generation) return;
		store.dispatch({type: 'doctor/set', doctor: {subject, running: false, findings: [], error: (err as Error).message, at: now()}});
	}
}
