/**
 * Log streams for what the logs pane shows: a container, a service (replicas merged), a project or
 * a group. Each container starts with its last `tail` lines and follows; lines are sanitised at
 * ingestion (plain SGR colours kept), go into a bounded buffer (`perSource` lines per container,
 * dropped lines counted) and reach the store in one batch per `batchMs` (≈100 ms) as a snapshot of
 * that buffer (state/loglines.ts: nothing is copied; the view reads the lines it shows). Streams of a
 * subject no longer shown are aborted; a container that restarts is followed again from its start.
 */
import {sanitize} from '../../core/sanitize.js';
import type {Engine} from '../../engine/connection.js';
import {containerLogs, type LogLine} from '../../engine/logs.js';
import type {ContainerRecord} from '../../model/container.js';
import type {Store} from '../store.js';
import type {Action, LogLineView, State} from '../types.js';
import {LineLog} from '../loglines.js';

export interface LogOptions {
	tail?: number;
	perSource?: number;
	batchMs?: number;
	/** most containers followed at once (a big group shows its first ones, running first) */
	maxSources?: number;
}

export interface LogManager {
	/**
	 * show this subject's containers (null: nothing); idempotent for the same subject and members.
	 * `preview`: only a small preview is on screen, so batches may be slower (fewer redraws).
	 */
	show(subject: string | null, containers: ContainerRecord[], opts?: {preview?: boolean}): void;
	stop(): void;
}

interface Source {
	id: string;
	name: string;
	index: number;
	startedAt: string | null;
	ac: AbortController;
	ended: boolean;
	engine: Engine;
	/** engine time of the last line received: a stream opened again for this container starts after it */
	lastTs: string | null;
}

/** A merged view of many containers keeps at most this many lines in all (memory stays bounded). */
export const MAX_MERGED_LINES = 50_000;

export function createLogManager(store: Store<State, Action>, engine: () => Engine | null, opts: LogOptions = {}): LogManager {
	const tail = opts.tail ?? 200;
	const perSource = opts.perSource ?? 5000;
	const fastMs = opts.batchMs ?? 100;
	let batchMs = fastMs;
	const maxSources = opts.maxSources ?? 24;
	let subject: string | null = null;
	let sources = new Map<string, Source>();
	let ring = new LineLog<LogLineView>(perSource);
	let batch: LogLineView[] = [];
	let timer: NodeJS.Timeout | null = null;
	let seq = 0;
	/** the order lines are shown in: a batch is sorted by time, then numbered, so seqs ascend in the buffer */
	let shown = 0;
	let error: string | null = null;
	let total = 0;

	const publish = () => {
		timer = null;
		// a batch holds lines of several containers: merge them by timestamp before appending
		batch.sort((a, b) => (a.ts && b.ts ? (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : a.seq - b.seq) : a.seq - b.seq));
		for (const l of batch) {
			l.seq = ++shown;
			ring.push(l);
		}
		batch = [];
		store.dispatch({type: 'logs/set', logs: {subject, lines: ring.view(), dropped: ring.dropped, sources: sources.size, total, error}});
	};
	const schedule = () => {
		if (!timer) timer = setTimeout(publish, batchMs);
	};

	/** `after`: an RFC 3339 time; the engine's `since` has whole seconds, so lines up to `after` within that second are dropped here */
	async function follow(src: Source, e: Engine, after?: string) {
		const since = after ? Math.floor(Date.parse(after) / 1000) : undefined;
		const min = after ? tsKey(after) : null;
		try {
			const stream = await containerLogs(e, src.id, {signal: src.ac.signal, tail: since === undefined ? tail : undefined, since, follow: true});
			for await (const lines of stream) {
				if (src.ac.signal.aborted) return;
				for (const l of lines) {
					if (min !== null && l.ts && tsKey(l.ts) <= min) continue;
					if (l.ts) src.lastTs = l.ts;
					batch.push(view(l, src));
				}
				schedule();
			}
		} catch (err) {
			if (src.ac.signal.aborted) return;
			error = `${src.name}: ${(err as Error).message}`;
			schedule();
		} finally {
			src.ended = true;
		}
	}

	const view = (l: LogLine, src: Source): LogLineView => ({
		seq: ++seq,
		ts: l.ts,
		text: sanitize(l.text, {keepColor: true}),
		stream: l.stream,
		source: src.name,
		sourceIndex: src.index,
	});

	function stopAll() {
		for (const s of sources.values()) s.ac.abort();
		sources = new Map();
	}

	return {
		show(next, all, how = {}) {
			const e = engine();
			// a preview beside the list is glanced at, not read: one frame a second is enough for it
			batchMs = how.preview ? Math.max(fastMs, 1000) : fastMs;
			const running = all.filter((c) => c.state === 'running');
			const containers = all.length > maxSources ? [...running, ...all.filter((c) => c.state !== 'running')].slice(0, maxSources) : all;
			total = all.length;
			if (next !== subject) {
				stopAll();
				subject = next;
				ring = new LineLog(Math.min(MAX_MERGED_LINES, perSource * Math.max(1, containers.length)));
				batch = [];
				error = null;
				publish();
			}
			if (!e || !next) return;
			const wanted = new Map(containers.map((c) => [c.id, c]));
			for (const [id, s] of sources) {
				if (!wanted.has(id)) {
					s.ac.abort();
					sources.delete(id);
				}
			}
			let index = 0;
			for (const c of containers) {
				const have = sources.get(c.id);
				// a new start (the old stream ends with the old run, maybe only after this call): follow the new run
				const restarted = have && c.state === 'running' && Boolean(c.started_at) && c.started_at !== have.startedAt;
				// the engine came back (a new connection): the old stream is dead
				const reconnected = have && have.engine !== e;
				if (have && !restarted && !reconnected) {
					index++;
					continue;
				}
				have?.ac.abort();
				const src: Source = {id: c.id, name: shortName(c), index: index++, startedAt: c.started_at, ac: new AbortController(), ended: false, engine: e, lastTs: have?.lastTs ?? null};
				sources.set(c.id, src);
				// a restart or a reconnect: read on from the last line already shown, so nothing repeats
				// (a run's first lines may carry a time before its StartedAt, so that is not the bound)
				const after = have?.lastTs ?? (reconnected ? new Date().toISOString() : undefined);
				void follow(src, e, after);
			}
			// members added to the same subject: room for them too, within the merged view's bound
			ring.grow(Math.min(MAX_MERGED_LINES, perSource * sources.size));
		},
		stop() {
			stopAll();
			if (timer) clearTimeout(timer);
			timer = null;
		},
	};
}

/** A replica's name without its project prefix ("demo_worker_1" → "worker_1"): the prefix is in the title. */
export function shortName(c: Pick<ContainerRecord, 'name' | 'project'>): string {
	const p = c.project;
	if (p && (c.name.startsWith(`${p}_`) || c.name.startsWith(`${p}-`)) && c.name.length > p.length + 1) return c.name.slice(p.length + 1);
	return c.name;
}

/** An RFC 3339 time that sorts as text: the fraction padded to nanoseconds. */
export function tsKey(ts: string): string {
	return ts.replace(/(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/, (_m, frac: string | undefined, zone: string) => `.${(frac ?? '').padEnd(9, '0').slice(0, 9)}${zone}`);
}
