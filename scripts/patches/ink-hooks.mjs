// Node module hooks (registered by ink-loader.mjs): Ink's files load with the very patches the
// bundle gets at build time (scripts/patches/ink.mjs, applied by scripts/build.mjs), so the
// ink-testing-library tests run what ships. A patch that no longer matches fails the load.
import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {INK_PATCHES, patchInk} from './ink.mjs';

export async function load(url, context, nextLoad) {
	// `…/output.js?unpatched`: Ink as published (test/ui/ink-patches.test.ts compares the two)
	const u = new URL(url);
	const file = u.protocol === 'file:' && !u.searchParams.has('unpatched') ? Object.keys(INK_PATCHES).find((f) => u.pathname.endsWith(`/node_modules/${f}`)) : undefined;
	if (!file) return nextLoad(url, context);
	return {format: 'module', source: patchInk(file, readFileSync(fileURLToPath(url), 'utf8')), shortCircuit: true};
}
