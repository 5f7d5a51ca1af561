/**
 * A bench worker bundled the way berth is (scripts/build.mjs): production React, Ink with berth's
 * patches (scripts/patches/ink.mjs), the same node target; so what it measures is what berth's
 * build runs, not tsx's development-mode React and unpatched Ink. Run it with berth's node flags
 * (context.ts shebangFlags).
 */
import {mkdirSync, readFileSync} from 'node:fs';
import {build, type Plugin} from 'esbuild';
import {INK_PATCHES, patchInk} from '../scripts/patches/ink.mjs';

const inkPatches: Plugin = {
	name: 'ink-patches',
	setup(b) {
		b.onLoad({filter: /ink[\\/]build[\\/](output|render-node-to-output|measure-text|wrap-text|sanitize-ansi)\.js$/}, (args) => {
			const file = Object.keys(INK_PATCHES).find((f) => args.path.replaceAll('\\', '/').endsWith(`node_modules/${f}`));
			const text = readFileSync(args.path, 'utf8');
			return {contents: file ? patchInk(file, text) : text, loader: 'js'};
		});
	},
};

/** Bundles bench/workers/<name>.ts into <root>.bench/workers/<name>.mjs; returns its path. */
export async function bundleWorker(root: string, name: string): Promise<string> {
	const dir = `${root}.bench/workers`;
	mkdirSync(dir, {recursive: true});
	const out = `${dir}/${name}.mjs`;
	await build({
		entryPoints: [`${root}bench/workers/${name}.ts`],
		outfile: out,
		bundle: true,
		platform: 'node',
		format: 'esm',
		target: 'node20',
		jsx: 'automatic',
		logLevel: 'warning',
		define: {'process.env.NODE_ENV': '"production"', 'process.env.DEV': '"false"', BERTH_VERSION: '"bench"'},
		alias: {'react-devtools-core': `${root}scripts/stubs/react-devtools-core.js`},
		external: ['cpu-features', '*.node', 'ssh2', '@grpc/grpc-js', '@grpc/proto-loader', 'protobufjs'],
		plugins: [inkPatches],
		banner: {
			js: [
				"import {createRequire as __berthCreateRequire} from 'node:module';",
				"import {fileURLToPath as __berthToPath} from 'node:url';",
				"import {dirname as __berthDirname} from 'node:path';",
				'const require = __berthCreateRequire(import.meta.url);',
				'const __filename = __berthToPath(import.meta.url);',
				'const __dirname = __berthDirname(__filename);',
			].join('\n'),
		},
	});
	return out;
}
