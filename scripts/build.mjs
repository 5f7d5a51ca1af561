// Bundle the CLI with esbuild into dist/ (start-up roughly halved against unbundled ESM).
// Code splitting: dist/cli.js is small; each command and the dashboard are chunks loaded by the
// dynamic imports in commands/registry.ts and cli.tsx, so `berth --version` or `berth status`
// never compile Ink, and the dashboard never compiles the compose model.
// Loaded lazily, from node_modules, only when used: ssh2 (ssh:// engine hosts) and dockerode's
// BuildKit session (gRPC + protobuf; berth never builds images through dockerode).
import {build} from 'esbuild';
import {chmodSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {fileURLToPath} from 'node:url';
import {SCHEMA_RUNTIME, bundleOptions} from './bundle-options.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = process.env.BERTH_BUILD_OUTDIR ?? `${root}dist`;
const {version} = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));

rmSync(outdir, {recursive: true, force: true});
await build({
	...bundleOptions(version),
	entryPoints: {cli: `${root}source/cli.tsx`},
	outdir,
	splitting: true,
	chunkNames: 'chunks/[name]-[hash]',
});
// dist/compose-schema.cjs: the compose schema's validator compiled now, as ajv's standalone code
// (runtime.ts's compile(), so the very schema and options the tests use), with the same
// compile() interface; it then costs a require on the first validation instead of ajv's compile.
{
	const tmp = `${outdir}/.compose-schema`; // inside the project: the generated code requires ajv's runtime helpers
	const common = {bundle: true, platform: 'node', format: 'cjs', target: 'node20', minify: false, legalComments: 'none', logLevel: 'warning'};
	// ajv left external: the standalone generator must see the very ajv that compiled
	await build({...common, entryPoints: [`${root}source/core/compose/schema/runtime.ts`], outfile: `${tmp}/runtime.cjs`, external: ['ajv']});
	const requireHere = createRequire(import.meta.url);
	const {compile} = requireHere(`${tmp}/runtime.cjs`);
	const {ajv, validate} = compile({source: true});
	const {default: standaloneCode} = requireHere('ajv/dist/standalone');
	writeFileSync(`${tmp}/validate.cjs`, standaloneCode(ajv, validate));
	await build({
		...common,
		stdin: {contents: "const v = require('./validate.cjs'); exports.compile = () => ({validate: v.default ?? v});", resolveDir: tmp, loader: 'js'},
		outfile: `${outdir}/${SCHEMA_RUNTIME}`,
	});
	rmSync(tmp, {recursive: true, force: true});
}
// the entry gets the shebang (chunks are plain modules), with V8 heap flags: a young generation of
// 2 × 2 MB instead of 2 × 16 MB, and an old generation that V8 keeps compact below 128 MB (it otherwise
// lets garbage grow far past the live data before collecting). Measured with the log pane following
// ≈10,000 lines/s: peak RSS 163–255 MB → ≈110 MB for ≈2 points more CPU (docs/performance.md).
// Whatever runs the dashboard should use them: the bench and the demo read them from that first line.
const NODE_FLAGS = ['--max-semi-space-size=2', '--max-old-space-size=128'];
const entry = `${outdir}/cli.js`;
writeFileSync(entry, `#!/usr/bin/env -S node ${NODE_FLAGS.join(' ')}\n` + readFileSync(entry, 'utf8'));
chmodSync(entry, 0o755);
