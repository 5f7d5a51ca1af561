/** Sizes: how the screen divides at a given terminal size (pure, tested at 80×24 and larger). */
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

/** Container list columns; the image column appears from 110 columns. */
export function listColumns(width: number): Columns {
	const state = 11;
	const health = 9;
	const cpu = 6;
	const mem = 7;
	const uptime = 6;
	const fixed = 2 + state + health + cpu + mem + uptime;
	const withImage = width >= 110;
	const rest = Math.max(20, width - fixed - (withImage ? 7 : 6));
	// full "127.0.0.1:18181→8080/tcp" needs 24; narrower shows "18181→8080"
	const ports = rest >= 52 ? 24 : Math.max(5, Math.floor(rest * 0.36));
	if (!withImage) return {mark: 2, name: rest - ports, state, health, ports, image: 0, cpu, mem, uptime};
	const name = Math.max(10, Math.floor((rest - ports) * 0.58));
	return {mark: 2, name, state, health, ports, image: rest - ports - name, cpu, mem, uptime};
}
