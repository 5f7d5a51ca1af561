/**
 * The events pane's feed. It opens no stream of its own: the container sync's /events stream (all
 * types) hands it every event (state/effects/containers.ts `onEvent`). Events become inert rows in
 * a ring of the newest `keep` (EVENTS_KEPT), and reach the store in one batch per `batchMs`.
 * A reconnect replays the engine's recent events (the sync subscribes from a time before its
 * list): what the feed already has is not added twice.
 */
import type {EngineEvent} from '../../model/event.js';
import {EVENTS_KEPT, eventRow, type EventRow} from '../events.js';
import type {Store} from '../store.js';
import type {Action, State} from '../types.js';
import {Ring} from './ring.js';

/** more than the engine replays (its last 256 events) */
const SEEN_KEPT = 512;

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
		batch = [];
		store.dispatch({type: 'events/set', events: {rows: ring.toArray(), dropped: ring.dropped}});
	};

	return {
		push(e) {
			const key = `${e.time_nano}\u0000${e.type}\u0000${e.action}\u0000${e.actor}`;
			if (seen.has(key)) return;
			seen.add(key);
			order.push(key);
			if (order.length > SEEN_KEPT) seen.delete(order.shift()!);
			batch.push(eventRow(e, ++seq));
			timer ??= setTimeout(publish, batchMs);
		},
		stop() {
			if (timer) clearTimeout(timer);
			timer = null;
		},
	};
}
