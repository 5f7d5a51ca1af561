/**
 * Keeps the store's containers in step with the engine: list once, follow /events (from a time
 * before the list, so nothing between the two is lost), re-inspect only the containers an event
 * named, coalesced into one refresh per burst (~100 ms). When the connection drops: a banner
 * state, reconnect with backoff, list again.
 *
 * A stale answer never overwrites a newer fact:
 * - every event stamps its container with a sequence number; an inspect answer is applied only
 *   when no event for that container arrived after the inspect began (otherwise the container is
 *   dirty again and a fresh inspect follows);
 * - a destroyed id is buried: its row goes, and a tombstone (ids are never reused) keeps any late
 *   answer, list row or replayed event from bringing it back;
 * - a 404 is gone; a "removing" answer never creates a row (the destroy event follows), and a
 *   row left "removing" is checked again (1 s, then backing off) in case the removal failed;
 * - a list taken while events flow keeps, for containers an event named meanwhile, what the
 *   events said (their inspects follow).
 * When the engine contradicts the model (an action's "No such container"), `gone` drops the rows
 * and `resync` lists again.
 */
import {connectEngine, containerEventOf, engineEvents, engineNow, inspectEach, listContainers, type Engine} from '../../engine/index.js';
import {EngineError, toEngineError} from '../../engine/errors.js';
import {describeTarget, resolveTarget} from '../../engine/host.js';
import type {ContainerRecord} from '../../model/container.js';
import type {EngineEvent} from '../../model/event.js';
import type {Store} from '../store.js';
import type {Action, State} from '../types.js';

export interface SyncOptions {
	host?: string;
	/** coalescing window for event bursts */
	burstMs?: number;
	/** test hook: how to connect */
	connect?: () => Promise<Engine>;
	/** the first connection and list, already asked for (prefetchEngine) while the screen's code loaded */
	head?: Prefetched;
	backoffMs?: {initial: number; max: number};
	/** every event of the stream, of every type (the events pane): the sync's one /events stream feeds both */
	onEvent?: (e: EngineEvent) => void;
}

export interface ContainerSync {
	/** the live engine, or null while disconnected */
	engine(): Engine | null;
	/** ask for an immediate re-inspect of these ids (after an action) */
	refresh(ids: string[]): void;
	/** the engine contradicted the model: list again (what events said meanwhile is kept) */
	resync(): void;
	/** the engine says these containers do not exist (an action's 404): drop their rows for good */
	gone(ids: string[]): void;
	stop(): void;
}

/** how long a destroyed id stays buried, and how many are kept at most */
const TOMB_MS = 10 * 60_000;
const TOMB_MAX = 20_000;
/** events replayed from before the list (the engine's clock): covers the list's own latency */
const SINCE_MARGIN_MS = 1000;
/** a failed inspect burst is tried again after this */
const RETRY_MS = 1000;
const RECHECK_MS = {initial: 1000, max: 30_000};
/** how long the engine's clock is waited for before ours stands in */
const CLOCK_WAIT_MS = 2000;

/**
 * The first connect and list, asked before the dashboard's code is loaded (ui/launch.ts): the engine
 * answers while Node compiles Ink and React, instead of after. `asked` is when the list was asked
 * for: events are replayed from before it, as for any list.
 */
export interface Prefetched {
	engine: Promise<Engine>;
	list: Promise<ContainerRecord[]>;
	asked: number;
}

export function prefetchEngine(host: string | undefined): Prefetched {
	const asked = Date.now();
	const engine = connectEngine({host});
	const list = engine.then((e) => listContainers(e));
	// unused (the dashboard did not start) or failed: the sync's own connect reports and retries
	engine.catch(() => undefined);
	list.catch(() => undefined);
	return {engine, list, asked};
}

export function startContainerSync(store: Store<State, Action>, opts: SyncOptions = {}): ContainerSync {
	const burstMs = opts.burstMs ?? 100;
	const connectNew = opts.connect ?? (() => connectEngine({host: opts.host}));
	// the prefetched connection and list serve the first session only
	let head = opts.head ?? null;
	const connect = () => {
		const h = head;
		if (!h) return connectNew();
		return h.engine.catch((err: unknown) => {
			head = null; // the retry connects anew
			throw err;
		});
	};
	const backoff = opts.backoffMs ?? {initial: 500, max: 10_000};
	const stopAll = new AbortController();
	let current: Engine | null = null;
	/** the engine time (ns) of the newest event the stream handed on: a reconnect replays from it */
	let lastEventNano = 0;
	let sessionSignal: AbortSignal | null = null;
	let dirty = new Set<string>();
	let timer: NodeJS.Timeout | null = null;
	let flushing = false;
	/** events seen; touched: id → the sequence number of its latest event */
	let seq = 0;
	const touched = new Map<string, number>();
	/** destroyed ids → when (ms), oldest first */
	const tombs = new Map<string, number>();
	/** rows left "removing": when to look again */
	const rechecks = new Map<string, {timer: NodeJS.Timeout | null; delay: number}>();

	const schedule = (delay = burstMs) => {
		if (timer || flushing || stopAll.signal.aborted) return;
		timer = setTimeout(() => void flush(), delay);
	};

	const newerThan = (id: string, mark: number) => (touched.get(id) ?? 0) > mark;

	function forgetRecheck(id: string) {
		const r = rechecks.get(id);
		if (r?.timer) clearTimeout(r.timer);
		rechecks.delete(id);
	}

	/** "removing": the destroy event should follow; if it does not (a failed removal), look again. */
	function recheck(id: string) {
		const prev = rechecks.get(id);
		if (prev?.timer) return;
		const delay = prev ? Math.min(RECHECK_MS.max, prev.delay * 2) : RECHECK_MS.initial;
		const entry = {timer: null as NodeJS.Timeout | null, delay};
		entry.timer = setTimeout(() => {
			entry.timer = null;
			if (tombs.has(id) || stopAll.signal.aborted) return;
			dirty.add(id);
			schedule();
		}, delay);
		entry.timer.unref?.();
		rechecks.set(id, entry);
	}

	/** These containers no longer exist: drop their rows, and keep them from coming back. */
	function bury(ids: string[]) {
		const now = Date.now();
		for (const id of ids) {
			tombs.delete(id);
			tombs.set(id, now);
			touched.delete(id);
			dirty.delete(id);
			forgetRecheck(id);
		}
		for (const [id, at] of tombs) {
			if (tombs.size <= TOMB_MAX && now - at < TOMB_MS) break;
			tombs.delete(id);
		}
		store.dispatch({type: 'containers/remove', ids});
	}

	/** Apply inspect answers that are still the latest word on their container. */
	function apply(ids: string[], answers: Map<string, ContainerRecord | null>, mark: number) {
		const rows = store.getState().containers;
		const upserts: ContainerRecord[] = [];
		const gone: string[] = [];
		for (const id of ids) {
			if (tombs.has(id) || newerThan(id, mark)) continue; // buried, or a newer event: its own inspect follows
			const r = answers.get(id);
			if (r === undefined) continue;
			if (r === null) {
				gone.push(id);
				continue;
			}
			if (r.state === 'removing') {
				recheck(id);
				if (!(id in rows)) continue; // going: no row is created (or brought back) for it
			} else forgetRecheck(id);
			upserts.push(r);
		}
		if (upserts.length) store.dispatch({type: 'containers/upsert', records: upserts});
		if (gone.length) bury(gone);
	}

	async function flush() {
		timer = null;
		const engine = current;
		if (!engine || dirty.size === 0) return;
		const ids = [...dirty];
		dirty = new Set();
		const mark = seq;
		flushing = true;
		let retry = 0;
		try {
			const answers = await inspectEach(engine, ids, 8, sessionSignal ?? stopAll.signal);
			// a new session listed again: these answers may be older than its list
			if (stopAll.signal.aborted || engine !== current) return;
			apply(ids, answers, mark);
		} catch {
			// the connection loop notices a dead engine; keep the ids for the next try
			for (const id of ids) if (!tombs.has(id)) dirty.add(id);
			retry = RETRY_MS;
		} finally {
			flushing = false;
			if (dirty.size) schedule(retry || burstMs);
		}
	}

	/**
	 * List, and replace the model with it. Rows of containers an event named while the list was
	 * under way keep what the model has (their inspects follow); buried ids stay out. `details`:
	 * inspect every row afterwards (a new session), else only rows the list alone describes.
	 */
	async function relist(engine: Engine, signal: AbortSignal, details: boolean, listed?: Promise<ContainerRecord[]>) {
		const mark = seq;
		const list = await (listed ?? listContainers(engine, signal));
		if (signal.aborted) return;
		const prev = store.getState().containers;
		const records: ContainerRecord[] = [];
		const seen = new Set<string>();
		for (const r of list) {
			if (tombs.has(r.id)) continue;
			seen.add(r.id);
			const kept = newerThan(r.id, mark) ? prev[r.id] : undefined;
			records.push(kept ?? r);
			if (r.state === 'removing') recheck(r.id);
		}
		for (const [id, c] of Object.entries(prev)) {
			if (seen.has(id)) continue;
			if (newerThan(id, mark)) records.push(c);
			else touched.delete(id);
		}
		store.dispatch({type: 'containers/replace', records});
		const now = store.getState().containers;
		for (const r of records) if (details || !now[r.id]?.detailed) dirty.add(r.id);
		schedule();
	}

	async function session(engine: Engine, signal: AbortSignal) {
		const pre = head;
		head = null;
		// the engine's clock (a remote one may differ from ours), asked beside the list
		const clockAsked = Date.now();
		const asked = pre?.asked ?? clockAsked;
		// (bounded: /info can be slow on an engine with a broken plugin; then our clock stands in)
		const offset = Promise.race([engineNow(engine, signal), sleep(CLOCK_WAIT_MS, signal).then(() => null)]).then((t) => (t === null ? 0 : t - (clockAsked + Date.now()) / 2));
		await relist(engine, signal, true, pre?.list);
		if (signal.aborted) return;
		current = engine;
		sessionSignal = signal;
		store.dispatch({type: 'connection/connected', where: engine.where, engine: {version: engine.serverVersion, api: engine.apiVersion, arch: engine.arch}});
		// the details (health, ports of stopped containers …) follow in one burst of inspects, after
		// the list's first frame: started at once, they delayed that frame (a request each to set up)
		// … and from the newest event the last stream handed on, when that is older (a reconnect): the
		// events of the outage reach the events pane too (the engine replays what it still holds)
		const fromList = Math.floor((asked + (await offset) - SINCE_MARGIN_MS) / 1000);
		const since = lastEventNano ? Math.min(fromList, Math.floor(lastEventNano / 1e9)) : fromList;
		// one stream for the dashboard: every type (the events pane shows them), the containers' here
		const events = await engineEvents(engine, {since}, signal);
		for await (const e of events) {
			if (e.time_nano > lastEventNano) lastEventNano = e.time_nano;
			opts.onEvent?.(e);
			const ev = containerEventOf(e);
			if (!ev) continue;
			touched.set(ev.id, ++seq);
			if (tombs.has(ev.id)) continue; // replayed, or late: it stays buried
			if (ev.action === 'destroy') bury([ev.id]);
			else {
				dirty.add(ev.id);
				schedule();
			}
		}
		if (!signal.aborted) throw new EngineError('unreachable', `The Docker engine at ${engine.where} closed the connection.`, 'Waiting for it to come back; check the daemon (systemctl status docker).');
	}

	let relisting = false;
	let relistAgain = false;
	function resync() {
		const engine = current;
		const signal = sessionSignal;
		if (!engine || !signal || signal.aborted) return; // a reconnect lists anyway
		if (relisting) {
			relistAgain = true;
			return;
		}
		relisting = true;
		relist(engine, signal, false)
			.catch(() => undefined) // the connection loop notices a dead engine
			.finally(() => {
				relisting = false;
				if (relistAgain) {
					relistAgain = false;
					resync();
				}
			});
	}

	void (async () => {
		let delay = backoff.initial;
		let where = '';
		try {
			where = describeTarget(resolveTarget(opts.host));
		} catch {
			// connect() reports a bad context/host itself
		}
		while (!stopAll.signal.aborted) {
			const ac = new AbortController();
			const onStop = () => ac.abort();
			stopAll.signal.addEventListener('abort', onStop, {once: true});
			try {
				store.dispatch({type: 'connection/connecting', where});
				const engine = await connect();
				where = engine.where;
				delay = backoff.initial;
				await session(engine, ac.signal);
			} catch (err) {
				if (stopAll.signal.aborted) break;
				const e = toEngineError(err, where || 'the Docker engine');
				current = null;
				sessionSignal = null;
				store.dispatch({type: 'connection/lost', where, error: {code: e.code, message: e.message, hint: e.hint}, retryAt: Date.now() + delay});
				await sleep(delay, stopAll.signal);
				delay = Math.min(backoff.max, delay * 2);
			} finally {
				ac.abort();
				stopAll.signal.removeEventListener('abort', onStop);
			}
		}
	})();

	return {
		engine: () => current,
		refresh(ids) {
			for (const id of ids) if (!tombs.has(id)) dirty.add(id);
			schedule();
		},
		resync,
		gone(ids) {
			if (ids.length) bury(ids);
		},
		stop() {
			stopAll.abort();
			if (timer) clearTimeout(timer);
			for (const id of [...rechecks.keys()]) forgetRecheck(id);
			current = null;
		},
	};
}

/** Wait ms, or less when the signal aborts; the abort listener goes with the wait (a retry loop sleeps without end). */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
	return new Promise((resolve) => {
		const done = () => {
			clearTimeout(t);
			signal.removeEventListener('abort', done);
			resolve();
		};
		const t = setTimeout(done, ms);
		signal.addEventListener('abort', done, {once: true});
	});
}
