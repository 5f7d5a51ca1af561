/**
 * The one effect that follows the selection: it listens to the store, derives the targets with the
 * selectors of state/follow.ts and hands them to the managers (stats, logs, inspect, doctor, host).
 * The screen never calls a manager; moving the cursor is the only thing a key does.
 *
 * Logs wait 150 ms for the cursor to rest under a list (none on the logs pane), so moving through
 * the list quickly opens no stream per row passed. Stats follow what is on screen at once: a new set
 * of visible rows (the start, a page down) is handed over immediately; only while it keeps changing
 * (a held key scrolling) do further sets wait for `statsRestMs` (100 ms) of rest, the last one wins.
 */
import {selectDoctorTarget, selectHostActive, selectInspectTarget, selectLogsTarget, selectStatsIds} from '../follow.js';
import type {Store} from '../store.js';
import type {Action, State} from '../types.js';
import type {DoctorManager} from './doctor.js';
import type {HostSampler} from './host.js';
import type {InspectManager} from './inspect.js';
import type {LogManager} from './logs.js';
import type {StatsManager} from './stats.js';

export interface Followers {
	stats?: StatsManager | undefined;
	logs?: LogManager | undefined;
	host?: HostSampler | undefined;
	inspect?: InspectManager | undefined;
	doctor?: DoctorManager | undefined;
}

export interface FollowOptions {
	/** wait for the cursor to rest before the logs preview follows it (ms) */
	logsRestMs?: number;
	statsRestMs?: number;
}

export interface Follow {
	stop(): void;
}

export function startFollow(store: Store<State, Action>, to: Followers, opts: FollowOptions = {}): Follow {
	const logsRestMs = opts.logsRestMs ?? 150;
	const statsRestMs = opts.statsRestMs ?? 100;
	let logsTimer: NodeJS.Timeout | null = null;
	let statsTimer: NodeJS.Timeout | null = null;
	/** when the stats were last handed a set (leading edge: a set after a rest goes at once) */
	let statsAt = -Infinity;
	let last: {logs?: string; stats?: string; host?: boolean; inspect?: unknown; doctorRun?: number} = {doctorRun: store.getState().doctorRuns};

	const update = () => {
		const state = store.getState();
		const conn = state.connection.status;

		if (to.logs) {
			const t = selectLogsTarget(state);
			const sig = `${conn}|${t.preview}|${t.key}|${t.members.map((c) => `${c.id}:${c.state}:${c.started_at}`).join(',')}`;
			if (sig !== last.logs) {
				last.logs = sig;
				if (logsTimer) clearTimeout(logsTimer);
				const fire = () => {
					logsTimer = null;
					// the members as they are when the cursor rests
					const now = selectLogsTarget(store.getState());
					to.logs?.show(now.key, now.members, {preview: now.preview});
				};
				logsTimer = setTimeout(fire, t.preview ? logsRestMs : 0);
			}
		}

		if (to.stats) {
			const ids = selectStatsIds(state);
			const sig = `${conn}|${ids.join(',')}`;
			if (sig !== last.stats) {
				last.stats = sig;
				if (statsTimer) clearTimeout(statsTimer);
				statsTimer = null;
				const give = () => {
					statsTimer = null;
					statsAt = Date.now();
					to.stats?.want(selectStatsIds(store.getState()));
				};
				if (Date.now() - statsAt >= statsRestMs) give();
				else statsTimer = setTimeout(give, statsRestMs);
			}
		}

		const host = selectHostActive(state);
		if (to.host && host !== last.host) {
			last.host = host;
			to.host.active(host);
		}

		if (to.inspect) {
			const target = selectInspectTarget(state);
			// the record's identity: an update of the container reads its inspect again
			const sig = state.ui.pane === 'inspect' ? [target, conn] : null;
			const prev = last.inspect as [unknown, unknown] | null | undefined;
			const changed = sig === null ? prev !== null : !prev || prev[0] !== sig[0] || prev[1] !== sig[1];
			last.inspect = sig;
			if (sig && changed) to.inspect.show(target?.id ?? null);
		}

		if (to.doctor) {
			const t = selectDoctorTarget(state);
			// a new subject, or "run again" (doctor/rerun)
			if (t && (state.doctor.subject !== t.key || t.run !== last.doctorRun)) {
				last.doctorRun = t.run;
				to.doctor.run(t.key, t.ids);
			}
		}
	};

	const unsubscribe = store.subscribe(update);
	update();
	return {
		stop() {
			unsubscribe();
			if (logsTimer) clearTimeout(logsTimer);
			if (statsTimer) clearTimeout(statsTimer);
			last = {};
		},
	};
}
