/**
 * JSON-lines from a long-lived engine stream (events, stats). node:readline does the line
 * splitting and UTF-8 decoding; unlike docker-modem's followProgress it keeps nothing it has
 * handed on, so a stream that runs for days does not grow.
 */
import {createInterface} from 'node:readline';
import type {Readable} from 'node:stream';
import {StringDecoder} from 'node:string_decoder';

/** A line longer than this is not a stats or event object: it is dropped, not buffered without end. */
const MAX_LINE = 1024 * 1024;

export async function* jsonLines<T>(stream: Readable, signal: AbortSignal): AsyncGenerator<T> {
	const rl = createInterface({input: stream, crlfDelay: Infinity});
	const onAbort = () => {
		rl.close();
		stream.destroy();
	};
	// the stream destroyed without an 'end' (by us, or a socket torn down): readline listens for
	// 'end' only, so its iterator would wait forever; close it, which ends the iterator
	const onClose = () => rl.close();
	stream.once('close', onClose);
	signal.addEventListener('abort', onAbort, {once: true});
	// already aborted (while the request was under way): the listener never fires; close now
	if (signal.aborted) onAbort();
	else if (stream.destroyed) onClose();
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
		stream.off('close', onClose);
		rl.close();
		stream.destroy();
	}
}

/**
 * The same, as a callback per value: for streams held open by the dozen (stats, one sample a
 * second each), where an async iterator chain per sample (readline's queue, generators,
 * for-await) cost more than the JSON itself. Resolves when the stream ends or `signal` aborts;
 * rejects on a stream error that was not an abort.
 */
export function onJsonLines<T>(stream: Readable, signal: AbortSignal, onValue: (value: T) => void): Promise<void> {
	return new Promise<void>((resolve, reject) => {
		const decoder = new StringDecoder('utf8');
		let partial = '';
		let done = false;
		const finish = (err?: Error) => {
			if (done) return;
			done = true;
			signal.removeEventListener('abort', onAbort);
			stream.off('data', onData);
			stream.destroy();
			if (err && !signal.aborted) reject(err);
			else resolve();
		};
		const onAbort = () => finish();
		const onData = (chunk: Buffer | string) => {
			let text = partial + (typeof chunk === 'string' ? chunk : decoder.write(chunk));
			let nl: number;
			while ((nl = text.indexOf('\n')) >= 0 && !done) {
				const line = text.slice(0, nl).trim();
				text = text.slice(nl + 1);
				if (!line) continue;
				let value: T;
				try {
					value = JSON.parse(line) as T;
				} catch {
					continue; // a torn line at disconnect: skip it
				}
				onValue(value);
			}
			partial = text.length > MAX_LINE ? '' : text;
		};
		stream.on('data', onData);
		stream.once('end', () => finish());
		stream.once('close', () => finish());
		stream.once('error', (err) => finish(err));
		signal.addEventListener('abort', onAbort, {once: true});
		if (signal.aborted) onAbort();
	});
}
