/** Issue 15 — the mouse: m toggles; a click on a tab or a row, the wheel scrolls; reports never type. */
import assert from 'node:assert/strict';
import {afterEach, describe, it} from 'node:test';
import {mouseDefault} from '../../source/ui/services.js';
import {demoRecords} from './fixtures.js';
import {KEY, mount, storeWith, type Harness} from './harness.js';

let h: Harness | null = null;
afterEach(() => {
	h?.unmount();
	h = null;
});

const click = (x: number, y: number) => `\x1b[<0;${x};${y}M`;
const wheel = (down: boolean) => `\x1b[<${down ? 65 : 64};10;10M`;
const selected = (f: string) => f.split('\n').find((l) => /Doctor/.test(l))!;

describe('the mouse', () => {
	it('off: a mouse report does nothing (and its digits are not keys)', async () => {
		h = await mount(storeWith(demoRecords()));
		const before = h.frame();
		const f = await h.press(click(30, 2), wheel(true));
		assert.equal(f, before);
		// the input line does not take it as text either
		const g = await h.press('/', click(5, 6));
		assert.doesNotMatch(g, /\[</);
		await h.press(KEY.esc);
	});

	it('m on: click a tab, click a row, the wheel scrolls', async () => {
		let outs: boolean[] = [];
		h = await mount(storeWith(demoRecords()), {services: {mouse: (on: boolean) => void outs.push(on)}});
		let f = await h.press('m');
		assert.match(f, /Mouse on/);
		assert.equal(outs.at(-1), true, 'the terminal was asked for mouse reports');
		// the tab bar is line 2: click "3 Ports"
		const tabs = f.split('\n')[1]!;
		f = await h.press(click(tabs.indexOf('3 Ports') + 2, 2));
		assert.match(f, /HOST PORT/);
		f = await h.press(click(tabs.indexOf('1 Containers') + 2, 2));
		assert.match(f, /NAME/);
		// rows start on line 4 (after header, tabs and the column titles): line 6 is the api container
		const lines = f.split('\n');
		const at = lines.findIndex((l) => l.includes('demo_db_1'));
		f = await h.press(click(10, at + 1));
		assert.match(selected(f), /container demo_db_1/);
		// the wheel: three rows a notch
		f = await h.press(wheel(true));
		assert.match(selected(f), /service demo\/web/);
		f = await h.press(wheel(false));
		assert.match(selected(f), /container demo_db_1/);
		f = await h.press('m');
		assert.match(f, /Mouse off/);
		assert.equal(outs.at(-1), false);
		f = await h.press(click(tabs.indexOf('3 Ports') + 2, 2));
		assert.doesNotMatch(f, /HOST PORT/);
		outs = [];
	});

	it('on by default, except over TERM=screen or with BERTH_MOUSE=0', () => {
		assert.equal(mouseDefault({TERM: 'xterm-256color'}), true);
		assert.equal(mouseDefault({TERM: 'screen'}), false);
		assert.equal(mouseDefault({TERM: 'screen-256color'}), false);
		assert.equal(mouseDefault({TERM: 'xterm', BERTH_MOUSE: '0'}), false);
	});
});
