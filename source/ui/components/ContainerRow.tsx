import {Text} from './Text.js';
import React, {memo} from 'react';
import {fitCell, formatPorts, formatUptime, healthText, stateText} from '../../core/present.js';
import {formatBytes, formatPercent, isStale} from '../../core/stats.js';
import type {Row} from '../../core/tree.js';
import type {SortColumn, StatsEntry} from '../../state/types.js';
import type {Columns} from '../layout.js';
import {color, healthColor, stateColor, type Theme} from '../theme.js';
import {elideMiddle, nameUnderProject} from '../names.js';

interface Props {
	row: Row;
	selected: boolean;
	marked: boolean;
	cols: Columns;
	width: number;
	now: number;
	theme: Theme;
	/**
	 * the container's CPU and memory cells as printed (`containerFigures`); for a group row its
	 * members' summed cpu / mem. Primitives: a stats batch that changes no printed figure of a row
	 * leaves its props equal, and memo skips it.
	 */
	cpu?: string;
	mem?: string;
	stale?: boolean;
	totalCpu?: number | null;
	totalMem?: number | null;
	/** drop the project prefix from the name (the project row above says it; the full names do not fit) */
	short?: boolean;
}

export interface Figures {
	cpu: string;
	mem: string;
	stale: boolean;
}

const NO_FIGURES: Figures = {cpu: '', mem: '', stale: false};
const WAIT: Figures = {cpu: 'wait', mem: '', stale: false};

/**
 * A container's CPU and memory cells: `wait` (its first sample, or the second that CPU needs, is
 * not in yet), `stale` (none for over 3 s). The same strings from the same sample keep a row's props equal across frames.
 */
export function containerFigures(c: {state: string}, stats: StatsEntry | undefined, now: number): Figures {
	if (c.state !== 'running') return NO_FIGURES;
	if (!stats) return WAIT;
	const stale = isStale(stats.last, now);
	return {cpu: stale ? 'stale' : stats.last.cpu === null ? 'wait' : formatPercent(stats.last.cpu), mem: formatBytes(stats.last.memUsed), stale};
}

/** Full "127.0.0.1:8080→80/tcp" when it fits, else the short "8080→80". */
function portsText(c: {ports: Parameters<typeof formatPorts>[0]}, width: number): string {
	const full = formatPorts(c.ports);
	if (!full) return '-';
	if (full.length <= width) return full;
	return c.ports.map((p) => `${p.host_port}→${p.container_port}${p.protocol === 'tcp' ? '' : '/' + p.protocol}`).join(',');
}

const right = (text: string, w: number) => (text.length >= w ? fitCell(text, w) : ' '.repeat(w - text.length) + text);

function groupSummary(row: Extract<Row, {kind: 'project' | 'service'}>): string {
	const c = row.node.counts;
	const parts = [`${c.running}/${c.total} running`];
	if (c.unhealthy) parts.push(`${c.unhealthy} unhealthy`);
	return parts.join(' · ');
}

/** One line of the container tree: a project, a service or a container. */
export const ContainerRow = memo(function ContainerRow({row, selected, marked, cols, width, now, theme: given, cpu = '', mem = '', stale = false, totalCpu = null, totalMem = null, short = false}: Props) {
	// the selection is one continuous bar: no cell colours inside it (a red cell would be a red band), padded to the edge
	const theme = selected ? {...given, enabled: false} : given;
	const used = 2 + cols.name + 1 + cols.state + 1 + cols.health + 1 + cols.ports + 1 + (cols.image ? cols.image + 1 : 0) + cols.cpu + 1 + cols.mem + 1 + cols.uptime;
	const fill = selected ? ' '.repeat(Math.max(0, width - used)) : '';
	const mark = marked ? '● ' : '  ';
	const tail = (cpu: string, mem: string, stale: boolean) => (
		<Text color={stale ? color(theme, theme.dim) : undefined}>
			{right(cpu, cols.cpu)} {right(mem, cols.mem)}
		</Text>
	);
	if (row.kind !== 'container') {
		const arrow = row.collapsed ? '▸' : '▾';
		const label = row.kind === 'project' ? row.node.name : row.node.service;
		const head = `${'  '.repeat(row.depth)}${arrow} ${label}`;
		const unhealthy = row.node.counts.unhealthy > 0;
		const mid = cols.state + cols.health + cols.ports + (cols.image ? cols.image + 1 : 0) + 2;
		return (
			<Text inverse={selected} bold={row.kind === 'project'} wrap="truncate">
				<Text color={marked ? color(theme, theme.warn) : undefined}>{mark}</Text>
				<Text color={row.kind === 'project' ? color(theme, theme.accent) : undefined}>{fitCell(head, cols.name)}</Text>{' '}
				<Text color={unhealthy ? color(theme, theme.bad) : color(theme, theme.dim)}>{fitCell(groupSummary(row), mid)}</Text> {tail(totalCpu === null ? '' : formatPercent(totalCpu), totalMem === null ? '' : formatBytes(totalMem), false)}{' '}
				{' '.repeat(cols.uptime)}
				{fill}
			</Text>
		);
	}
	const c = row.container;
	return (
		<Text inverse={selected} wrap="truncate">
			<Text color={marked ? color(theme, theme.warn) : undefined}>{mark}</Text>
			{'  '.repeat(row.depth)}
			{elideMiddle(short ? nameUnderProject(c.name, c.project) : c.name, Math.max(1, cols.name - 2 * row.depth))} <Text color={stateColor(theme, c)}>{fitCell(stateText(c), cols.state)}</Text>{' '}
			<Text color={healthColor(theme, c)}>{fitCell(healthText(c), cols.health)}</Text> {fitCell(portsText(c, cols.ports), cols.ports)}{' '}
			{cols.image ? <Text color={color(theme, theme.dim)}>{fitCell(c.image, cols.image)} </Text> : null}
			{tail(cpu, mem, stale)} {fitCell(formatUptime(c, now), cols.uptime)}
			{fill}
		</Text>
	);
});

const TITLES: Array<[keyof Columns, string, SortColumn | null]> = [
	['name', 'NAME', 'name'],
	['state', 'STATE', 'state'],
	['health', 'HEALTH', 'health'],
	['ports', 'PORTS', 'ports'],
	['image', 'IMAGE', 'image'],
	['cpu', 'CPU', 'cpu'],
	['mem', 'MEM', 'mem'],
	['uptime', 'UPTIME', 'uptime'],
];

/** The list's column titles; `position` ("12/85") rides in the name column when rows lie beyond the screen. */
export function HeaderRow({cols, theme, sort, position}: {cols: Columns; theme: Theme; sort: {by: SortColumn; desc: boolean}; position?: string}) {
	const parts: string[] = ['  '];
	for (const [k, title, col] of TITLES) {
		const w = cols[k];
		if (!w) continue;
		// the arrow always shows: a title too wide for its column gives up letters, not the arrow
		let t = col === sort.by ? `${title.length + 1 > w ? title.slice(0, Math.max(0, w - 1)) : title}${sort.desc ? '▼' : '▲'}` : title;
		if (k === 'name' && position && t.length + 1 + position.length <= w) t = `${t}${' '.repeat(w - t.length - position.length - 1)}${position}`;
		parts.push((k === 'cpu' || k === 'mem' ? right(t, w) : fitCell(t, w)) + (k === 'uptime' ? '' : ' '));
	}
	return (
		<Text bold color={color(theme, theme.dim)} wrap="truncate">
			{parts.join('')}
		</Text>
	);
}
