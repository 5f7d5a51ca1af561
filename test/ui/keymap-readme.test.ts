/**
 * The README's key cheatsheet is generated from the keymap (`npm run keys`); this fails when the
 * table in README.md differs from the keymap.
 * Also: one table drives everything — no key is bound twice in a scope the App combines.
 */
import assert from 'node:assert/strict';
import {existsSync, readFileSync} from 'node:fs';
import {describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';
import {PANE_SCOPES} from '../../source/ui/App.js';
import {applyKeyOverrides, keymap, keysMarkdown, lookup, visibleBindings} from '../../source/ui/keymap.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const START = '<!-- keys:start -->';
const END = '<!-- keys:end -->';

function tableIn(file: string): string | null {
	if (!existsSync(root + file)) return null;
	const doc = readFileSync(root + file, 'utf8');
	const a = doc.indexOf(START);
	const b = doc.indexOf(END);
	if (a < 0 || b < a) return null;
	return doc.slice(a + START.length, b).trim();
}

describe('keymap', () => {
	it('the README cheatsheet equals the keymap (run `npm run keys` after changing keys)', () => {
		const table = tableIn('README.md');
		assert.ok(table, 'no <!-- keys:start --> … <!-- keys:end --> in README.md');
		assert.equal(table, keysMarkdown(keymap).trim());
		for (const b of keymap) assert.ok(table.includes(`\`${b.id}\``), `${b.id} missing from the cheatsheet`);
	});

	it('within each pane, a key reaches exactly the first binding of the scopes in order (no shadowed duplicates in one scope)', () => {
		for (const scopes of Object.values(PANE_SCOPES)) {
			for (const s of scopes) {
				const seen = new Map<string, string>();
				for (const b of keymap.filter((x) => x.scope === s)) {
					for (const k of b.keys) {
						assert.ok(!seen.has(k), `key ${k} bound twice in scope ${s}: ${seen.get(k)} and ${b.id}`);
						seen.set(k, b.id);
					}
				}
			}
		}
		assert.equal(lookup('r', PANE_SCOPES.containers)?.id, 'restart');
		assert.equal(lookup('y', PANE_SCOPES.logs)?.id, 'log-yank');
		assert.equal(lookup('y', PANE_SCOPES.containers)?.id, 'yank-name');
		assert.equal(lookup('/', PANE_SCOPES.inspect)?.id, 'inspect-search');
	});

	it('read-only hides every dangerous entry; allowed() filters by id (roles)', () => {
		const ro = visibleBindings(keymap, {readOnly: true});
		assert.ok(ro.length < keymap.length);
		assert.ok(ro.every((b) => !b.dangerous));
		assert.ok(ro.some((b) => b.id === 'down'));
		const noKill = visibleBindings(keymap, {allowed: (id) => id !== 'kill'});
		assert.equal(noKill.find((b) => b.id === 'kill'), undefined);
		assert.ok(noKill.find((b) => b.id === 'restart'));
		// every dangerous action that destroys or interrupts asks first
		for (const id of ['stop', 'restart', 'kill', 'remove', 'compose-down']) assert.equal(keymap.find((b) => b.id === id)?.confirm, true, id);
	});

	it('remaps keys from the config and reports unknown command ids', () => {
		// (R would collide with compose-recreate: see keymap.test.ts)
		const {bindings, unknown} = applyKeyOverrides(keymap, {restart: ['T', 'ctrl+r'], nope: 'z', stop: 'S'});
		assert.deepEqual(bindings.find((b) => b.id === 'restart')?.keys, ['T', 'ctrl+r']);
		assert.deepEqual(bindings.find((b) => b.id === 'stop')?.keys, ['S']);
		assert.deepEqual(unknown, ['nope']);
	});
});
