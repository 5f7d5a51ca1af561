/**
 * How berth is bundled (scripts/build.mjs), shared with what must run as berth's build does (the
 * bench's workers, bench/bundle.ts): production React, Ink with berth's patches, the lazy requires
 * and the rest of the plugins below, the same node target, externals and banner.
 */
import {readFileSync} from 'node:fs';
import {dirname} from 'node:path';
import {fileURLToPath} from 'node:url';
import {INK_PATCHES, patchInk} from './patches/ink.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Top-level requires that become lazy (and one eager debug format): [file suffix, exact text, replacement]. */
const LAZY = [
	['docker-modem/lib/modem.js', "ssh = require('./ssh'),", "ssh = function (o) { return require('./ssh')(o); },"],
	['dockerode/lib/docker.js', "withSession = require('./session'),", 'withSession = function () { return require(\'./session\').apply(this, arguments); },'],
	// a build context's tar packing (tar-fs, tar-stream, bl, readable-stream …): only buildImage uses it
	['dockerode/lib/util.js', "var tar = require('tar-fs');", "var tar = {pack: function () { return require('tar-fs').pack.apply(this, arguments); }};"],
	['dockerode/lib/util.js', "var DockerIgnore = require('@balena/dockerignore');", "var DockerIgnore = function () { return require('@balena/dockerignore').apply(this, arguments); };"],
	// gzip of a build context: only buildImage uses it
	['dockerode/lib/util.js', "var zlib = require('zlib');", "var zlib = {createGzip: function () { return require('zlib').createGzip.apply(this, arguments); }};"],
	// https (and with it tls and crypto: ≈20 ms of CPU to compile on a Node without a code cache for
	// its own modules) only for an https engine: docker-modem's redirecting wrappers take the module
	// as a prototype, so a proxy that loads it on the first property read stands in for it
	['docker-modem/lib/http.js', "var nativeHttps = require('https'),", "var nativeHttps = new Proxy({}, {get: function (_, k) { return require('https')[k]; }, has: function (_, k) { return k in require('https'); }}),"],
	// the duplex stream of a hijacked connection (readable-stream): only exec/attach with hijack
	['docker-modem/lib/modem.js', "HttpDuplex = require('./http_duplex'),", "HttpDuplex = function (req, res) { var D = require('./http_duplex'); return new D(req, res); },"],
	// not a require: docker-modem formats every request's options (util.inspect, showHidden, depth
	// null: ≈10 ms for the first, ~1 ms each after) for a debug line that is off unless DEBUG=modem
	['docker-modem/lib/modem.js', "debug('Sending: %s', util.inspect(options, {", "if (debug.enabled) debug('Sending: %s', util.inspect(options, {"],
];
const lazyRequires = {
	name: 'lazy-requires',
	setup(b) {
		b.onLoad({filter: /(docker-modem[\\/]lib[\\/](modem|http)|dockerode[\\/]lib[\\/](docker|util))\.js$/}, (args) => {
			let text = readFileSync(args.path, 'utf8');
			for (const [suffix, from, to] of LAZY) {
				if (!args.path.replaceAll('\\', '/').endsWith(suffix)) continue;
				if (!text.includes(from)) throw new Error(`build: expected "${from}" in ${suffix} (dependency changed?)`);
				text = text.replace(from, to);
			}
			return {contents: text, loader: 'js'};
		});
	},
};

/**
 * meow without package.json: berth passes meow `pkg` (commands/common.ts MEOW_PKG), so meow never
 * reads package.json (readPackageUpSync) and normalises it only if `.pkg` is read, which berth never
 * does. Cutting those two imports lets esbuild drop normalize-package-data and its licence tables
 * (spdx-correct sorts its transpositions at load): ≈200 KB less for every one-shot command to compile.
 */
const MEOW_FROM = "import { a as readPackageUpSync, n as normalizePackageData } from './dependencies.js';";
const MEOW_TO = [
	"const readPackageUpSync = () => { throw new Error('berth: meow needs options.pkg (package.json is not read)'); };",
	'const normalizePackageData = () => {};',
].join(' ');
// …and in its bundled dependencies the top-level calls that build those two are marked pure, so
// that unused they go (with babel's code frame, semver, spdx, hosted-git-info …)
const MEOW_PURE = ['var libExports = requireLib$1();', 'var normalizeExports = requireNormalize();', 'const normalizePackageData = getDefaultExportFromCjs(normalizeExports);', 'promisify(execFile);'];
const pure = (statement) => statement.replace(/(= |^)(?=[\w$]+\()/, '$1/* @__PURE__ */ ');
const meowWithoutPackageJson = {
	name: 'meow-without-package-json',
	setup(b) {
		b.onLoad({filter: /meow[\\/]build[\\/](options|dependencies)\.js$/}, (args) => {
			let text = readFileSync(args.path, 'utf8');
			const edits = args.path.endsWith('options.js') ? [[MEOW_FROM, MEOW_TO]] : MEOW_PURE.map((st) => [st, pure(st)]);
			for (const [from, to] of edits) {
				if (!text.includes(from)) throw new Error(`build: expected "${from}" in ${args.path} (meow changed?)`);
				text = text.replace(from, to);
			}
			return {contents: text, loader: 'js'};
		});
	},
};

/**
 * string-width builds its grapheme segmenter and Unicode-property regexes when it is loaded: ICU's
 * break iterator and the expansion of \p{RGI_Emoji} alone cost ≈35 ms of CPU at every start, even
 * where only ASCII is measured (its fast path needs neither). Built on first use instead.
 */
const STRING_WIDTH_LAZY = [
	['segmenter', 'new Intl.Segmenter()'],
	['visibleCharacterRegex', '/[^\\p{Default_Ignorable_Code_Point}\\p{Control}\\p{Format}\\p{Nonspacing_Mark}\\p{Enclosing_Mark}\\p{Surrogate}]/v'],
	['spacingMarkRegex', '/\\p{Spacing_Mark}/v'],
	['rgiEmojiRegex', '/^\\p{RGI_Emoji}$/v'],
];
/** Characters each of which is a grapheme cluster of its own whatever surrounds it (see lazyStringWidth). */
const ONE_CLUSTER_EACH = '/^[\\u0020-\\u007E\\u00A1-\\u00AC\\u00AE-\\u02FF\\u2010-\\u2027\\u2030-\\u205E\\u2070-\\u20CF\\u2100-\\u27BF]*$/';
const lazyStringWidth = {
	name: 'lazy-string-width',
	setup(b) {
		b.onLoad({filter: /node_modules[\\/]string-width[\\/]index\.js$/}, (args) => {
			let text = readFileSync(args.path, 'utf8');
			// only string-width 8 (the one berth and Ink import); wrap-ansi's own 7.x is left alone
			if (!text.includes('const rgiEmojiRegex')) return {contents: text, loader: 'js'};
			for (const [name, expr] of STRING_WIDTH_LAZY) {
				const decl = `const ${name} = ${expr};`;
				if (!text.includes(decl)) throw new Error(`build: expected "${decl}" in ${args.path} (string-width changed?)`);
				const use = new RegExp(`(?<![\\w$])${name}(?![\\w$])`, 'g');
				const [before, after] = text.split(decl);
				if ((before + after).match(use) === null) throw new Error(`build: no use of ${name} in ${args.path}`);
				text = before.replace(use, `${name}()`) + `let ${name}$;\nconst ${name} = () => (${name}$ ??= ${expr});` + after.replace(use, `${name}()`);
			}
			// every RGI emoji sequence holds a non-ASCII code point with the Emoji property, or is a keycap
			// (U+20E3): a cluster with neither cannot match \p{RGI_Emoji}, so that test first keeps '…',
			// '·', digits, box drawing … from building the regex at all
			const RGI_USE = 'rgiEmojiRegex().test(segment)';
			if (text.split(RGI_USE).length !== 2) throw new Error(`build: expected one "${RGI_USE}" in ${args.path}`);
			text = text.replace(RGI_USE, `(emojiCodePoint.test(segment) && ${RGI_USE})`).replace('let rgiEmojiRegex$;', 'const emojiCodePoint = /(?![\\u0000-\\u007F])\\p{Emoji}|\\u20E3/u;\nlet rgiEmojiRegex$;');
			// a lone printable ASCII character (most of a line that is not all ASCII) is one column: what
			// the checks below conclude for it, without running them
			const LOOP = '// Zero-width / non-printing clusters';
			if (text.split(LOOP).length !== 2) throw new Error(`build: expected one "${LOOP}" in ${args.path}`);
			// one code point is one grapheme cluster: '…' or '·' alone needs no segmenter (nor builds it)
			const SEGMENTS = 'segmenter().segment(string)';
			if (text.split(SEGMENTS).length !== 2) throw new Error(`build: expected one "${SEGMENTS}" in ${args.path}`);
			// a string of printable ASCII and characters that never join a neighbour's cluster (their
			// grapheme break class is Other: Latin-1 and Latin Extended letters and signs, punctuation,
			// arrows, math, box drawing, shapes, dingbats — test/build/string-width.test.ts checks each
			// against Intl.Segmenter) is one cluster per code point: `127.0.0.1:80→80/tcp` needs no
			// segmenter (ICU's break iterator: ≈12 ms of CPU to build, for `berth status` and its ports)
			text = text.replace(SEGMENTS, '(string.length === 1 || (string.length === 2 && string.codePointAt(0) > 0xFFFF) ? [{segment: string}] : oneClusterEach.test(string) ? Array.from(string, (segment) => ({segment})) : segmenter().segment(string))');
			if (text.split('let segmenter$;').length !== 2) throw new Error(`build: expected one "let segmenter$;" in ${args.path}`);
			text = text.replace('let segmenter$;', `const oneClusterEach = ${ONE_CLUSTER_EACH};\nlet segmenter$;`);
			text = text.replace(LOOP, "if (segment.length === 1 && segment >= ' ' && segment <= '~') {\n\t\t\twidth++;\n\t\t\tcontinue;\n\t\t}\n\n\t\t" + LOOP);
			return {contents: text, loader: 'js'};
		});
	},
};

/** Ink's frames do less work and its caches stay bounded (scripts/patches/ink.mjs says why). */
const inkPatches = {
	name: 'ink-patches',
	setup(b) {
		b.onLoad({filter: /ink[\\/]build[\\/](output|render-node-to-output|measure-text|wrap-text|sanitize-ansi)\.js$/}, (args) => {
			const file = Object.keys(INK_PATCHES).find((f) => args.path.replaceAll('\\', '/').endsWith(`node_modules/${f}`));
			const text = readFileSync(args.path, 'utf8');
			return {contents: file ? patchInk(file, text) : text, loader: 'js'};
		});
	},
};

/**
 * The compose schema check needs ajv and the compose specification's schema (75 KB of JSON).
 * Bundled with the compose model, they would be parsed by every command that imports that chunk
 * (`status` does, through the roles guard); so they are built on their own into
 * dist/compose-schema.cjs (below), and check.ts's static import of them (for tsc and the tests)
 * becomes a require() of that file on the first validation.
 */
export const SCHEMA_RUNTIME = 'compose-schema.cjs';
const COMPOSE_SCHEMA_LAZY = [
	["import * as runtime from './runtime.js';", "import type * as runtime from './runtime.js';"],
	[
		'const loadRuntime = (): typeof runtime => runtime;',
		// the chunk's own require and __dirname (the banner below); the file sits at dist/
		`const loadRuntime = (): typeof runtime => require(__dirname.replace(/[\\\\/]chunks$/, '') + '/${SCHEMA_RUNTIME}');`,
	],
];
const lazyComposeSchema = {
	name: 'lazy-compose-schema',
	setup(b) {
		b.onLoad({filter: /core[\\/]compose[\\/]schema[\\/]check\.ts$/}, (args) => {
			let text = readFileSync(args.path, 'utf8');
			for (const [from, to] of COMPOSE_SCHEMA_LAZY) {
				if (!text.includes(from)) throw new Error(`build: expected "${from}" in ${args.path}`);
				text = text.replace(from, to);
			}
			return {contents: text, loader: 'ts', resolveDir: dirname(args.path)};
		});
	},
};

/** esbuild's options for a node bundle built as berth is (add entryPoints and outdir/outfile). */
export function bundleOptions(version) {
	return {
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
		external: ['cpu-features', '*.node', 'ssh2', '@grpc/grpc-js', '@grpc/proto-loader', 'protobufjs'],
		plugins: [lazyRequires, meowWithoutPackageJson, lazyStringWidth, inkPatches, lazyComposeSchema],
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
	};
}
