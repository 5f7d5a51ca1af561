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
	/** the feed's number: each real event the next integer; a health check's a fraction above the real event before it */
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
	/** the newest health-check exec events (HEALTH_KEPT), kept apart: they never push `rows` out */
	health: EventRow[];
	/** health-check exec events received in all */
	healthHidden: number;
}

/** How many health-check events are kept for H (a 1 s healthcheck fires three a second). */
export const HEALTH_KEPT = 200;

export interface EventsView {
	/** seq of the last row shown while paused; null: following the newest */
	anchor: number | null;
	filter: string;
	/** show the health checks' exec events (hidden by default: a healthcheck fires three every interval) */
	health: boolean;
}

export const initialEvents = (): EventsState => ({rows: [], dropped: 0, health: [], healthHidden: 0});
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

let merged: {a: EventRow[]; b: EventRow[]; out: EventRow[]} | null = null;

/** Two runs of rows in seq order as one (memoised). */
function mergeBySeq(a: EventRow[], b: EventRow[]): EventRow[] {
	if (!b.length) return a;
	if (merged && merged.a === a && merged.b === b) return merged.out;
	const out: EventRow[] = [];
	let i = 0;
	let j = 0;
	while (i < a.length || j < b.length) out.push(j >= b.length || (i < a.length && a[i]!.seq < b[j]!.seq) ? a[i++]! : b[j++]!);
	merged = {a, b, out};
	return out;
}

/** The pane's rows: the ring, the health checks among them when shown (H), through the filter. */
export const selectEventRows = (s: State): EventRow[] => filterEvents(s.ui.eventsView.health ? mergeBySeq(s.events.rows, s.events.health) : s.events.rows, s.ui.eventsView.filter);

/** A container's exec event: its command ("" for exec_die / exec_detach, which carry none), else null. */
export function execCommand(e: EngineEvent): string | null {
	if (e.type !== 'container') return null;
	const m = /^exec_(create|start|die|detach)(?:: (.*))?$/s.exec(e.action);
	return m ? (m[2] ?? '') : null;
}
export const eventsFilterError = (filter: string): string | null => makeMatcher(filter, EVENT_FIELDS).error;
