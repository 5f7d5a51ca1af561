import {Box} from 'ink';
import {Text} from '../components/Text.js';
import React from 'react';
import {fitCell} from '../../core/present.js';
import type {PortRow} from '../../state/view/ports.js';
import {color, type Theme} from '../theme.js';

interface Props {
	rows: PortRow[];
	cursor: number;
	offset: number;
	width: number;
	height: number;
	theme: Theme;
}

/** Every published port; a host port bound twice on overlapping addresses is a conflict (red, ⚠). */
export function PortsPane({rows, cursor, offset, width, height, theme}: Props) {
	const name = Math.max(10, width - 53);
	const slice = rows.slice(offset, offset + Math.max(1, height - 1));
	const conflicts = rows.filter((r) => r.conflict).length;
	return (
		<Box flexDirection="column" height={height} width={width} overflow="hidden">
			<Text bold color={color(theme, theme.dim)} wrap="truncate">
				{'  '}
				{fitCell('HOST ADDRESS', 16)} {fitCell('HOST PORT', 10)} {fitCell('CONTAINER PORT', 15)} {fitCell('PROTO', 6)} {fitCell(`CONTAINER${conflicts ? `  (${conflicts} in conflict)` : ''}${rows.length > slice.length ? `  ${cursor + 1}/${rows.length}` : ''}`, name)}
			</Text>
			{rows.length === 0 ? <Text color={color(theme, theme.dim)}>No published ports.</Text> : null}
			{slice.map((r, i) => (
				<Text key={r.key} inverse={offset + i === cursor} color={r.conflict ? color(theme, theme.bad) : undefined} wrap="truncate">
					{r.conflict ? '⚠ ' : '  '}
					{fitCell(r.host_ip || '*', 16)} {fitCell(String(r.host_port), 10)} {fitCell(String(r.container_port), 15)} {fitCell(r.protocol, 6)} {fitCell(r.container, name)}
				</Text>
			))}
		</Box>
	);
}
