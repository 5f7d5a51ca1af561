/**
 * Images, volumes and networks for their panes: the list of the pane that is shown is loaded when it
 * is shown and again on the engine's events about it (image, volume, network, and container
 * create/destroy/rename, which change "used by"), coalesced into one reload per burst. No polling.
 *
 * The events come from the container sync's one /events stream (`push`, wired in effects/index.ts):
 * the dashboard opens no second stream. A manager used on its own (`fed: false`) opens a stream of
 * its own while one of the three panes is shown, and aborts it when none is.
 *
 * The changes (remove, prune, pull, create, connect …: resource-changes.ts) run the engine calls
 * the CLI runs, each through the roles gate (core/roles/gate: authorized and audited with the same
 * action and target as the CLI's), with progress and outcome on the status line.
 */
import {humanSize} from '../../core/images/format.js';
import {guardAction} from '../../core/roles/gate.js';
import {callTimeoutFromEnv, type Engine} from '../../engine/connection.js';
import {EngineError} from '../../engine/errors.js';
import {engineEvents} from '../../engine/events.js';
import type {EngineEvent} from '../../model/event.js';
import {imageHistory, imagePruneEstimate, listImageRecords} from '../../engine/images.js';
import {listNetworks} from '../../engine/networks.js';
import {listVolumes, volumePruneEstimate} from '../../engine/volumes.js';
import {isResourceKind, type ResourceKind, type ResourceRecords} from '../resources.js';
import {perform, targetOf, type ResourceOp} from './resource-changes.js';
import {setStatus} from '../status.js';
import type {Store} from '../store.js';
import type {Action, State, StatusMessage} from '../types.js';

export type {ResourceOp} from './resource-changes.js';

/** What a prune would remove, for the confirm dialog. */
export interface PruneEstimate {
	names: string[];
	/** bytes at least / at most (equal when the engine knows exactly) */
	bytes: number;
	bytesMax: number;
}

export interface ResourceManager {
	/** list this kind again now */
	reload(kind: ResourceKind): void;
	/** load an image's layers into resources.history */
	history(ref: string): void;
	estimate(what: 'images' | 'images-all' | 'volumes'): Promise<PruneEstimate | null>;
	/** run a change (gated and audited); resolves true when it was done */
	run(op: ResourceOp): Promise<boolean>;
	/** an event of the engine's stream (when fed by the container sync's) */
	push(e: EngineEvent): void;
	stop(): void;
}

export interface ResourceOptions {
	/** coalescing window for event bursts (ms) */
	burstMs?: number;
	/** prunes only touch what carries these labels ("k=v"): tests prune their own objects only */
	pruneLabels?: string[];
	now?: () => number;
	/** events arrive through push() from the one /events stream (default); false: open one while shown */
	fed?: boolean;
	/** ms a whole list (every call it makes) may take: the dashboard's engine-call bound (BERTH_ENGINE_TIMEOUT, else 30 s) */
	timeoutMs?: number;
}

/** The key that lists the shown pane again (keymap: image-reload, volume-reload, network-reload). */
export const RELOAD_KEY = 'ctrl+r';

/**
 * Container events that change "used by" (others — start, stop, health — do not): a container made
 * or removed (a created one joins its networks with no network event, a removed one leaves them
 * with none), or renamed (the name "used by" shows).
 */
const USAGE = /^(create|destroy|rename)$/;

const shownKind = (s: State): ResourceKind | null => (isResourceKind(s.ui.pane) ? s.ui.pane : null);

const errText = (err: unknown) => (err as Error)?.message ?? String(err);
const hintOf = (err: unknown, fallback: string) => (err as {hint?: string})?.hint || fallback;

export function createResourceManager(store: Store<State, Action>, engine: () => Engine | null, opts: ResourceOptions = {}): ResourceManager {
	const burstMs = opts.burstMs ?? 150;
	const fed = opts.fed ?? true;
	const now = opts.now ?? Date.now;
	const timeoutMs = opts.timeoutMs ?? callTimeoutFromEnv();
	const status = (kind: StatusMessage['kind'], text: string, hint?: string) => setStatus(store, kind, text, {hint, now});
	let stopped = false;
	let shown: ResourceKind | null = null;
	let events: AbortController | null = null;
	let eventsFor: Engine | null = null;
	let timer: NodeJS.Timeout | null = null;
	const pending = new Set<ResourceKind>();
	const loading = new Set<ResourceKind>();
	const again = new Set<ResourceKind>();
	/** the list under way of each kind: aborted when its pane is left, the engine changes, or on stop */
	const calls = new Map<ResourceKind, AbortController>();
	/** kinds whose last list failed: the next sign of life of the engine (an event) lists them again */
	const failed = new Set<ResourceKind>();
	const LEFT = 'left';

	/** Give up the lists under way (all, or all but `keep`'s): their requests are aborted, their sockets closed. */
	function abandon(keep: ResourceKind | null = null) {
		for (const [k, ac] of calls) {
			if (k === keep) continue;
			again.delete(k);
			ac.abort(LEFT);
		}
	}

	const listOf = (kind: ResourceKind, e: Engine, signal: AbortSignal): Promise<ResourceRecords[ResourceKind][]> =>
		kind === 'images' ? listImageRecords(e, {}, {signal}) : kind === 'volumes' ? listVolumes(e, {}, {signal}) : listNetworks(e, {}, {signal});

	/** What the pane says when a list failed: what happened, then what to do (ctrl+r first: a narrow screen cuts the end). */
	function failure(err: unknown, timedOut: boolean): string {
		const retry = `${RELOAD_KEY} tries again, as do the engine's next event and a reconnect.`;
		const e = err instanceof EngineError ? err : null;
		const said = e?.code === 'unreachable' ? /did not answer .*within ([\d.]+) s/.exec(e.message) : null;
		if (timedOut || said) {
			const secs = said ? said[1] : String(Math.round(timeoutMs / 100) / 10);
			return `the engine did not answer within ${secs} s (hung? check \`systemctl status docker\`). ${retry}`;
		}
		return `${errText(err)} ${retry}${e?.hint ? ` ${e.hint}` : ''}`;
	}

	async function load(kind: ResourceKind): Promise<void> {
		const e = engine();
		if (!e || stopped) return;
		if (loading.has(kind)) {
			again.add(kind);
			return;
		}
		loading.add(kind);
		const ac = new AbortController();
		calls.set(kind, ac);
		let timedOut = false;
		// one bound for the whole list (it is several calls: list, containers for "used by", an
		// inspect per new image), the same the engine client puts on each call
		const timer = setTimeout(() => {
			timedOut = true;
			ac.abort(new EngineError('unreachable', `The engine did not answer the ${kind} list within ${timeoutMs} ms.`, ''));
		}, timeoutMs);
		// the list ends with its signal, whatever call it waits on
		const given = new Promise<never>((_, reject) => ac.signal.addEventListener('abort', () => reject(ac.signal.reason), {once: true}));
		given.catch(() => undefined);
		try {
			const items = await Promise.race([listOf(kind, e, ac.signal), given]);
			if (!stopped && engine() === e) {
				failed.delete(kind);
				store.dispatch({type: 'resources/set', kind, items} as Action);
			}
		} catch (err) {
			// given up by leaving the pane (or on stop): no failure; shown again, it lists again
			if (!stopped && !(ac.signal.aborted && ac.signal.reason === LEFT)) {
				failed.add(kind);
				store.dispatch({type: 'resources/error', kind, error: failure(err, timedOut)});
			}
		} finally {
			clearTimeout(timer);
			if (calls.get(kind) === ac) calls.delete(kind);
			ac.abort(LEFT); // whatever is still under way (a call that ignored the race) is given up
			loading.delete(kind);
			if (again.delete(kind)) void load(kind);
		}
	}

	function schedule(kind: ResourceKind) {
		pending.add(kind);
		if (timer || stopped) return;
		timer = setTimeout(() => {
			timer = null;
			const kinds = [...pending];
			pending.clear();
			for (const k of kinds) if (k === shown) void load(k);
		}, burstMs);
	}

	function onEvent(ev: EngineEvent) {
		if (!shown || stopped) return;
		// the engine answers again: a list that failed is tried again
		if (failed.has(shown) && !loading.has(shown)) schedule(shown);
		if (ev.type === 'container') {
			if (!USAGE.test(ev.action)) return;
			schedule('images');
			schedule('volumes');
			schedule('networks');
			return;
		}
		const kind = ev.type === 'image' ? 'images' : ev.type === 'volume' ? 'volumes' : ev.type === 'network' ? 'networks' : null;
		if (kind) schedule(kind);
	}

	function closeEvents() {
		events?.abort();
		events = null;
		eventsFor = null;
	}

	/** One stream for the three panes, while one of them is shown (only when not fed by the sync's). */
	function openEvents(e: Engine) {
		if (fed || (events && eventsFor === e)) return;
		closeEvents();
		const ac = new AbortController();
		events = ac;
		eventsFor = e;
		void (async () => {
			try {
				const stream = await engineEvents(e, {filters: {type: ['image', 'volume', 'network', 'container']}}, ac.signal);
				for await (const ev of stream) {
					if (ac.signal.aborted) return;
					onEvent(ev);
				}
			} catch {
				// a dead engine: the container sync reconnects, and a reconnect opens this again
			} finally {
				if (events === ac) {
					events = null;
					eventsFor = null;
				}
			}
		})();
	}

	/** Follow the pane: load and listen while a resource pane is shown, stop listening when none is. */
	function follow(action?: Action) {
		if (stopped) return;
		const s = store.getState();
		const kind = shownKind(s);
		const e = s.connection.status === 'connected' ? engine() : null;
		if (!kind || !e) {
			shown = kind;
			abandon();
			closeEvents();
			return;
		}
		const reconnected = action?.type === 'connection/connected';
		if (action?.type === 'resources/reload' && action.kind === kind) {
			// a list still waiting on the engine is given up and asked anew (its finally lists again)
			const cur = calls.get(kind);
			if (cur) {
				again.add(kind);
				cur.abort(LEFT);
			} else void load(kind);
			return;
		}
		if (kind !== shown || reconnected || (!fed && eventsFor !== e)) {
			shown = kind;
			// the lists of a pane left behind are given up (a reconnect: every list is of the old engine)
			abandon(reconnected ? null : kind);
			void load(kind);
			openEvents(e);
		}
	}

	const unsubscribe = store.subscribe((a) => {
		if (!a || a.type === 'ui/pane' || a.type === 'resources/reload' || a.type.startsWith('connection/')) follow(a);
	});
	follow();

	return {
		reload: (kind) => void load(kind),
		push: onEvent,
		history(ref) {
			const e = engine();
			store.dispatch({type: 'resources/history', history: {ref, entries: null, error: e ? null : 'Not connected to an engine.', scroll: 0}});
			if (!e) return;
			imageHistory(e, ref).then(
				(entries) => {
					if (store.getState().resources.history?.ref !== ref) return;
					store.dispatch({type: 'resources/history', history: {ref, entries: entries ?? [], error: entries ? null : `No image ${ref} (removed meanwhile?).`, scroll: 0}});
				},
				(err: unknown) => {
					if (store.getState().resources.history?.ref === ref) store.dispatch({type: 'resources/history', history: {ref, entries: [], error: errText(err), scroll: 0}});
				},
			);
		},
		async estimate(what) {
			const e = engine();
			if (!e) {
				status('error', 'Not connected to an engine.', 'Wait for the reconnect (see the banner).');
				return null;
			}
			const labels = opts.pruneLabels?.length ? {labels: opts.pruneLabels} : {};
			try {
				if (what === 'volumes') {
					const v = await volumePruneEstimate(e, labels);
					return {names: v.volumes.map((x) => `${x.name}${x.size === null ? '' : ` (${humanSize(x.size)})`}`), bytes: v.bytes, bytesMax: v.bytes};
				}
				const i = await imagePruneEstimate(e, {all: what === 'images-all', ...labels});
				return {names: i.images.map((x) => `${x.repo_tags.join(', ') || x.id.replace(/^sha256:/, '').slice(0, 12)} (${humanSize(x.size)})`), bytes: i.bytes, bytesMax: i.bytes_max};
			} catch (err) {
				status('error', `✖ Cannot estimate the prune: ${errText(err)}`, hintOf(err, 'Check the engine.'));
				return null;
			}
		},
		async run(op) {
			const e = engine();
			if (!e) {
				status('error', `Cannot ${op.op}: the engine is not connected.`, 'Wait for the reconnect (see the banner).');
				return false;
			}
			// the roles gate: refused → nothing done; every attempt audited (as the CLI's)
			const gate = guardAction(op.op, targetOf(store.getState(), op));
			if (!gate.allowed) {
				status('error', `✖ refused: ${gate.decision.reason}`, 'Nothing was done. Your role in the roles policy does not allow this; ask an admin (`berth audit` shows the attempt).');
				return false;
			}
			status('busy', `${op.op.replace('-', ' ')}…`);
			try {
				const r = await perform(store, e, op, opts.pruneLabels ?? []);
				gate.finish({ok: true});
				status('ok', r.text);
				// the events reload it too; this makes the answer visible even if one was lost
				void load(r.kind);
				return true;
			} catch (err) {
				gate.finish({ok: false, error: errText(err)});
				const code = (err as {code?: string})?.code;
				const hint = op.op === 'image-remove' && code === 'in-use' && !op.force ? 'D removes it anyway (force; the engine still refuses while a container of it runs).' : hintOf(err, 'Check the engine log (journalctl -u docker).');
				status('error', code === 'in-use' ? `✖ not removed: ${errText(err)}` : `✖ ${op.op.replace('-', ' ')} failed: ${errText(err)}`, hint);
				return false;
			}
		},
		stop() {
			stopped = true;
			unsubscribe();
			abandon();
			closeEvents();
			if (timer) clearTimeout(timer);
		},
	};
}

