/** Pure presentation: how a record's fields read on screen and in `berth status`. */
import {fitColumns, type ColumnSet, type FittedColumns} from '../model/columns.js';
import type {ContainerRecord, PortBinding} from '../model/container.js';
import {fitToWidth, sanitize} from './sanitize.js';

export function formatPort(p: PortBinding): string {
	const host = p.host_ip.includes(':') ? `[${p.host_ip}]` : p.host_ip;
	return `${host}:${p.host_port}→${p.container_port}/${p.protocol}`;
}

export function formatPorts(ports: PortBinding[]): string {
	return ports.map(formatPort).join(', ');
}

/** "42s", "5m", "3h", "2d" (coarse, as a column shows it). */
export function formatDuration(ms: number): string {
	const s = Math.max(0, Math.floor(ms / 1000));
	if (s < 60) return `${s}s`;
	const m = Math.floor(s / 60);
	if (m < 60) return `${m}m`;
	const h = Math.floor(m / 60);
	if (h < 48) return `${h}h`;
	return `${Math.floor(h / 24)}d`;
}

/** Uptime of a running container; "" for anything else or when not known yet. */
export function formatUptime(c: ContainerRecord, now: number): string {
	if (c.state !== 'running' && c.state !== 'paused') return '';
	if (!c.started_at) return '';
	return formatDuration(now - Date.parse(c.started_at));
}

export function stateText(c: ContainerRecord): string {
	if (c.state === 'exited' && c.exit_code !== null) return c.oom_killed ? `exited(${c.exit_code},oom)` : `exited(${c.exit_code})`;
	return c.state;
}

export function healthText(c: ContainerRecord): string {
	return c.health === 'none' ? '-' : c.health;
}

/**
 * Made inert (core/sanitize: names, images and labels are untrusted), truncated to a display
 * width with an ellipsis (wide and combining characters counted as the terminal shows them), padded.
 */
export function fitCell(text: string, width: number): string {
	if (width <= 0) return '';
	return fitToWidth(sanitize(text), width);
}

/** `berth status`'s columns: no mark, CPU or MEM; the image column always (the one rule: model/columns.ts). */
export const STATUS_COLUMNS: ColumnSet<'state' | 'health' | 'uptime'> = {
	fixed: {state: 13, health: 9, uptime: 6},
	gaps: 5,
	minRest: 24,
	imageFrom: 0,
	// every port is printed (comma-separated): ports keeps a share of the width
	ports: {share: 0.36, min: 6},
	name: {share: 0.5625, min: 10},
};

export type Columns = FittedColumns<'state' | 'health' | 'uptime'>;

/** Column widths for a given total width (one space between columns). */
export function columnsFor(width: number): Columns {
	return fitColumns(width, STATUS_COLUMNS);
}
