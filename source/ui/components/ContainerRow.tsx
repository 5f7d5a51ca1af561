import {Text} from 'ink';
import React, {memo} from 'react';
import {fit, formatPorts, formatUptime, healthText, stateText, type Columns} from '../../core/present.js';
import type {Row} from '../../core/tree.js';
import {color, healthColor, stateColor, type Theme} from '../theme.js';

interface Props {
	row: Row;
	selected: boolean;
	cols: Columns;
	width: number;
	now: number;
	theme: Theme;
}

function groupSummary(row: Extract<Row, {kind: 'project' | 'service'}>): string {
	const c = row.node.counts;
	const parts = [`${c.running}/${c.total} running`];
	if (c.unhealthy) parts.push(`${c.unhealthy} unhealthy`);
	return parts.join(' · ');
}

/** One line of the container tree: a project, a service or a container. */
export const ContainerRow = memo(function ContainerRow({row, selected, cols, width, now, theme}: Props) {
	if (row.kind !== 'container') {
		const arrow = row.collapsed ? '▸' : '▾';
		const indent = '  '.repeat(row.depth);
		const label = row.kind === 'project' ? row.node.name : row.node.service;
		const summary = groupSummary(row);
		const head = `${indent}${arrow} ${label}`;
		const unhealthy = row.node.counts.unhealthy > 0;
		return (
			<Text inverse={selected} bold={row.kind === 'project'} wrap="truncate">
				<Text color={row.kind === 'project' ? color(theme, theme.accent) : undefined}>{fit(head, Math.min(width, Math.max(cols.name, head.length + 1)))}</Text>
				<Text color={unhealthy ? color(theme, theme.bad) : color(theme, theme.dim)}>{fit(' ' + summary, Math.max(0, width - Math.max(cols.name, head.length + 1)))}</Text>
			</Text>
		);
	}
	const c = row.container;
	const indent = '  '.repeat(row.depth);
	return (
		<Text inverse={selected} wrap="truncate">
			{fit(indent + c.name, cols.name)} <Text color={stateColor(theme, c)}>{fit(stateText(c), cols.state)}</Text>{' '}
			<Text color={healthColor(theme, c)}>{fit(healthText(c), cols.health)}</Text> {fit(formatPorts(c.ports) || '-', cols.ports)}{' '}
			<Text color={color(theme, theme.dim)}>{fit(c.image, cols.image)}</Text> {fit(formatUptime(c, now), cols.uptime)}
		</Text>
	);
});

export function HeaderRow({cols, theme}: {cols: Columns; theme: Theme}) {
	return (
		<Text bold color={color(theme, theme.dim)} wrap="truncate">
			{fit('NAME', cols.name)} {fit('STATE', cols.state)} {fit('HEALTH', cols.health)} {fit('PORTS', cols.ports)} {fit('IMAGE', cols.image)}{' '}
			{fit('UPTIME', cols.uptime)}
		</Text>
	);
}
