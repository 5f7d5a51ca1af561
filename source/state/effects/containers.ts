/**
 * Keeps the store's containers in step with the engine: subscribe to /events, list once, then
 * re-inspect only the containers an event named, coalesced into one refresh per burst (~100 ms).
 * When the connection drops: a banner state, reconnect with backoff, list again.
 */
import {connectEngine, containerEvents, inspectMany, listContainers, type Engine} from '../../engine/index.js';
import {EngineError, toEngineError} from '../../engine/errors.js';
import {describeTarget, resolveTarget} from '../../engine/host.js';
import type {Store} from '../store.js';
import type {Action, State} from '../types.js';

export interface SyncOptions {
	host?: string;
	/** coalescing window for event bursts */
	burstMs?: number;
	/** test hook: how to connect */
	connect?: () => Promise<Engine>;
	backoffMs?: {initial: number; max: number};
}

export interface ContainerSync {
	/** the live engine, or null while disconnected */
	engine(): Engine | null;
	/** ask for an immediate re-inspect of these ids (after an action) */
	refresh(ids: string[]): void;
	stop(): void;
}

export function startContainerSync(store: Store<State, Action>, opts: SyncOptions = {}): ContainerSync {
	const burstMs = opts.burstMs ?? 100;
	const connect = opts.connect ?? (() => connectEngine({host: opts.host}));
	const backoff = opts.backoffMs ?? {initial: 500, max: 10_000};
	const stopAll = new AbortController();
	let current: Engine | null = null;
	let dirty = new Set<string>();
	let timer: NodeJS.Timeout | null = null;
	let flushing = false;

	const schedule = () => {
		if (timer || flushing || stopAll.signal.aborted) return;
		timer = setTimeout(() => void flush(), burstMs);
	};

	async function flush() {
		timer = null;
		const engine = current;
		if (!engine || dirty.size === 0) return;
		const ids = [...dirty];
		dirty = new Set();
		flushing = true;
		try {
			const records = await inspectMany(engine, ids);
			if (stopAll.signal.aborted) return;
			const found = new Set(records.map((r) => r.id));
			store.dispatch({type: 'containers/upsert', records});
			const gone = ids.filter((id) => !found.has(id));
			if (gone.length) store.dispatch({type: 'containers/remove', ids: gone});
		} catch {
			// the connection loop notices a dead engine; keep the ids for the next try
			for (const id of ids) dirty.add(id);
		} finally {
			flushing = false;
			if (dirty.size) schedule();
		}
	}

	async function session(engine: Engine, signal: AbortSignal) {
		const events = await containerEvents(engine, signal);
		const list = await listContainers(engine, signal);
		current = engine;
		store.dispatch({type: 'containers/replace', records: list});
		store.dispatch({type: 'connection/connected', where: engine.where, engine: {version: engine.serverVersion, api: engine.apiVersion, arch: engine.arch}});
		// the details (health, ports of stopped containers …) follow in one burst of inspects, after
		// the list's first frame: started at once, they delayed that frame (a request each to set up)
		for (const r of list) dirty.add(r.id);
		schedule();
		for await (const ev of events) {
			if (ev.action === 'destroy') {
				dirty.delete(ev.id);
				store.dispatch({type: 'containers/remove', ids: [ev.id]});
			} else {
				dirty.add(ev.id);
				schedule();
			}
		}
		if (!signal.aborted) throw new EngineError('unreachable', `The Docker engine at ${engine.where} closed the connection.`, 'Waiting for it to come back; check the daemon (systemctl status docker).');
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
			for (const id of ids) dirty.add(id);
			schedule();
		},
		stop() {
			stopAll.abort();
			if (timer) clearTimeout(timer);
			current = null;
		},
	};
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
	return new Promise((resolve) => {
		const t = setTimeout(resolve, ms);
		signal.addEventListener('abort', () => {
			clearTimeout(t);
			resolve();
		}, {once: true});
	});
}
