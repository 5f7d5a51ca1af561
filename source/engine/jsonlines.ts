/**
 * JSON-lines from a long-lived engine stream (events, stats). node:readline does the line
 * splitting and UTF-8 decoding; unlike docker-modem's followProgress it keeps nothing it has
 * handed on, so a stream that runs for days does not grow.
 */
import {createInterface} from 'node:readline';
import type {Readable} from 'node:stream';

export async function* jsonLines<T>(stream: Readable, signal: AbortSignal): AsyncGenerator<T> {
	const rl = createInterface({input: stream, crlfDelay: Infinity});
	const onAbort = () => {
		rl.close();
		stream.destroy();
	};
	signal.addEventListener('abort', onAbort, {once: true});
	// already aborted (while the request was under way): the listener never fires; close now
	if (signal.aborted) onAbort();
	try {
		for await (const line of rl) {
			if (signal.aborted) return;
			const t = line.trim();
			if (!t) continue;
			try {
				yield JSON.parse(t) as T;
			} catch {
				// a torn line at disconnect: skip it
			}
		}
	} finally {
		signal.removeEventListener('abort', onAbort);
		rl.close();
		stream.destroy();
	}
}
