/** The mouse (when on): a click on a tab switches pane, a click on a list row selects it, the wheel scrolls. */
import {containerKey} from '../../model/subject.js';
import {PANES} from '../../state/types.js';
import {tabLabels} from '../components/Tabs.js';
import type {HandlerContext} from './context.js';
import {navigate} from './nav.js';
import {clickResource} from './resources.js';

/** An SGR mouse report as Ink hands it over (without the ESC): `[<b;x;yM` (press) or `…m` (release). */
const SGR_MOUSE = /^\x1b?\[<(\d+);(\d+);(\d+)([Mm])$/;

export interface MouseEvent {
	button: number;
	x: number;
	y: number;
	press: boolean;
}

export function parseMouse(input: string): MouseEvent | null {
	const m = SGR_MOUSE.exec(input);
	if (!m) return null;
	return {button: Number(m[1]), x: Number(m[2]), y: Number(m[3]), press: m[4] === 'M'};
}

/** Where things are on the screen (App knows; the handlers need it for clicks). */
export interface ScreenMap {
	/** banner lines under the tabs (0 when connected) */
	banner: number;
	width: number;
	offset: number;
	groupOffset: number;
	portOffset: number;
	/** first row shown of the images / volumes / networks list */
	resourceOffset: number;
	/** the tab bar's right side (subject and filter), its length decides the labels */
	tabRight: number;
}

const WHEEL_STEP = 3;

/** Act on one mouse report; `fresh` gives a context that sees the previous step's dispatch. */
export function handleMouse(ev: MouseEvent, fresh: () => HandlerContext): void {
	const ctx = fresh();
	const ui = ctx.state.ui;
	if (!ui.mouse || !ev.press || ui.input) return;
	// the wheel: 64 up, 65 down (modifier bits aside)
	if (ev.button & 64) {
		const id = (ev.button & 1) === 0 ? 'up' : 'down';
		for (let i = 0; i < WHEEL_STEP; i++) navigate(id, fresh());
		return;
	}
	if ((ev.button & 3) !== 0 || ev.button & 32 || ui.confirm || ui.help || ui.showMessages) return;
	const s = ctx.screen;
	// the tab bar is the second line
	if (ev.y === 2) {
		const {tabs, sep} = tabLabels(ui.pane, s.width, s.tabRight);
		let at = 1;
		for (const t of tabs) {
			if (ev.x >= at && ev.x < at + t.text.length) {
				if (PANES.includes(t.p)) ctx.store.dispatch({type: 'ui/pane', pane: t.p});
				return;
			}
			at += t.text.length + sep.length;
		}
		return;
	}
	// list rows: below the header, the tabs, the banner and the list's own column titles
	const row = ev.y - (4 + s.banner);
	if (row < 0) return;
	switch (ui.pane) {
		case 'containers': {
			const r = ctx.rows[s.offset + row];
			if (r) ctx.store.dispatch({type: 'ui/cursor', key: r.key});
			return;
		}
		case 'groups': {
			const g = ctx.groups[s.groupOffset + row];
			if (g) ctx.store.dispatch({type: 'ui/groupCursor', key: g.key});
			return;
		}
		case 'images':
		case 'volumes':
		case 'networks':
			if (!(ui.pane === 'images' && ctx.state.resources.history)) clickResource(ctx, ui.pane, s.resourceOffset + row);
			return;
		case 'ports': {
			const i = s.portOffset + row;
			const p = ctx.ports[i];
			if (!p) return;
			ctx.store.dispatch({type: 'ui/set', patch: {portCursor: i}});
			ctx.store.dispatch({type: 'ui/subject', key: containerKey(p.id)});
			return;
		}
	}
}
