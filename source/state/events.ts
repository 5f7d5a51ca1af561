/**
 * The events pane's slice: the engine's events (every type) as rows of inert text, the newest
 * EVENTS_KEPT of them (older ones are counted, not kept), and the pane's filter over them.
 */
import {sanitize} from '../core/sanitize.js';
import type {EngineEvent} from '../model/event.js';
import type {State} from './types.js';
import {makeMatcher, matchesFields} from './view/filter.js';

/** How many events the pane keeps (a ring: the oldest go first). */
export const EVENTS_KEPT = 1000;

export interface EventRow {
	seq: number;
	/** ISO time, ms */
	time: string;
	type: string;
	action: string;
	/** what the event is about, as a person reads it: its name where the event carries one, else the short id */
	actor: string;
	/** the object's id (images, containers, networks: the first 12 hex digits) */
	id: string;
	/** the image a container event names, or an image event's own name */
	image: string;
	/** the other attributes, `key=value`, the telling ones first, the rest sorted */
	attrs: string;
}

export interface EventsState {
	rows: EventRow[];
	/** events the ring let go (older than the newest EVENTS_KEPT) */
	dropped: number;
}

export interface EventsView {
	/** seq of the last row shown while paused; null: following the newest */
	anchor: number | null;
	filter: string;
	/** show the health checks' exec events (hidden by default: a healthcheck fires three every interval) */
	health: boolean;
}

export const initialEvents = (): EventsState => ({rows: [], dropped: 0});
export const initialEventsView = (): EventsView => ({anchor: null, filter: '', health: false});

/** Attributes shown first (when present): what happened and to what. */
const FIRST = ['exitCode', 'signal', 'container', 'image', 'driver', 'type', 'destination'];

/**
 * What a row keeps of a string (no screen shows more): a hostile 45 KB label on a container whose
 * healthcheck fires three events a second would otherwise keep the ring at tens of megabytes.
 */
export const CELL_MAX = 256;
export const ATTRS_MAX = 2048;
const cell = (s: string, max = CELL_MAX) => sanitize(s.length > max ? s.slice(0, max) + '…' : s);

const shortId = (s: string) => (/^(sha256:)?[0-9a-f]{64}$/.test(s) ? s.replace(/^sha256:/, '').slice(0, 12) : s);

/** An engine event as a row: every string made inert here (core/sanitize), once. */
export function eventRow(e: EngineEvent, seq: number): EventRow {
	const a = e.attributes;
	// an image's delete / untag names it by its id
	const name = shortId(a.name ?? '');
	const keys = Object.keys(a).filter((k) => k !== 'name');
	keys.sort((x, y) => {
		const i = FIRST.indexOf(x);
		const j = FIRST.indexOf(y);
		return i >= 0 || j >= 0 ? (i < 0 ? FIRST.length : i) - (j < 0 ? FIRST.length : j) : x.localeCompare(y);
	});
	const id = shortId(e.actor);
	let attrs = '';
	for (const k of keys) {
		if (attrs.length >= ATTRS_MAX) break;
		attrs += `${attrs ? ' ' : ''}${cell(k)}=${cell(shortId(a[k] ?? ''))}`;
	}
	return {
		seq,
		time: e.time,
		type: cell(e.type),
		action: cell(e.action),
		actor: cell(name || id),
		id: cell(id),
		image: cell(a.image ?? (e.type === 'image' ? name : '')),
		attrs: attrs.length > ATTRS_MAX ? attrs.slice(0, ATTRS_MAX) + '…' : attrs,
	};
}

/** The names `field:value` takes in the events filter. */
export const EVENT_FIELDS = ['type', 'action', 'actor', 'name', 'id', 'image', 'attr'] as const;

const fieldsOf = (r: EventRow): Record<(typeof EVENT_FIELDS)[number], string> => ({type: r.type, action: r.action, actor: r.actor, name: r.actor, id: r.id, image: r.image, attr: r.attrs});

let last: {rows: EventRow[]; filter: string; out: EventRow[]} | null = null;

/** The rows the pane shows: all, or those the filter matches (substring, /regex/, field:value). Memoised. */
export function filterEvents(rows: EventRow[], filter: string): EventRow[] {
	if (last && last.rows === rows && last.filter === filter) return last.out;
	const m = makeMatcher(filter, EVENT_FIELDS);
	const out = m.empty ? rows : rows.filter((r) => matchesFields(m, fieldsOf(r)));
	last = {rows, filter, out};
	return out;
}

export const selectEventRows = (s: State): EventRow[] => filterEvents(s.events.rows, s.ui.eventsView.filter);
export const eventsFilterError = (filter: string): string | null => makeMatcher(filter, EVENT_FIELDS).error;
