/** A push-to-pull bridge: callbacks push values, one consumer iterates them with for-await. */
export class Queue<T> implements AsyncIterable<T> {
	private readonly buffer: T[] = [];
	private wake: (() => void) | null = null;
	private closed = false;
	private error: unknown = null;

	constructor(private readonly onReturn?: () => void) {}

	push(value: T): void {
		if (this.closed) return;
		this.buffer.push(value);
		this.notify();
	}

	end(err?: unknown): void {
		if (this.closed) return;
		this.closed = true;
		if (err) this.error = err;
		this.notify();
	}

	private notify() {
		const w = this.wake;
		this.wake = null;
		w?.();
	}

	async *[Symbol.asyncIterator](): AsyncGenerator<T> {
		try {
			for (;;) {
				while (this.buffer.length > 0) yield this.buffer.shift()!;
				if (this.closed) {
					if (this.error) throw this.error;
					return;
				}
				await new Promise<void>((r) => (this.wake = r));
			}
		} finally {
			this.closed = true;
			this.buffer.length = 0;
			this.onReturn?.();
		}
	}
}
