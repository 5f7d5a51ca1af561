/** Sizes: how the screen divides at a given terminal size (pure, tested at 80×24 and larger). */
import {fitColumns, type ColumnSet} from '../model/columns.js';
import type {PaneId} from '../state/types.js';

export interface Layout {
	/** total frame height: rows − 1 (a full-height frame makes Ink clear the screen and flicker) */
	height: number;
	width: number;
	/** main pane height (below header, tabs and banner; above the status line) */
	main: number;
	/** lines of the logs preview under a list pane on tall terminals (0: none) */
	preview: number;
}

export function layoutFor(columns: number, rows: number, pane: PaneId, banner: number): Layout {
	const height = Math.max(6, rows - 1);
	const width = Math.max(40, columns);
	const main = Math.max(3, height - 3 - banner);
	const list = pane === 'containers' || pane === 'groups' || pane === 'ports';
	const preview = list && rows >= 42 ? Math.min(16, Math.floor(main * 0.4)) : 0;
	return {height, width, main: main - preview, preview};
}

export interface Columns {
	mark: number;
	name: number;
	state: number;
	health: number;
	ports: number;
	image: number;
	cpu: number;
	mem: number;
	uptime: number;
}

/** The dashboard's container list: mark, CPU and MEM besides the status columns; the image column from 110 columns. */
const LIST: ColumnSet<'mark' | 'state' | 'health' | 'cpu' | 'mem' | 'uptime'> = {
	fixed: {mark: 2, state: 11, health: 9, cpu: 6, mem: 7, uptime: 6},
	gaps: 7,
	minRest: 20,
	imageFrom: 110,
	ports: {share: 0.36, min: 5, full: {width: 24, fromRest: 52}},
	name: {share: 0.58, min: 10},
};

/** Container list columns (the one rule: model/columns.ts). */
export function listColumns(width: number): Columns {
	return fitColumns(width, LIST);
}
