/**
 * What the live effects follow, derived from the state alone: the selection (selectors.ts
 * selectSubject) and what is on screen (state.view). One direction: a key moves a cursor (ui/*),
 * these selectors derive the targets, the follow effect (effects/follow.ts) hands them to the stats,
 * logs, inspect, doctor and host managers.
 */
import type {ContainerRecord} from '../model/container.js';
import {isStandalone, type Subject} from '../model/subject.js';
import {selectGroups, selectMembers, selectRows, selectSubject, selectSubjectKey} from './selectors.js';
import type {State} from './types.js';

/** At most this many stats streams at once (the engine answers each once a second). */
export const MAX_STATS_STREAMS = 120;

export interface LogsTarget {
	/** the subject's key; null: no logs on screen */
	key: string | null;
	members: ContainerRecord[];
	/** only the small preview under a list shows them */
	preview: boolean;
}

/**
 * The logs the screen shows: the logs pane's subject, or the preview under a list pane — but not
 * for the standalone row (its containers share nothing; the logs pane, 4, does merge them).
 */
export function selectLogsTarget(state: State): LogsTarget {
	const pane = state.ui.pane;
	const subject = selectSubject(state);
	const shown = pane === 'logs' || (state.view.preview && !isStandalone(subject));
	if (!shown) return {key: null, members: [], preview: true};
	return {key: selectSubjectKey(state), members: selectMembers(state), preview: pane !== 'logs'};
}

/** What needs a stats stream: running containers among these ids. */
export function runningOf(state: State, ids: Iterable<string>): string[] {
	const out = new Set<string>();
	for (const id of ids) if (state.containers[id]?.state === 'running') out.add(id);
	return [...out];
}

/**
 * The containers that need a stats stream, sorted: on the list, the visible rows and the totals
 * they show; on the groups pane every group's members; elsewhere what the pane shows (the subject).
 * Running ones only, at most MAX_STATS_STREAMS.
 */
export function selectStatsIds(state: State): string[] {
	const pane = state.ui.pane;
	const ids = new Set<string>(pane === 'containers' ? [] : selectMembers(state).map((c) => c.id));
	if (pane === 'containers') {
		const {listOffset, listRows} = state.view;
		for (const r of selectRows(state).slice(listOffset, listOffset + listRows)) {
			if (r.kind === 'container') ids.add(r.container.id);
			else if (r.kind === 'service') r.node.containers.forEach((c) => ids.add(c.id));
			else if (!r.node.standalone) r.node.services.flatMap((s) => s.containers).forEach((c) => ids.add(c.id));
		}
	} else if (pane === 'groups') {
		for (const g of selectGroups(state)) g.ids.forEach((id) => ids.add(id));
	}
	return runningOf(state, ids).slice(0, MAX_STATS_STREAMS).sort();
}

/** The container the inspect pane reads (the subject's first), null on other panes. */
export function selectInspectTarget(state: State): ContainerRecord | null {
	return state.ui.pane === 'inspect' ? (selectMembers(state)[0] ?? null) : null;
}

export interface DoctorTarget {
	subject: Subject | null;
	key: string | null;
	ids: string[];
	/** "run again" requests so far */
	run: number;
}

/** What the doctor pane diagnoses; null on other panes. */
export function selectDoctorTarget(state: State): DoctorTarget | null {
	if (state.ui.pane !== 'doctor') return null;
	return {subject: selectSubject(state), key: selectSubjectKey(state), ids: selectMembers(state).map((c) => c.id), run: state.doctorRuns};
}

/** The host sampler runs while the stats pane is on screen. */
export const selectHostActive = (state: State): boolean => state.ui.pane === 'stats';
