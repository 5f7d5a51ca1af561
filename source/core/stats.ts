/**
 * Container stats from the engine's raw JSON, pure: CPU % = Δcontainer / Δsystem × online CPUs × 100;
 * memory = usage − cache (cgroup v1: total_inactive_file, else cache) or − inactive_file (v2).
 */
import type {RawStats} from '../engine/stats.js';

export interface StatsSample {
	/** epoch ms of the engine's reading */
	at: number;
	/** percent of one CPU × online CPUs (200 = two full CPUs); null on the first sample */
	cpu: number | null;
	onlineCpus: number;
	memUsed: number;
	memLimit: number;
	netRx: number;
	netTx: number;
	blkRead: number;
	blkWrite: number;
	pids: number;
}

export function cpuPercent(raw: RawStats): number | null {
	const cur = raw.cpu_stats;
	const pre = raw.precpu_stats;
	const total = cur?.cpu_usage?.total_usage;
	const preTotal = pre?.cpu_usage?.total_usage;
	const sys = cur?.system_cpu_usage;
	const preSys = pre?.system_cpu_usage;
	if (total === undefined || preTotal === undefined || sys === undefined || preSys === undefined || !preSys) return null;
	const dc = total - preTotal;
	const ds = sys - preSys;
	if (ds <= 0 || dc < 0) return 0;
	return (dc / ds) * onlineCpus(raw) * 100;
}

export function onlineCpus(raw: RawStats): number {
	return raw.cpu_stats?.online_cpus || raw.cpu_stats?.cpu_usage?.percpu_usage?.length || 1;
}

/** Working-set memory: what `docker stats` shows. */
export function memoryUsed(raw: RawStats): number {
	const m = raw.memory_stats;
	const usage = m?.usage ?? 0;
	const s = m?.stats ?? {};
	let cache = 0;
	if ('total_inactive_file' in s) cache = s['total_inactive_file']!; // cgroup v1
	else if ('inactive_file' in s && !('cache' in s)) cache = s['inactive_file']!; // cgroup v2
	else if ('cache' in s) cache = s['cache']!; // older v1
	return Math.max(0, usage - cache);
}

export function toSample(raw: RawStats): StatsSample {
	let rx = 0;
	let tx = 0;
	for (const n of Object.values(raw.networks ?? {})) {
		rx += n.rx_bytes;
		tx += n.tx_bytes;
	}
	let read = 0;
	let write = 0;
	for (const e of raw.blkio_stats?.io_service_bytes_recursive ?? []) {
		if (/^read$/i.test(e.op)) read += e.value;
		else if (/^write$/i.test(e.op)) write += e.value;
	}
	const at = Date.parse(raw.read);
	return {
		at: Number.isFinite(at) && at > 0 ? at : Date.now(),
		cpu: cpuPercent(raw),
		onlineCpus: onlineCpus(raw),
		memUsed: memoryUsed(raw),
		memLimit: raw.memory_stats?.limit ?? 0,
		netRx: rx,
		netTx: tx,
		blkRead: read,
		blkWrite: write,
		pids: raw.pids_stats?.current ?? 0,
	};
}

/** A sample older than this is stale (the stream stalled or the container stopped). */
export const STALE_MS = 3000;
export const isStale = (s: {at: number}, now: number) => now - s.at > STALE_MS;

/** "1.2 KiB", "34 MiB", "1.5 GiB". */
export function formatBytes(n: number): string {
	const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
	let v = n;
	let i = 0;
	while (v >= 1024 && i < units.length - 1) {
		v /= 1024;
		i++;
	}
	return i === 0 ? `${v}B` : `${v < 10 ? v.toFixed(1) : Math.round(v)}${units[i]}`;
}

export function formatPercent(p: number | null): string {
	if (p === null) return '…';
	return p < 10 ? `${p.toFixed(1)}%` : `${Math.round(p)}%`;
}

const BARS = '▁▂▃▄▅▆▇█';
/**
 * Sparkline of the last `width` values, scaled from zero: with `max` 0…max (CPU: 0…100 %); without,
 * 0…the largest value shown (memory). From zero, noise stays noise: a flat ~450 KiB with a few KiB
 * of jitter reads as a level line, not as a spike (a series scaled to its own min…max did).
 */
export function sparkline(values: number[], width: number, max?: number): string {
	const tail = values.slice(-width);
	if (!tail.length) return '';
	const hi = max ?? Math.max(...tail);
	if (!(hi > 0)) return BARS[0]!.repeat(tail.length);
	return tail.map((v) => BARS[Math.max(0, Math.min(BARS.length - 1, Math.round((Math.max(0, v) / hi) * (BARS.length - 1))))]).join('');
}

/** A chart `height` rows tall of the last `width` values (0…max), top row first; 8 levels per row. */
export function chart(values: number[], width: number, height: number, max: number): string[] {
	const tail = values.slice(-width);
	const rows: string[] = [];
	for (let r = height - 1; r >= 0; r--) {
		let line = '';
		for (const v of tail) {
			const level = Math.max(0, Math.min(1, v / (max || 1))) * height * 8;
			const inRow = Math.round(level - r * 8);
			line += inRow <= 0 ? (r === 0 ? '▁' : ' ') : inRow >= 8 ? '█' : BARS[inRow - 1];
		}
		rows.push(line.padStart(width));
	}
	return rows;
}
