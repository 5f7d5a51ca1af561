/**
 * A bench worker bundled the way berth is (scripts/build.mjs): production React, Ink with berth's
 * patches, the lazy requires, the same node target (scripts/bundle-options.mjs); so what it measures is what berth's
 * build runs, not tsx's development-mode React and unpatched Ink. Run it with berth's node flags
 * (context.ts shebangFlags).
 */
import {mkdirSync} from 'node:fs';
import {build} from 'esbuild';
import {bundleOptions} from '../scripts/bundle-options.mjs';

/** Bundles bench/workers/<name>.ts into <root>.bench/workers/<name>.mjs; returns its path. */
export async function bundleWorker(root: string, name: string): Promise<string> {
	const dir = `${root}.bench/workers`;
	mkdirSync(dir, {recursive: true});
	const out = `${dir}/${name}.mjs`;
	await build({...bundleOptions('bench'), entryPoints: [`${root}bench/workers/${name}.ts`], outfile: out});
	return out;
}
