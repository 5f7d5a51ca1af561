/**
 * One list pane for any resource (images, volumes, networks): the columns of its spec
 * (state/view/resources.ts) fitted to the width by model/columns.ts fitColumns, a header with the
 * sort arrow and the position when rows lie beyond the screen, the selected row as one bar. Every
 * engine string goes through Text (inert).
 */
import {Box} from 'ink';
import React, {useMemo} from 'react';
import {fitCell} from '../../core/present.js';
import {fitColumns, type ColumnSet} from '../../model/columns.js';
import type {CellContext, ResourceColumn, ResourceRow, ResourceSpec} from '../../state/view/resources.js';
import {Text} from '../components/Text.js';
import {color, type Theme} from '../theme.js';

export interface ResourcePaneProps {
	spec: ResourceSpec<any>;
	rows: ResourceRow<any>[];
	cursor: number;
	offset: number;
	width: number;
	/** lines for the list, its header included */
	height: number;
	theme: Theme;
	cells: CellContext;
	loaded: boolean;
	error: string | null;
	filter: string;
	filterError: string | null;
	sort: {by: string; desc: boolean};
}

/** Rows the list shows in a height (one line is the header). */
export const resourceVisible = (height: number) => Math.max(1, height - 1);

/** Gutter before the first column (the containers list's mark column). */
const GUTTER = 2;

/** The columns shown at this screen width (a column with `from` only from that width), each with its width: fixed ones as the spec says, flexible ones from fitColumns. */
export function resourceColumns<T>(spec: ResourceSpec<T>, width: number): Array<ResourceColumn<T> & {width: number}> {
	const shown = spec.columns.filter((c) => !c.from || width >= c.from);
	const fixed: Record<string, number> = {};
	for (const c of shown) if (typeof c.width === 'number') fixed[c.id] = c.width;
	const set: ColumnSet<string> = {fixed, gaps: shown.length - 1, minRest: spec.flex.minRest, imageFrom: 0, ports: spec.flex.ports, name: spec.flex.name};
	const fit = fitColumns(width - GUTTER, set) as Record<string, number>;
	return shown.map((c) => ({...c, width: typeof c.width === 'number' ? c.width : fit[c.width]!}));
}

const right = (text: string, w: number) => (text.length >= w ? fitCell(text, w) : ' '.repeat(w - text.length) + text);

export function ResourcePane({spec, rows, cursor, offset, width, height, theme, cells, loaded, error, filter, filterError, sort}: ResourcePaneProps) {
	const columns = useMemo(() => resourceColumns(spec, width), [spec, width]);
	const widths = columns.map((c) => c.width);
	// a failed reload over a list shown before: the rows are the last ones the engine gave; one line says why they may be stale
	const note = loaded && error && rows.length > 0 ? `Cannot list ${spec.kind} again: ${error}` : null;
	const visible = resourceVisible(height) - (note ? 1 : 0);
	// the selected row stays on screen above the note
	const from = note && cursor >= offset + visible ? cursor - visible + 1 : offset;
	const slice = rows.slice(from, from + Math.max(1, visible));
	const position = rows.length > visible ? `${cursor + 1}/${rows.length}` : '';
	const used = GUTTER + widths.reduce((a, b) => a + b, 0) + widths.length - 1;
	const header = columns.map((c, i) => {
		const w = widths[i]!;
		let t = c.id === sort.by ? `${c.title.length + 1 > w ? c.title.slice(0, Math.max(0, w - 1)) : c.title}${sort.desc ? '▼' : '▲'}` : c.title;
		if (i === 0 && position && t.length + 1 + position.length <= w) t = `${t}${' '.repeat(w - t.length - position.length - 1)}${position}`;
		return c.right ? right(t, w) : fitCell(t, w);
	});
	const empty = !loaded ? `Loading ${spec.kind}…` : error ? `Cannot list ${spec.kind}: ${error}` : filter ? `No ${spec.noun} matches "${filter}"${filterError ? ` (regex: ${filterError})` : ''}. Esc clears the filter.` : spec.none;
	return (
		<Box flexDirection="column" height={height} width={width} overflow="hidden">
			<Text bold color={color(theme, theme.dim)} wrap="truncate">
				{' '.repeat(GUTTER)}
				{header.join(' ')}
			</Text>
			{slice.length === 0 ? (
				<Text color={color(theme, error && loaded ? theme.bad : theme.dim)} wrap={error && loaded ? 'wrap' : 'truncate'}>
					{empty}
				</Text>
			) : (
				slice.map((row, i) => {
					const selected = from + i === cursor;
					const th = selected ? {...theme, enabled: false} : theme;
					return (
						<Text key={row.key} inverse={selected} wrap="truncate">
							{' '.repeat(GUTTER)}
							{columns.map((c, j) => {
								const w = widths[j]!;
								const text = c.text(row.record, cells);
								const cell = c.right ? right(text, w) : fitCell(text, w);
								const sep = j < columns.length - 1 ? ' ' : '';
								return c.warn?.(row.record, cells) ? (
									<Text key={c.id} color={color(th, th.warn)}>
										{cell + sep}
									</Text>
								) : (
									cell + sep
								);
							})}
							{selected ? ' '.repeat(Math.max(0, width - used)) : ''}
						</Text>
					);
				})
			)}
			{note ? (
				<Text color={color(theme, theme.bad)} wrap="truncate">
					{note}
				</Text>
			) : null}
		</Box>
	);
}
