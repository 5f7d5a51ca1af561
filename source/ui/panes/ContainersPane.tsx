import {Box, Text} from 'ink';
import React, {useRef} from 'react';
import {columnsFor} from '../../core/present.js';
import type {Row} from '../../core/tree.js';
import {ContainerRow, HeaderRow} from '../components/ContainerRow.js';
import {color, type Theme} from '../theme.js';

interface Props {
	rows: Row[];
	cursor: number;
	width: number;
	/** lines available, header included */
	height: number;
	now: number;
	theme: Theme;
	loaded: boolean;
}

/** Keeps the cursor in view with the least scrolling (a virtualised list: only visible rows render). */
export function useScroll(cursor: number, visible: number, total: number): number {
	const offset = useRef(0);
	let o = offset.current;
	if (cursor < o) o = cursor;
	if (cursor >= o + visible) o = cursor - visible + 1;
	o = Math.max(0, Math.min(o, Math.max(0, total - visible)));
	offset.current = o;
	return o;
}

export function ContainersPane({rows, cursor, width, height, now, theme, loaded}: Props) {
	const cols = columnsFor(width);
	const visible = Math.max(1, height - 1);
	const offset = useScroll(cursor, visible, rows.length);
	const slice = rows.slice(offset, offset + visible);
	return (
		<Box flexDirection="column" height={height} width={width} overflow="hidden">
			<HeaderRow cols={cols} theme={theme} />
			{slice.length === 0 ? (
				<Text color={color(theme, theme.dim)}>{loaded ? 'No containers on this engine. Start one, or run `npm run demo`.' : 'Loading containers…'}</Text>
			) : (
				slice.map((row, i) => <ContainerRow key={row.key} row={row} selected={offset + i === cursor} cols={cols} width={width} now={now} theme={theme} />)
			)}
		</Box>
	);
}
