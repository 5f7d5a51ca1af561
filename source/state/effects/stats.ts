/**
 * Stats streams for exactly the wanted set: `want(ids)` opens a stream for each new id and aborts
 * the ones no longer wanted. Samples are computed (core/stats.ts) as they come and handed to the
 * store in one batch per `flushMs` (2 s, the refresh period k9s uses), so a screen of 50 containers
 * re-renders once every two seconds, not on every sample (each redraw costs Ink a full frame).
 * A batch in which no value the list shows (CPU and memory as formatted) changed is marked quiet:
 * the store has it, but the screen does not redraw for it; on the stats pane every batch counts.
 * Never one-shot stats (≈1 s each on this engine): a stream's first sample has no CPU yet.
 *
 * First figures do not wait for the batch: a sample for a container whose CPU figure is not on
 * screen yet (a row just scrolled into view, the start) is handed over within `firstMs` (50 ms),
 * so a page of new rows shows its figures as soon as the source has them (the cgroup files: ≈0.3 s
 * after the stream opened; the API streams: their second sample, ≈1 s), not up to 2 s later.
 * The source in use (cgroup files or engine API) goes to the store (state.statsSource).
 */
import {formatBytes, formatPercent, toSample, type StatsSample} from '../../core/stats.js';
import type {Engine} from '../../engine/connection.js';
import {statsSource, watchStatsAuto} from '../../engine/cgroup-stats.js';
import type {watchStats} from '../../engine/stats.js';
import type {Store} from '../store.js';
import type {Action, State} from '../types.js';

export interface StatsManager {
	want(ids: Iterable<string>): void;
	/** ids with an open stream (tests, debugging) */
	open(): string[];
	stop(): void;
}

export interface StatsOptions {
	flushMs?: number;
	/** how soon a container's first figures are handed over (ms) */
	firstMs?: number;
	/** test hook */
	stream?: typeof watchStats;
}

export function createStatsManager(store: Store<State, Action>, engine: () => Engine | null, opts: StatsOptions = {}): StatsManager {
	const flushMs = opts.flushMs ?? 2000;
	const firstMs = Math.min(opts.firstMs ?? 50, flushMs);
	const watch = opts.stream ?? watchStatsAuto;
	const streams = new Map<string, {ac: AbortController; engine: Engine}>();
	let pending: Record<string, StatsSample> = {};
	let timer: NodeJS.Timeout | null = null;
	/** when the pending batch is due (epoch ms) */
	let due = 0;
	let stopped = false;
	/** what the list last drew per container: CPU and memory as formatted */
	const shown = new Map<string, string>();
	/** containers whose stream has handed a CPU figure to the store */
	const figured = new Set<string>();

	const schedule = (ms: number) => {
		const at = Date.now() + ms;
		if (timer && due <= at) return;
		if (timer) clearTimeout(timer);
		due = at;
		timer = setTimeout(flush, ms);
	};

	const flush = () => {
		timer = null;
		const samples = pending;
		pending = {};
		let changed = store.getState().ui.pane === 'stats';
		for (const [id, s] of Object.entries(samples)) {
			// a stream closed since: its late sample is not wanted
			if (!streams.has(id)) {
				delete samples[id];
				continue;
			}
			const text = `${s.cpu === null ? '' : formatPercent(s.cpu)} ${formatBytes(s.memUsed)}`;
			if (shown.get(id) !== text) changed = true;
			shown.set(id, text);
			if (s.cpu !== null) figured.add(id);
		}
		store.dispatch({type: 'stats/batch', samples, quiet: !changed});
	};

	async function follow(id: string, e: Engine, ac: AbortController) {
		try {
			await watch(e, id, ac.signal, (raw) => {
				if (ac.signal.aborted) return;
				pending[id] = toSample(raw);
				// the stats pane draws every batch and ages its sample in seconds: a batch a second there
				schedule(!figured.has(id) ? firstMs : store.getState().ui.pane === 'stats' ? Math.min(flushMs, 1000) : flushMs);
			});
		} catch {
			// the container stopped or the engine went away: the sample goes stale on screen
		} finally {
			if (streams.get(id)?.ac === ac) {
				streams.delete(id);
				shown.delete(id);
				figured.delete(id);
			}
		}
	}

	return {
		want(ids) {
			if (stopped) return;
			const e = engine();
			const wanted = new Set(e ? ids : []);
			const closed: string[] = [];
			for (const [id, s] of streams) {
				if (!wanted.has(id) || s.engine !== e) {
					s.ac.abort();
					streams.delete(id);
					shown.delete(id);
					figured.delete(id);
					closed.push(id);
				}
			}
			// a figure of a stream closed on purpose (the row left the screen) is no longer a reading: when
			// the row comes back it waits for its new stream (`wait`), it is not `stale` (stale: a stream stalled or ended)
			const old = closed.filter((id) => id in store.getState().stats);
			if (old.length) store.dispatch({type: 'stats/drop', ids: old});
			if (!e) return;
			if (!opts.stream && wanted.size) {
				const source = statsSource(e);
				if (store.getState().statsSource !== source) store.dispatch({type: 'stats/source', source});
			}
			for (const id of wanted) {
				if (streams.has(id)) continue;
				const ac = new AbortController();
				streams.set(id, {ac, engine: e});
				void follow(id, e, ac);
			}
		},
		open: () => [...streams.keys()],
		stop() {
			stopped = true;
			for (const s of streams.values()) s.ac.abort();
			streams.clear();
			if (timer) clearTimeout(timer);
		},
	};
}
