/** The doctor pane: `diagnose()` (core/doctor) for the selected container, service, project or group. */
import {diagnose} from '../../core/doctor/diagnose.js';
import type {Engine} from '../../engine/connection.js';
import type {Store} from '../store.js';
import type {Action, State} from '../types.js';

export interface DoctorManager {
	/** diagnose these containers (the subject's); a later call wins over an earlier answer */
	run(subject: string | null, ids: string[]): void;
	stop(): void;
}

export function createDoctorManager(store: Store<State, Action>, engine: () => Engine | null, now: () => number = Date.now): DoctorManager {
	let generation = 0;
	let stopped = false;
	return {
		run(subject, ids) {
			const gen = ++generation;
			const e = engine();
			if (!e || !subject || ids.length === 0) {
				store.dispatch({type: 'doctor/set', doctor: {subject, running: false, findings: [], error: e ? null : 'The engine is not connected.', at: null}});
				return;
			}
			store.dispatch({type: 'doctor/set', doctor: {...store.getState().doctor, subject, running: true, error: null}});
			const current = () => !stopped && gen === generation;
			void diagnose(e, {containers: ids}).then(
				(findings) => {
					if (!current()) return;
					const rank = {error: 0, warning: 1, info: 2} as const;
					findings.sort((a, b) => rank[a.severity] - rank[b.severity] || a.container.localeCompare(b.container));
					store.dispatch({type: 'doctor/set', doctor: {subject, running: false, findings, error: null, at: now()}});
				},
				(err: unknown) => {
					if (current()) store.dispatch({type: 'doctor/set', doctor: {subject, running: false, findings: [], error: (err as Error).message, at: now()}});
				},
			);
		},
		stop() {
			stopped = true;
		},
	};
}
