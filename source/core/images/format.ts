/** Text helpers for the image/port/doctor commands: aligned tables, sizes, a progress bar. */
import {displayWidth, sanitize} from '../sanitize.js';

/**
 * Rows → lines with columns padded to their widest cell (last column not padded). Cells are
 * untrusted (names, labels, image configs): each is made inert on its own (core/sanitize), so a
 * hostile cell cannot reach into the next one, and widths are display columns.
 */
export function table(rows: string[][]): string[] {
	const cells = rows.map((r) => r.map((c) => sanitize(c)));
	const widths: number[] = [];
	for (const r of cells) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, displayWidth(c))));
	return cells.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c + ' '.repeat(widths[i]! - displayWidth(c)))).join('  ').trimEnd());
}

/** 1536 → "1.5 kB" (decimal units, as docker prints them). */
export function humanSize(bytes: number): string {
	const units = ['B', 'kB', 'MB', 'GB', 'TB'];
	let v = bytes;
	let i = 0;
	while (v >= 1000 && i < units.length - 1) {
		v /= 1000;
		i++;
	}
	return `${i === 0 ? v : v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : Math.round(v)}${units[i]}`;
}

/** "[#######.......]  45%  12.0MB/26.7MB" for a width. */
export function progressBar(done: number, total: number, width = 30): string {
	const frac = total > 0 ? Math.min(1, done / total) : 1;
	const fill = Math.round(frac * width);
	return `[${'#'.repeat(fill)}${'.'.repeat(width - fill)}] ${String(Math.round(frac * 100)).padStart(3)}%  ${humanSize(done)}/${humanSize(total)}`;
}

/** "3 minutes ago" style age of an ISO time. */
export function age(iso: string, now = Date.now()): string {
	const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
	const steps: Array<[number, string]> = [
		[60, 'second'],
		[60, 'minute'],
		[24, 'hour'],
		[30, 'day'],
		[12, 'month'],
		[Infinity, 'year'],
	];
	let v = s;
	for (const [n, unit] of steps) {
		if (v < n) return `${v} ${unit}${v === 1 ? '' : 's'} ago`;
		v = Math.floor(v / n);
	}
	return iso;
}
