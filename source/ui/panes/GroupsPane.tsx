import {Box} from 'ink';
import {Text} from '../components/Text.js';
import React from 'react';
import {fitCell} from '../../core/present.js';
import {formatBytes, formatPercent} from '../../core/stats.js';
import type {GroupRow} from '../../state/view/groups.js';
import {color, type Theme} from '../theme.js';

interface Props {
	rows: GroupRow[];
	cursor: number;
	offset: number;
	width: number;
	height: number;
	theme: Theme;
}

const right = (t: string, w: number) => (t.length >= w ? t.slice(0, w) : ' '.repeat(w - t.length) + t);

/** Service groups (in start order) then compose projects: running/total, unhealthy, CPU and memory totals. */
export function GroupsPane({rows, cursor, offset, width, height, theme}: Props) {
	const name = Math.max(12, width - 46);
	const slice = rows.slice(offset, offset + Math.max(1, height - 1));
	return (
		<Box flexDirection="column" height={height} width={width} overflow="hidden">
			<Text bold color={color(theme, theme.dim)} wrap="truncate">
				{fitCell(`  GROUP / PROJECT${rows.length > slice.length ? `  ${cursor + 1}/${rows.length}` : ''}`, name)} {right('RUNNING', 9)} {right('UNHEALTHY', 10)} {right('CPU', 7)} {right('MEM', 8)}
			</Text>
			{slice.map((r, i) => {
				const sel = offset + i === cursor;
				const allUp = r.counts.total > 0 && r.counts.running === r.counts.total;
				const label = `${r.kind === 'group' ? '◆' : '▣'} ${r.name}${r.kind === 'project' ? ' (compose)' : ''}`;
				return (
					<Text key={r.key} inverse={sel} wrap="truncate">
						{'  '}
						<Text bold={r.kind === 'group'} color={color(theme, r.kind === 'group' ? theme.accent : theme.dim)}>
							{fitCell(label, name - 2)}
						</Text>{' '}
						<Text color={color(theme, r.counts.total === 0 ? theme.dim : allUp ? theme.ok : theme.warn)}>{right(`${r.counts.running}/${r.counts.total}`, 9)}</Text>{' '}
						<Text color={r.counts.unhealthy ? color(theme, theme.bad) : color(theme, theme.dim)}>{right(String(r.counts.unhealthy), 10)}</Text> {right(r.cpu === null ? '-' : formatPercent(r.cpu), 7)}{' '}
						{right(r.mem === null ? '-' : formatBytes(r.mem), 8)}
					</Text>
				);
			})}
		</Box>
	);
}
