import {Box} from 'ink';
import {Text} from '../components/Text.js';
import React, {useMemo} from 'react';
import type {Row} from '../../core/tree.js';
import type {SortColumn, StatsEntry} from '../../state/types.js';
import {totals} from '../../state/view/groups.js';
import {ContainerRow, containerFigures, HeaderRow} from '../components/ContainerRow.js';
import {listColumns} from '../layout.js';
import {displayWidth, sanitize} from '../../core/sanitize.js';
import {color, type Theme} from '../theme.js';

interface Props {
	rows: Row[];
	cursor: number;
	/** first visible row (App computes it: the stats streams follow what is visible) */
	offset: number;
	width: number;
	/** lines available, header included */
	height: number;
	now: number;
	theme: Theme;
	loaded: boolean;
	filter: string;
	filterError: string | null;
	marked: Record<string, true>;
	stats: Record<string, StatsEntry>;
	sort: {by: SortColumn; desc: boolean};
}

export const listVisible = (height: number) => Math.max(1, height - 1);

export function ContainersPane({rows, cursor, offset, width, height, now, theme, loaded, filter, filterError, marked, stats, sort}: Props) {
	const cols = useMemo(() => listColumns(width), [width]);
	const slice = rows.slice(offset, offset + listVisible(height));
	// a project whose names do not all fit drops its prefix on every row (replicas keep their tails, rows stay alike)
	const shortProjects = useMemo(() => {
		const out = new Set<string>();
		for (const r of rows) if (r.kind === 'container' && r.container.project && displayWidth(sanitize(r.container.name)) > cols.name - 2 * r.depth) out.add(r.container.project);
		return out;
	}, [rows, cols.name]);
	const empty = !loaded ? 'Loading containers…' : filter ? `No container matches "${filter}"${filterError ? ` (regex: ${filterError})` : ''}. Esc clears the filter.` : 'No containers on this engine. Start one, or run `npm run demo`.';
	return (
		// clipped top and bottom only: every row is one line truncated to the width (Ink's truncate),
		// so nothing can overflow sideways, and a box that clips sideways has Ink cut every coloured
		// row again each frame (slice-ansi, the most expensive step of a frame after measuring)
		<Box flexDirection="column" height={height} width={width} overflowY="hidden">
			<HeaderRow cols={cols} theme={theme} sort={sort} {...(rows.length > listVisible(height) ? {position: `${cursor + 1}/${rows.length}`} : {})} />
			{slice.length === 0 ? (
				<Text color={color(theme, theme.dim)}>{empty}</Text>
			) : (
				slice.map((row, i) => {
					if (row.kind === 'container') {
						// the cells as printed (strings): a stats batch that changes none of them leaves the row's props equal
						const f = containerFigures(row.container, stats[row.container.id], now);
						return <ContainerRow key={row.key} row={row} selected={offset + i === cursor} marked={Boolean(marked[row.container.id])} cols={cols} width={width} now={now} theme={theme} cpu={f.cpu} mem={f.mem} stale={f.stale} short={row.container.project !== null && shortProjects.has(row.container.project)} />;
					}
					const members = row.kind === 'project' ? [...row.node.services.flatMap((s) => s.containers), ...row.node.loose] : row.node.containers;
					const allMarked = members.length > 0 && members.every((c) => marked[c.id]);
					// a total of unrelated containers means nothing, and would cost a stats stream for each
					const t = row.kind === 'project' && row.node.standalone ? {cpu: null, mem: null} : totals(members, stats);
					return <ContainerRow key={row.key} row={row} selected={offset + i === cursor} marked={allMarked} cols={cols} width={width} now={now} theme={theme} totalCpu={t.cpu} totalMem={t.mem} />;
				})
			)}
		</Box>
	);
}
