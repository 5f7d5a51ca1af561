/**
 * Load a compose file: find it, parse it with `yaml` (keeping positions), interpolate every value
 * from `.env` and the environment, normalise each service, then validate the whole model.
 */
import {existsSync, readFileSync, statSync} from 'node:fs';
import {basename, dirname, resolve} from 'node:path';
import {LineCounter, YAMLParseError, isScalar, parseDocument, visit, type Scalar} from 'yaml';
import {parseEnvFile} from './env.js';
import {resolveExtends} from './extends.js';
import {mergeIncludes} from './include.js';
import {interpolate} from './interpolate.js';
import {textTooLarge, tooLarge} from './limits.js';
import {Locator} from './locate.js';
import {normalizeService} from './normalize.js';
import {schemaDiagnostics} from './schema/check.js';
import type {ComposeModel, ComposeProject, Diagnostic} from './types.js';
import {validateModel} from './validate.js';

export const DEFAULT_FILES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];

/** A compose file that cannot be found or read: a usage/config error. */
export class ComposeFileError extends Error {
	override readonly name = 'ComposeFileError';
}

/** Refuse a file over MAX_COMPOSE_BYTES (before reading it) with the limit and why. */
export function checkComposeSize(file: string, bytes: number): void {
	const problem = tooLarge(file, bytes);
	if (problem) throw new ComposeFileError(problem);
}

/** Refuse text over either limit (bytes, YAML values). */
export function checkComposeText(file: string, text: string): void {
	const problem = textTooLarge(file, text);
	if (problem) throw new ComposeFileError(problem);
}

export function findComposeFile(cwd: string): string | null {
	for (const f of DEFAULT_FILES) {
		const p = resolve(cwd, f);
		if (existsSync(p)) return p;
	}
	return null;
}

export interface LoadOptions {
	/** -f/--file; default: the first of DEFAULT_FILES in cwd */
	file?: string;
	cwd?: string;
	/** -p/--project-name */
	projectName?: string;
	/** --profile; COMPOSE_PROFILES when none given */
	profiles?: string[];
	/** files being included above this one (include cycles) */
	includeChain?: string[];
	/** the process environment (default process.env); it wins over .env */
	env?: Record<string, string | undefined>;
}

/** Compose's project name rule: lowercase letters, digits, dashes, underscores, starting alphanumeric. */
export function normalizeProjectName(s: string): string {
	return s.toLowerCase().replace(/[^a-z0-9_-]/g, '').replace(/^[^a-z0-9]+/, '');
}

const validName = (s: string) => /^[a-z0-9][a-z0-9_-]*$/.test(s);

export function loadProject(opts: LoadOptions = {}): ComposeProject {
	const cwd = opts.cwd ?? process.cwd();
	const file = opts.file ? resolve(cwd, opts.file) : findComposeFile(cwd);
	if (!file) throw new ComposeFileError(`no compose file in ${cwd} (looked for ${DEFAULT_FILES.join(', ')}); pass -f FILE`);
	if (!existsSync(file) || !statSync(file).isFile()) throw new ComposeFileError(`compose file ${file} not found`);
	checkComposeSize(file, statSync(file).size);
	let bytes: Buffer;
	try {
		bytes = readFileSync(file);
	} catch (err) {
		throw new ComposeFileError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
	}
	let text: string;
	try {
		text = new TextDecoder('utf-8', {fatal: true}).decode(bytes);
	} catch {
		// YAML files are UTF-8: point at the first bad byte instead of reading U+FFFD into names
		const good = new TextDecoder('utf-8').decode(bytes).split('\ufffd')[0]!;
		const lines = good.split('\n');
		throw new ComposeFileError(`${file}:${lines.length}:${lines.at(-1)!.length + 1} invalid UTF-8 (the file must be UTF-8 text)`);
	}
	return loadProjectFromText(text, file, opts);
}

export function loadProjectFromText(text: string, file: string, opts: LoadOptions = {}): ComposeProject {
	const dir = dirname(file);
	const diagnostics: Diagnostic[] = [];
	const processEnv = opts.env ?? process.env;
	const env: Record<string, string> = {};
	const dotenv = resolve(dir, '.env');
	if (existsSync(dotenv) && statSync(dotenv).isFile()) {
		try {
			const parsed = parseEnvFile(readFileSync(dotenv, 'utf8'), (k) => processEnv[k]);
			for (const p of parsed.problems) diagnostics.push({file: dotenv, line: p.line, col: 1, severity: 'error', code: 'env-file-syntax', message: p.message});
			Object.assign(env, parsed.vars);
		} catch (err) {
			diagnostics.push({file: dotenv, line: 1, col: 1, severity: 'error', code: 'env-file-unreadable', message: `cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`});
		}
	}
	for (const [k, v] of Object.entries(processEnv)) if (v !== undefined) env[k] = v;
	const profiles = opts.profiles?.length ? opts.profiles : (env['COMPOSE_PROFILES'] ?? '').split(',').map((x) => x.trim()).filter(Boolean);

	checkComposeText(file, text);
	const empty: ComposeModel = {name: '', services: {}};
	// the yaml library recurses on nesting: a file nested thousands deep overflows its stack
	const tooDeep = (err: unknown) => {
		if (!(err instanceof RangeError)) throw err;
		diagnostics.push({file, line: 1, col: 1, severity: 'error', code: 'too-deep', message: 'the YAML nests too deeply to read (thousands of levels; a compose file needs a handful)'});
		return {file, dir, model: empty, diagnostics, env, profiles};
	};
	const lineCounter = new LineCounter();
	let doc: ReturnType<typeof parseDocument>;
	try {
		// duplicate keys are found below in one pass: the library's own check compares every key
		// of a mapping with every other (a file with 8,000 services took seconds on it alone)
		doc = parseDocument(text, {lineCounter, merge: true, prettyErrors: false, uniqueKeys: false});
		visit(doc, {
			Map(_, map) {
				const seen = new Set<unknown>();
				for (const pair of map.items) {
					const k = isScalar(pair.key) ? pair.key.value : pair.key;
					if (k === '<<' || (k !== null && typeof k === 'object')) continue;
					const id = typeof k === 'string' ? k : `\0${typeof k}:${String(k)}`;
					if (seen.has(id)) doc.errors.push(new YAMLParseError([(pair.key as Scalar).range?.[0] ?? 0, (pair.key as Scalar).range?.[1] ?? 0], 'DUPLICATE_KEY', 'Map keys must be unique'));
					seen.add(id);
				}
			},
		});
	} catch (err) {
		return tooDeep(err);
	}
	const loc = new Locator(file, doc, lineCounter);
	for (const e of doc.errors) {
		const pos = e.linePos?.[0] ?? loc.offsetPos(e.pos[0]);
		// the library catches its own stack overflow on deep nesting and reports it as an error
		if (/call stack/i.test(e.message)) diagnostics.push({file, line: pos.line, col: pos.col, severity: 'error', code: 'yaml', message: 'the YAML nests too deeply to read (thousands of levels; a compose file needs a handful)'});
		else diagnostics.push({file, line: pos.line, col: pos.col, severity: 'error', code: 'yaml', message: e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')});
	}
	if (diagnostics.some((d) => d.severity === 'error' && d.code === 'yaml')) return {file, dir, model: empty, diagnostics: diagnostics.sort((a, b) => a.line - b.line || a.col - b.col), env, profiles};

	let js: unknown;
	try {
		// interpolate values (never keys) in place, so positions stay with the nodes
		visit(doc, {
			Scalar(key, node) {
				if (key === 'key' || typeof node.value !== 'string' || !node.value.includes('$')) return;
				const r = interpolate(node.value, (k) => env[k]);
				for (const p of r.problems) diagnostics.push({file, ...problemPos(loc, node, p.offset), severity: p.severity, code: p.code, message: p.message});
				node.value = r.value;
			},
		});
		js = doc.toJS({maxAliasCount: 1000});
	} catch (err) {
		if (err instanceof RangeError) return tooDeep(err);
		diagnostics.push({file, line: 1, col: 1, severity: 'error', code: 'yaml', message: (err as Error).message});
		return {file, dir, model: empty, diagnostics, env, profiles};
	}
	if (!js || typeof js !== 'object' || Array.isArray(js)) {
		diagnostics.push({file, line: 1, col: 1, severity: 'error', code: 'not-a-mapping', message: 'a compose file must be a mapping with a "services" key'});
		return {file, dir, model: empty, diagnostics, env, profiles};
	}
	const top = js as Record<string, unknown>;
	const model: ComposeModel = {name: '', services: {}};
	// the compose specification's schema, on the interpolated file as compose checks it
	const schemaProblems = schemaDiagnostics(top, loc);

	const explicit = opts.projectName ?? processEnv['COMPOSE_PROJECT_NAME'] ?? env['COMPOSE_PROJECT_NAME'] ?? (typeof top['name'] === 'string' && top['name'] ? top['name'] : undefined);
	if (explicit !== undefined && !validName(explicit)) {
		const where = opts.projectName === undefined && top['name'] === explicit ? loc.at(['name']) : {line: 1, col: 1};
		diagnostics.push({file, ...where, severity: 'error', code: 'bad-project-name', message: `invalid project name "${explicit}": use lowercase letters, digits, "-" and "_", starting with a letter or digit`});
	}
	model.name = explicit ?? normalizeProjectName(basename(dir));

	const services = top['services'];
	const portOrigins: Record<string, number[]> = {};
	const badExtends = new Set<string>();
	if (services && typeof services === 'object' && !Array.isArray(services)) {
		// one context for every service: what is resolved of an extends chain is kept for the next
		const extendsCtx = {dir, env, services: services as Record<string, unknown>};
		for (const [name, raw] of Object.entries(services as Record<string, unknown>)) {
			if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
				diagnostics.push(loc.diag(['services', name], 'error', 'bad-service', `service "${name}" must be a mapping`, true));
				continue;
			}
			let def = raw as Record<string, unknown>;
			if ('extends' in def) {
				try {
					def = resolveExtends(name, extendsCtx);
				} catch (err) {
					badExtends.add(name);
					diagnostics.push(loc.diag(['services', name, 'extends'], 'error', 'bad-extends', (err as Error).message));
				}
			}
			const n = normalizeService(name, def, {dir, env, loc, diagnostics});
			model.services[name] = n.service;
			portOrigins[name] = n.portOrigins;
		}
		model.services = Object.fromEntries(Object.entries(model.services).sort(([a], [b]) => a.localeCompare(b)));
	}
	for (const [k, v] of Object.entries(top)) if (k !== 'services' && k !== 'name' && k !== 'version' && k !== 'include') model[k] = v;
	const chain = opts.includeChain ?? [file];
	diagnostics.push(...mergeIncludes(top['include'], dir, model, loc, chain, (f, c) => loadProject({...opts, file: f, projectName: model.name || 'included', includeChain: c})));
	diagnostics.push(...validateModel(top, model, loc, portOrigins, badExtends));
	// berth's own checks say more (a "did you mean", the port syntax): the schema's error at the
	// same place is left out
	const own = new Set(diagnostics.filter((d) => d.severity === 'error' && d.file === file).map((d) => `${d.line}:${d.col}`));
	const pos = (p: {line: number; col: number}) => `${p.line}:${p.col}`;
	for (const {diagnostic, path} of schemaProblems) if (!own.has(pos(diagnostic)) && !own.has(pos(loc.at(path, true))) && !own.has(pos(loc.at(path)))) diagnostics.push(diagnostic);
	diagnostics.sort((a, b) => (a.file === b.file ? a.line - b.line || a.col - b.col : a.file.localeCompare(b.file)));
	return {file, dir, model, diagnostics, env, profiles};
}

/** Position of offset within a scalar: exact for one-line plain/quoted scalars, else its start. */
function problemPos(loc: Locator, node: Scalar, offset: number): {line: number; col: number} {
	const start = node.range?.[0] ?? 0;
	const single = node.type === 'PLAIN' || node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
	const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
	const base = loc.offsetPos(start);
	if (!single || !isScalar(node)) return base;
	const end = loc.offsetPos(node.range?.[1] ?? start);
	return end.line === base.line ? {line: base.line, col: base.col + (quoted ? 1 : 0) + offset} : base;
}
