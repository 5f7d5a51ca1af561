/**
 * The log follower's bounded buffer, shared with the store without copying it.
 *
 * Lines go into append-only chunks: a slot, once written, is never written again, so a snapshot
 * (`view()`: the chunk list as it is, where it starts and ends) reads the same lines for as long
 * as anyone holds it, however far the buffer has moved on or wrapped since. Publishing a batch
 * costs the batch and a copy of the chunk list (≈ capacity / 1024 references), not the whole
 * buffer (the follower copied the merged ring into the store on every batch: up to 50,000 lines
 * ten times a second in the logs pane). Chunks wholly older than the window are let go; at most
 * one chunk's worth of dropped lines stays alive.
 */
import type {Lines} from './types.js';

const CHUNK = 1024;
const SHIFT = 10;

export class LineLog<T> {
	private chunks: T[][] = [];
	/** absolute index of chunks[0][0] */
	private base = 0;
	/** absolute index of the oldest line kept, and just past the newest */
	private first = 0;
	private end = 0;
	dropped = 0;
	constructor(private cap: number) {}

	get capacity(): number {
		return this.cap;
	}

	/** A bigger bound keeps what is there and drops less from now on (never brings back what was dropped). */
	grow(capacity: number): void {
		if (capacity > this.cap) this.cap = capacity;
	}

	get size(): number {
		return this.end - this.first;
	}

	push(item: T): void {
		const off = this.end - this.base;
		if ((off & (CHUNK - 1)) === 0) this.chunks.push([]);
		this.chunks[off >> SHIFT]!.push(item);
		this.end++;
		if (this.end - this.first > this.cap) {
			this.first++;
			this.dropped++;
			// a chunk that holds only dropped lines: let it go (snapshots keep their own list)
			if (this.first - this.base >= CHUNK) {
				this.chunks = this.chunks.slice(1);
				this.base += CHUNK;
			}
		}
	}

	/** The lines as they are now; unchanged by later pushes. */
	view(): Lines<T> {
		return new LineView(this.chunks.slice(), this.first - this.base, this.end - this.first);
	}
}

/** A window over append-only chunks: `length` lines from `start` (an offset into chunks[0]). */
class LineView<T> implements Lines<T> {
	constructor(
		private readonly chunks: readonly T[][],
		private readonly start: number,
		readonly length: number,
	) {}

	at(i: number): T | undefined {
		i = Math.trunc(i) || 0;
		if (i < 0) i += this.length;
		if (i < 0 || i >= this.length) return undefined;
		const k = this.start + i;
		return this.chunks[k >> SHIFT]![k & (CHUNK - 1)];
	}

	slice(from = 0, to = this.length): T[] {
		const n = this.length;
		const a = from < 0 ? Math.max(0, n + from) : Math.min(from, n);
		const b = to < 0 ? Math.max(0, n + to) : Math.min(to, n);
		const out: T[] = [];
		for (let i = a; i < b; i++) {
			const k = this.start + i;
			out.push(this.chunks[k >> SHIFT]![k & (CHUNK - 1)]!);
		}
		return out;
	}

	*[Symbol.iterator](): Iterator<T> {
		for (let i = 0; i < this.length; i++) {
			const k = this.start + i;
			yield this.chunks[k >> SHIFT]![k & (CHUNK - 1)]!;
		}
	}
}
