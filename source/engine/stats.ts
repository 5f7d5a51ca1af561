/** Streaming stats of one container (one sample a second from the engine). */
import type {Readable} from 'node:stream';
import type {Engine} from './connection.js';
import {toEngineError} from './errors.js';
import {onJsonLines} from './jsonlines.js';
import {containerOf} from './client.js';

/** The subset of the engine's stats JSON berth reads (cgroup v1 and v2). */
export interface RawStats {
	read: string;
	cpu_stats?: {cpu_usage?: {total_usage?: number; percpu_usage?: number[]}; system_cpu_usage?: number; online_cpus?: number};
	precpu_stats?: {cpu_usage?: {total_usage?: number}; system_cpu_usage?: number};
	memory_stats?: {usage?: number; limit?: number; stats?: Record<string, number>};
	networks?: Record<string, {rx_bytes: number; tx_bytes: number}>;
	blkio_stats?: {io_service_bytes_recursive?: Array<{op: string; value: number}> | null};
	pids_stats?: {current?: number};
}

async function openStream(engine: Engine, id: string, signal: AbortSignal): Promise<Readable> {
	try {
		return (await containerOf(engine, id).stats({stream: true, abortSignal: signal} as never)) as unknown as Readable;
	} catch (err) {
		throw toEngineError(err, engine.where);
	}
}

/**
 * The stream as a callback per sample (the dashboard keeps one open per visible container):
 * resolves when the stream ends or `signal` aborts; rejects with an EngineError otherwise.
 */
export async function watchStats(engine: Engine, id: string, signal: AbortSignal, onSample: (raw: RawStats) => void): Promise<void> {
	let stream: Readable;
	try {
		stream = await openStream(engine, id, signal);
	} catch (err) {
		if (signal.aborted) return;
		throw err;
	}
	try {
		await onJsonLines<RawStats>(stream, signal, onSample);
	} catch (err) {
		throw toEngineError(err, engine.where);
	}
}
