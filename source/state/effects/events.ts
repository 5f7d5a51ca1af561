/**
 * The events pane's feed. It opens no stream of its own: the container sync's /events stream (all
 * types) hands it every event (state/effects/containers.ts `onEvent`). Events become inert rows in
 * a ring of the newest `keep` (EVENTS_KEPT), and reach the store in one batch per `batchMs`.
 * A reconnect replays the engine's recent events (the sync subscribes from a time before its
 * list): what the feed already has is not added twice.
 */
import type {EngineEvent} from '../../model/event.js';
import {EVENTS_KEPT, eventRow, execCommand, HEALTH_KEPT, type EventRow} from '../events.js';
import type {Store} from '../store.js';
import type {Action, State} from '../types.js';
import {Ring} from './ring.js';

/** more than the engine replays (its last 256 events) */
const SEEN_KEPT = 512;
/** health-check exec ids remembered (to know their exec_die, which names no command) */
const EXECS_KEPT = 512;
/** a command run this many times in a container that has a healthcheck is its probe (the CMD form) */
const PROBE_REPEATS = 3;

/**
 * Which exec events are a healthcheck's probe: on a container that has a healthcheck (its health is
 * not "none"), an exec of `/bin/sh -c …` (a CMD-SHELL probe: docker run --health-cmd, a compose
 * test string) or of a command run there PROBE_REPEATS times already (a CMD probe); then that
 * exec's start and die (by its execID). A user's `docker exec c sh` stays an ordinary event.
 */
export function healthProbes(hasHealthcheck: (containerId: string) => boolean) {
	const probes = new Set<string>();
	const order: string[] = [];
	const runs = new Map<string, Map<string, number>>();
	return (e: EngineEvent): boolean => {
		const cmd = execCommand(e);
		if (cmd === null) {
			if (e.type === 'container' && e.action === 'destroy') runs.delete(e.actor);
			return false;
		}
		const exec = e.attributes['execID'] ?? '';
		if (exec && probes.has(exec)) return true;
		if (!cmd || !hasHealthcheck(e.actor)) return false;
		let probe = cmd.startsWith('/bin/sh -c ');
		if (!probe && /^exec_create\b/.test(e.action)) {
			let m = runs.get(e.actor);
			if (!m) runs.set(e.actor, (m = new Map()));
			const n = (m.get(cmd) ?? 0) + 1;
			if (m.size < 64 || m.has(cmd)) m.set(cmd, n);
			probe = n > PROBE_REPEATS;
		} else if (!probe) probe = (runs.get(e.actor)?.get(cmd) ?? 0) > PROBE_REPEATS;
		if (probe && exec) {
			probes.add(exec);
			order.push(exec);
			if (order.length > EXECS_KEPT) probes.delete(order.shift()!);
		}
		return probe;
	};
}

export interface EventFeedOptions {
	keep?: number;
	batchMs?: number;
}

export interface EventFeed {
	push(e: EngineEvent): void;
	stop(): void;
}

export function createEventFeed(store: Store<State, Action>, opts: EventFeedOptions = {}): EventFeed {
	const ring = new Ring<EventRow>(opts.keep ?? EVENTS_KEPT);
	// the health checks' exec events: a ring of their own, so they never push real events out
	const health = new Ring<EventRow>(HEALTH_KEPT);
	let healthBatch: EventRow[] = [];
	let healthHidden = 0;
	let sinceReal = 0;
	const isProbe = healthProbes((id) => {
		const c = store.getState().containers[id];
		return Boolean(c && c.health !== 'none');
	});
	const batchMs = opts.batchMs ?? 100;
	let batch: EventRow[] = [];
	let timer: NodeJS.Timeout | null = null;
	let seq = 0;
	// the keys of the newest events (the engine replays at most its last 256): a replayed one is not added twice
	const seen = new Set<string>();
	const order: string[] = [];

	const publish = () => {
		timer = null;
		for (const r of batch) ring.push(r);
		for (const r of healthBatch) health.push(r);
		const rows = batch.length ? ring.toArray() : store.getState().events.rows;
		const probes = healthBatch.length ? health.toArray() : store.getState().events.health;
		batch = [];
		healthBatch = [];
		store.dispatch({type: 'events/set', events: {rows, dropped: ring.dropped, health: probes, healthHidden}});
	};

	return {
		push(e) {
			const key = `${e.time_nano}\u0000${e.type}\u0000${e.action}\u0000${e.actor}`;
			if (seen.has(key)) return;
			seen.add(key);
			order.push(key);
			if (order.length > SEEN_KEPT) seen.delete(order.shift()!);
			if (isProbe(e)) {
				// numbered between the real events around it (seq + a fraction), so the ring's numbers stay
				// consecutive (each real event one) and H merges the two in the order they came
				healthHidden++;
				sinceReal++;
				healthBatch.push(eventRow(e, seq + sinceReal / (sinceReal + 1)));
			} else {
				sinceReal = 0;
				batch.push(eventRow(e, ++seq));
			}
			timer ??= setTimeout(publish, batchMs);
		},
		stop() {
			if (timer) clearTimeout(timer);
			timer = null;
		},
	};
}
