// Bundle the CLI with esbuild: one ESM file, start-up roughly halved against unbundled.
import {build} from 'esbuild';
import {chmodSync, readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const {version} = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));
await build({
	entryPoints: [`${root}source/cli.tsx`],
	outfile: `${root}dist/cli.js`,
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	jsx: 'automatic',
	minify: false,
	sourcemap: false,
	legalComments: 'none',
	logLevel: 'warning',
	define: {'process.env.NODE_ENV': '"production"', 'process.env.DEV': '"false"', BERTH_VERSION: JSON.stringify(version)},
	alias: {'react-devtools-core': `${root}scripts/stubs/react-devtools-core.js`},
	// native, optional bits of ssh2 (used only for ssh:// hosts) stay outside the bundle
	external: ['cpu-features', '*.node'],
	banner: {
		js: [
			'#!/usr/bin/env node',
			"import {createRequire as __berthCreateRequire} from 'node:module';",
			"import {fileURLToPath as __berthToPath} from 'node:url';",
			"import {dirname as __berthDirname} from 'node:path';",
			'const require = __berthCreateRequire(import.meta.url);',
			'const __filename = __berthToPath(import.meta.url);',
			'const __dirname = __berthDirname(__filename);',
		].join('\n'),
	},
});
chmodSync(`${root}dist/cli.js`, 0o755);
