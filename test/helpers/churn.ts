/** What the seeded churn tests share: a seeded random source, and an engine connection whose /events streams the test can reach (to reset one mid-run). */
import type {Readable} from 'node:stream';
import {dockerOf} from '../../source/engine/client.js';
import {connectEngine, type Engine} from '../../source/engine/connection.js';

/** mulberry32: a small seeded generator, the same sequence for the same seed. */
export function mulberry32(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Connect to the test engine; every /events stream the connection opens is pushed to `streams`. */
export async function connectCapturingEvents(streams: Readable[]): Promise<Engine> {
	const e = await connectEngine();
	const d = dockerOf(e);
	const getEvents = d.getEvents.bind(d);
	d.getEvents = (async (...args: Parameters<typeof getEvents>) => {
		const s = (await getEvents(...args)) as unknown as Readable;
		streams.push(s);
		return s;
	}) as unknown as typeof d.getEvents;
	return e;
}
