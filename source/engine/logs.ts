/**
 * Container logs as batches of lines. docker-modem demultiplexes stdout/stderr (non-TTY
 * containers); lines are split across chunk boundaries, and a line longer than maxLineBytes is
 * cut into pieces so a 1 MB line without a newline never sits whole in memory.
 */
import {StringDecoder} from 'node:string_decoder';
import {Readable} from 'node:stream';
import type {Engine} from './connection.js';
import {toEngineError} from './errors.js';
import {Queue} from './queue.js';
import {containerOf, dockerOf} from './client.js';

export type LogStream = 'stdout' | 'stderr';

export interface LogLine {
	stream: LogStream;
	/** raw text of the line (not yet sanitised for the terminal) */
	text: string;
	/** engine timestamp (RFC3339Nano) when asked for */
	ts: string | null;
	/** true when this piece is a cut of an over-long line */
	cut?: boolean;
}

export interface LogOptions {
	signal: AbortSignal;
	/** lines of history to start with */
	tail?: number;
	follow?: boolean;
	/** unix seconds */
	since?: number;
	maxLineBytes?: number;
}

const TS = /^(\d{4}-\d\d-\d\dT[\d:.]+Z) ?/;

/** Splits a byte stream into lines; one per stream so interleaved chunks never mix. */
export class LineSplitter {
	private readonly decoder = new StringDecoder('utf8');
	private partial = '';
	constructor(
		private readonly stream: LogStream,
		private readonly emit: (line: LogLine) => void,
		private readonly maxLine = 16 * 1024,
		private readonly withTs = true,
	) {}

	write(chunk: Buffer | string): void {
		let more = typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
		// The engine stores a long line as 16 KB partial entries, each sent with its own timestamp:
		// mid-line (partial not empty), a leading timestamp belongs to a continuation entry; drop it.
		if (this.withTs && this.partial) {
			const m = TS.exec(more);
			if (m) more = more.slice(m[0].length);
		}
		let text = this.partial + more;
		let nl: number;
		while ((nl = text.indexOf('\n')) >= 0) {
			let line = text.slice(0, nl).replace(/\r$/, '');
			// the cap holds on this path too (a chunk may carry far more than maxLine before its newline)
			while (line.length > this.maxLine) {
				this.line(line.slice(0, this.maxLine), true);
				line = line.slice(this.maxLine);
			}
			this.line(line, false);
			text = text.slice(nl + 1);
		}
		while (text.length > this.maxLine) {
			this.line(text.slice(0, this.maxLine), true);
			text = text.slice(this.maxLine);
		}
		this.partial = text;
	}

	flush(): void {
		const rest = this.partial + this.decoder.end();
		this.partial = '';
		if (rest) this.line(rest, false);
	}

	private line(raw: string, cut: boolean) {
		let ts: string | null = null;
		let text = raw;
		if (this.withTs) {
			const m = TS.exec(raw);
			if (m) {
				ts = m[1]!;
				text = raw.slice(m[0].length);
			}
		}
		this.emit(cut ? {stream: this.stream, text, ts, cut} : {stream: this.stream, text, ts});
	}
}

/** Follow (or read) a container's logs; yields batches of lines as chunks arrive. */
export async function containerLogs(engine: Engine, id: string, opts: LogOptions): Promise<AsyncIterable<LogLine[]>> {
	const c = containerOf(engine, id);
	let tty = false;
	let raw: unknown;
	try {
		tty = Boolean((await c.inspect()).Config?.Tty);
		raw = await c.logs({
			follow: (opts.follow ?? true) as true,
			stdout: true,
			stderr: true,
			timestamps: true,
			tail: opts.tail ?? 200,
			...(opts.since === undefined ? {} : {since: opts.since}),
			abortSignal: opts.signal,
		} as never);
	} catch (err) {
		throw toEngineError(err, engine.where);
	}
	// follow=false: docker-modem hands back the whole buffer; stream it through the same path
	const stream: Readable = typeof (raw as Readable).on === 'function' ? (raw as Readable) : Readable.from([Buffer.isBuffer(raw) ? raw : Buffer.from(String(raw ?? ''))]);
	let pending: LogLine[] = [];
	const q = new Queue<LogLine[]>(() => stream.destroy());
	const flushBatch = () => {
		if (pending.length) {
			q.push(pending);
			pending = [];
		}
	};
	const max = opts.maxLineBytes ?? 16 * 1024;
	const out = new LineSplitter('stdout', (l) => pending.push(l), max);
	const errS = new LineSplitter('stderr', (l) => pending.push(l), max);
	let ended = false;
	const finish = (err?: unknown) => {
		if (ended) return;
		ended = true;
		out.flush();
		errS.flush();
		flushBatch();
		q.end(err && !opts.signal.aborted ? toEngineError(err, engine.where) : undefined);
	};
	opts.signal.addEventListener('abort', () => {
		stream.destroy();
		finish();
	}, {once: true});
	// aborted while the request was under way: the listener above will never fire, and a follow
	// stream of a quiet container would otherwise hold its socket open for good
	if (opts.signal.aborted) {
		stream.destroy();
		finish();
	}
	if (tty) {
		stream.on('data', (b: Buffer) => {
			out.write(b);
			flushBatch();
		});
	} else {
		dockerOf(engine).modem.demuxStream(stream, {write: (b: Buffer) => out.write(b)} as never, {write: (b: Buffer) => errS.write(b)} as never);
		stream.on('data', () => setImmediate(flushBatch));
	}
	stream.on('end', () => setImmediate(() => finish()));
	stream.on('close', () => setImmediate(() => finish()));
	stream.on('error', (e) => finish(e));
	return q;
}
