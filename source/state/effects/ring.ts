/** A bounded ring buffer: keeps the newest `capacity` items and counts what it dropped. */
export class Ring<T> {
	private buf: T[] = [];
	private start = 0;
	dropped = 0;
	constructor(readonly capacity: number) {}

	push(item: T): void {
		if (this.buf.length < this.capacity) {
			this.buf.push(item);
			return;
		}
		this.buf[this.start] = item;
		this.start = (this.start + 1) % this.capacity;
		this.dropped++;
	}

	get size(): number {
		return this.buf.length;
	}

	toArray(): T[] {
		return this.start === 0 ? this.buf.slice() : [...this.buf.slice(this.start), ...this.buf.slice(0, this.start)];
	}

	clear(): void {
		this.buf = [];
		this.start = 0;
		this.dropped = 0;
	}
}
