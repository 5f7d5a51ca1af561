/** Saving the logs pane to a file (S), the config file (keys remapped, theme, read-only) via BERTH_CONFIG_DIR. */
import assert from 'node:assert/strict';
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, afterEach, describe, it} from 'node:test';
import {saveText} from '../../source/state/effects/save.js';
import {loadConfig} from '../../source/ui/settings.js';
import {applyKeyOverrides, keymap} from '../../source/ui/keymap.js';
import {makeTheme} from '../../source/ui/theme.js';
import {demoRecords} from './fixtures.js';
import {KEY, mount, storeWith, type Harness} from './harness.js';

const dir = mkdtempSync(join(tmpdir(), 'berth-ui-'));
let h: Harness | null = null;
afterEach(() => {
	h?.unmount();
	h = null;
});
after(() => rmSync(dir, {recursive: true, force: true}));

describe('logs save and config', () => {
	it('S saves the shown (filtered) lines, colour codes stripped, prefixed in merged views; never overwrites', async () => {
		const store = storeWith(demoRecords());
		const lines = ['\x1b[32mok\x1b[0m one', 'error two', 'ok three'].map((text, i) => ({seq: i + 1, ts: null, text, stream: 'stdout' as const, source: `w_${(i % 2) + 1}`, sourceIndex: i % 2}));
		store.dispatch({type: 'logs/set', logs: {subject: 's:demo/worker', lines, dropped: 0, sources: 2, error: null}});
		store.dispatch({type: 'ui/pane', pane: 'logs'});
		h = await mount(store, {services: {save: saveText}});
		await h.press('f', 'o', 'k', KEY.enter);
		let f = await h.press('S');
		assert.match(f, /save to: berth-demo_worker-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.log/);
		const path = join(dir, 'saved.log');
		f = await h.press('\x15', ...path.split(''), KEY.enter);
		await new Promise((r) => setTimeout(r, 100));
		f = await h.press();
		assert.match(f, /Saved 2 lines to .*saved\.log/);
		assert.equal(readFileSync(path, 'utf8'), 'w_1 | ok one\nw_1 | ok three\n');
		await h.press('S', '\x15', ...path.split(''), KEY.enter);
		await new Promise((r) => setTimeout(r, 100));
		f = await h.press();
		// the footer keeps the fix line whole and the message's start; :messages has it whole
		assert.match(f, /Could not save: .*→ Pick a path in a directory you can write to\./);
		f = await h.press(':', ...'messages', KEY.enter);
		assert.match(f.replace(/[│\s]+/g, ''), /Couldnotsave:.*saved\.logexists\(berthneveroverwrites\)/);
	});

	it('the config file remaps keys, recolours the theme and may set read-only', async () => {
		const cfgDir = join(dir, 'cfg');
		const none = await loadConfig({BERTH_CONFIG_DIR: cfgDir});
		const path = none.path;
		assert.equal(path, join(cfgDir, 'config.json'));
		assert.deepEqual(none, {config: {}, path, problem: null}, 'no file: the defaults');
		mkdirSync(cfgDir, {recursive: true});
		writeFileSync(path, JSON.stringify({keys: {restart: ['R'], 'compose-recreate': ['ctrl+r']}, theme: {accent: 'magenta'}, logs: {tail: 50}, readOnly: true}));
		const loaded = await loadConfig({BERTH_CONFIG_DIR: cfgDir});
		assert.equal(loaded.problem, null);
		assert.equal(loaded.config.readOnly, true);
		assert.equal(loaded.config.logs?.tail, 50);
		assert.equal(makeTheme(true, loaded.config.theme).accent, 'magenta');
		const {bindings} = applyKeyOverrides(keymap, loaded.config.keys);
		const calls: string[] = [];
		h = await mount(storeWith(demoRecords()), {
			bindings,
			services: {actions: {busy: () => false, run: async (cmd) => (calls.push(cmd), true)}},
		});
		await h.press('j', 'j', 'r');
		assert.equal(h.frame().includes('Restart demo_api_1?'), false, 'r no longer restarts');
		const f = await h.press('R');
		assert.match(f, /Restart demo_api_1\?/);
		writeFileSync(path, '{not json');
		assert.match((await loadConfig({BERTH_CONFIG_DIR: cfgDir})).problem ?? '', /config ignored/);
	});
});
