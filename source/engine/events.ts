/** The engine's /events stream as a typed async iterable of container events. */
import type {Readable} from 'node:stream';
import type {Engine} from './connection.js';
import {toEngineError} from './errors.js';
import {jsonLines} from './jsonlines.js';

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

interface RawEvent {
	Type?: string;
	Action?: string;
	status?: string;
	id?: string;
	Actor?: {ID?: string; Attributes?: Record<string, string>};
	timeNano?: number;
}

/**
 * Subscribe to container events. Resolves once the engine has accepted the subscription, so a
 * list taken afterwards misses nothing. The iterable ends when the connection closes and throws
 * an EngineError on failure. Abort with the signal.
 */
export async function containerEvents(engine: Engine, signal: AbortSignal, since?: number): Promise<AsyncIterable<ContainerEvent>> {
	let stream: Readable;
	try {
		stream = (await engine.docker.getEvents({
			filters: {type: ['container']},
			...(since === undefined ? {} : {since}),
			abortSignal: signal,
		} as never)) as unknown as Readable;
	} catch (err) {
		throw toEngineError(err, engine.where);
	}
	return (async function* () {
		try {
			for await (const raw of jsonLines<RawEvent>(stream, signal)) {
				const action = raw.Action ?? raw.status ?? '';
				const id = raw.Actor?.ID ?? raw.id;
				if (!id || !isInteresting(action)) continue;
				yield {id, action, timeNano: raw.timeNano ?? 0, attributes: raw.Actor?.Attributes ?? {}};
			}
		} catch (err) {
			if (signal.aborted) return;
			throw toEngineError(err, engine.where);
		}
	})();
}
