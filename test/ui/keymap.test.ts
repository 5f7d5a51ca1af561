/** The key table: every id bound once and handled, no two bindings on one key in one scope — also after a config remap. */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {bindingsFromConfig} from '../../source/ui/settings.js';
import {HANDLERS} from '../../source/ui/handlers/index.js';
import {applyKeyOverrides, BINDING_IDS, keyCollisions, keymap, lookup, PANE_SCOPES} from '../../source/ui/keymap.js';

describe('keymap', () => {
	it('every binding id has exactly one binding and a handler', () => {
		assert.deepEqual(keymap.map((b) => b.id).sort(), [...BINDING_IDS].sort());
		for (const id of BINDING_IDS) assert.equal(typeof HANDLERS[id], 'function', id);
	});

	it('no two bindings share a key in one scope', () => {
		assert.deepEqual(keyCollisions(keymap), []);
		const dup = [...keymap, {...keymap.find((b) => b.id === 'kill')!, id: 'remove' as const, keys: ['K']}];
		assert.deepEqual(keyCollisions(dup), [{scope: 'targets', key: 'K', ids: ['kill', 'remove']}]);
	});

	it('a remap onto a key its scope already uses is reported and not applied (restart → R collides with compose recreate)', () => {
		const {bindings, collisions} = applyKeyOverrides(keymap, {restart: ['R']});
		assert.equal(collisions.length, 1);
		assert.match(collisions[0]!, /"R" is bound to restart and compose-recreate \(Actions\)/);
		assert.deepEqual(keyCollisions(bindings), []);
		assert.equal(lookup('r', PANE_SCOPES.containers, bindings)?.id, 'restart', 'restart keeps its default key');
		assert.equal(lookup('R', PANE_SCOPES.containers, bindings)?.id, 'compose-recreate');
		const {problems} = bindingsFromConfig({keys: {restart: 'R', nonsense: ['z']}});
		assert.deepEqual(problems, ['config: unknown key commands nonsense', 'config: keys not remapped: "R" is bound to restart and compose-recreate (Actions)']);
	});

	it('a swap of two keys is no collision, and applies', () => {
		const {bindings, collisions} = applyKeyOverrides(keymap, {restart: ['R'], 'compose-recreate': ['ctrl+r']});
		assert.deepEqual(collisions, []);
		assert.equal(lookup('R', PANE_SCOPES.containers, bindings)?.id, 'restart');
		// a key bound in a narrower scope than an action's (y: log-yank in logs, yank-name elsewhere) is not a collision
		assert.equal(lookup('y', PANE_SCOPES.logs, bindings)?.id, 'log-yank');
	});
});
