/**
 * The engine's /events stream: one opener (`engineEvents`) for every caller — `berth events`, the
 * dashboard (its container sync and its events pane share one stream) and compose's wait — and a
 * view of it as container events (`containerEvents`, `containerEventOf`).
 */
import type {Readable} from 'node:stream';
import type {Engine} from './connection.js';
import {toEngineError} from './errors.js';
import {jsonLines} from './jsonlines.js';
import type {EngineEvent} from '../model/event.js';
import {dockerOf} from './client.js';

export interface ContainerEvent {
	id: string;
	action: string;
	/** unix ns */
	timeNano: number;
	attributes: Record<string, string>;
}

/** Actions that do not change what berth shows (healthchecks alone fire exec_* every interval). */
const NOISE = /^(exec_create|exec_start|exec_die|exec_detach|attach|detach|resize|top|export|commit|copy|archive-path|extract-to-dir)\b/;

export function isInteresting(action: string): boolean {
	return !NOISE.test(action);
}

/** A container event that changes what the container list shows, else null (other types, exec noise). */
export function containerEventOf(e: EngineEvent): ContainerEvent | null {
	if (e.type !== 'container' || !e.actor || !isInteresting(e.action)) return null;
	return {id: e.actor, action: e.action, timeNano: e.time_nano, attributes: e.attributes};
}

/**
 * Subscribe to container events only (the engine filters by type). `since`: as `engineEvents`.
 * The iterable ends when the connection closes and throws an EngineError on failure.
 */
export async function containerEvents(engine: Engine, signal: AbortSignal, since?: number): Promise<AsyncIterable<ContainerEvent>> {
	const events = await engineEvents(engine, {filters: {type: ['container']}, ...(since === undefined ? {} : {since})}, signal);
	return (async function* () {
		for await (const e of events) {
			const c = containerEventOf(e);
			if (c) yield c;
		}
	})();
}

/**
 * The engine's clock now, in epoch ms (from /info's SystemTime), or null when it cannot say.
 * Events' `since` is read on the engine's clock: a remote engine's may differ from ours.
 */
export async function engineNow(engine: Engine, signal?: AbortSignal): Promise<number | null> {
	try {
		const info = (dockerOf(engine).info as unknown as (opts?: {abortSignal?: AbortSignal}) => Promise<{SystemTime?: string}>).call(dockerOf(engine), signal ? {abortSignal: signal} : {});
		const {SystemTime} = await info;
		const t = SystemTime ? Date.parse(SystemTime) : NaN;
		return Number.isFinite(t) ? t : null;
	} catch {
		return null;
	}
}

export interface EventQuery {
	/**
	 * unix seconds (may be fractional) or anything the engine takes ("10m", an RFC 3339 time). The
	 * engine replays what it still holds from then on (its last 256 events): pass a time from before
	 * a list so nothing between the list and the subscription is lost. (The engine answers the
	 * request's headers before it registers the subscriber, so "subscribe, then list" alone leaves a gap.)
	 */
	since?: number | string;
	/** end the stream at this time (the stream then ends by itself) */
	until?: number | string;
	/** docker's filters: {type: ['container'], event: ['start'], label: ['k=v'], container: [...] …} */
	filters?: Record<string, string[]>;
}

interface RawEvent {
	Type?: string;
	Action?: string;
	status?: string;
	id?: string;
	Actor?: {ID?: string; Attributes?: Record<string, string>};
	scope?: string;
	time?: number;
	timeNano?: number;
}

export function toEngineEvent(raw: RawEvent): EngineEvent {
	const nano = raw.timeNano ?? (raw.time ?? 0) * 1e9;
	return {
		time: new Date(Math.floor(nano / 1e6)).toISOString(),
		time_nano: nano,
		type: raw.Type ?? 'container',
		action: raw.Action ?? raw.status ?? '',
		actor: raw.Actor?.ID ?? raw.id ?? '',
		attributes: raw.Actor?.Attributes ?? {},
		scope: raw.scope ?? 'local',
	};
}

/**
 * The engine's event stream (`GET /events`) as an async iterable: one record per event, nothing
 * kept once handed on (bounded memory however long it runs). Ends when the engine closes the
 * stream (after `until`) or the signal aborts; throws an EngineError on failure.
 */
export async function engineEvents(engine: Engine, query: EventQuery, signal: AbortSignal): Promise<AsyncIterable<EngineEvent>> {
	let stream: Readable;
	try {
		stream = (await dockerOf(engine).getEvents({
			...(query.filters && Object.keys(query.filters).length ? {filters: query.filters} : {}),
			...(query.since === undefined ? {} : {since: query.since}),
			...(query.until === undefined ? {} : {until: query.until}),
			abortSignal: signal,
		} as never)) as unknown as Readable;
	} catch (err) {
		throw toEngineError(err, engine.where);
	}
	return (async function* () {
		try {
			for await (const raw of jsonLines<RawEvent>(stream, signal)) yield toEngineEvent(raw);
		} catch (err) {
			if (signal.aborted) return;
			throw toEngineError(err, engine.where);
		}
	})();
}
