/** The tests draw with the Ink that ships: patched as the bundle is (scripts/patches/ink.mjs, loaded by scripts/patches/ink-hooks.mjs). */
import assert from 'node:assert/strict';
import {join} from 'node:path';
import {pathToFileURL} from 'node:url';
import {describe, it} from 'node:test';
import {INK_PATCHES} from '../../scripts/patches/ink.mjs';

describe('Ink under test', () => {
	it('is the patched Ink of the bundle, every patched file', async () => {
		await import('ink');
		const output = (await import(pathToFileURL(join(process.cwd(), 'node_modules/ink/build/output.js')).href)).default as {toString(): string};
		assert.match(String(output), /__berthSharedCaches/, 'output.js as the dashboard loads it');
		assert.deepEqual(Object.keys(INK_PATCHES).sort(), ['ink/build/measure-text.js', 'ink/build/output.js', 'ink/build/render-node-to-output.js', 'ink/build/sanitize-ansi.js', 'ink/build/wrap-text.js']);
	});
});
