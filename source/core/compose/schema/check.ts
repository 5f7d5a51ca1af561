/**
 * The compose file checked against the Compose specification's own JSON schema (compose-spec.json
 * beside this file, Apache-2.0) with ajv, after interpolation as compose does it, each error
 * mapped to its place in the file with a readable message.
 *
 * One adjustment, derived from the schema rather than listed by hand: where the schema allows
 * `[boolean|integer|number, string]`, the string is there only so that a `${VAR}` can stand in
 * for the value; compose converts it after interpolation and fails when it cannot
 * (`privileged: 'yes please'`, `cpus: lots`, `deploy.replicas: two`). Such a string must therefore
 * read as that type: a boolean word (y, yes, true, on, n, no, false, off, any case), or a number
 * (an optional unit after it, as in 2g or 1m30s). A union that lists `string` first (published
 * ports "8000-8010", `count: all`, `provenance: mode=max`) takes any string, as written.
 *
 * ajv and the schema are loaded, and the validator compiled, on first use (≈0.1–0.3 s): only the
 * commands that check a compose file pay for them.
 */
import type {ErrorObject, ValidateFunction} from 'ajv';
import type {Locator} from '../locate.js';
import {suggest} from '../keys.js';
import type {Diagnostic} from '../types.js';
import * as runtime from './runtime.js';
import {BOOLEAN_PATTERN, NUMBER_PATTERN} from './strict.js';

const isObj = (v: unknown): v is Record<string, unknown> => Boolean(v) && typeof v === 'object' && !Array.isArray(v);

const CAST_PATTERNS = new Map([
	[BOOLEAN_PATTERN, 'a boolean (true or false)'],
	[NUMBER_PATTERN, 'a number'],
]);

// In the bundle, scripts/build.mjs (lazyComposeSchema) makes this a require() of
// dist/compose-schema.cjs, the validator compiled at build time, on first use (see runtime.ts);
// the static import serves tsc and the tests, which compile it here.
const loadRuntime = (): typeof runtime => runtime;

let compiled: ValidateFunction | null = null;

function validator(): ValidateFunction {
	compiled ??= loadRuntime().compile().validate;
	return compiled;
}

const ARTICLE: Record<string, string> = {string: 'a string', array: 'a list', object: 'a mapping', boolean: 'a boolean', number: 'a number', integer: 'an integer', null: 'null'};
const words = (xs: string[]) => (xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} or ${xs.at(-1)}`);

function decode(pointer: string): string[] {
	return pointer === '' ? [] : pointer.slice(1).split('/').map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
}

/** The JSON-pointer path as a Locator path (list indices as numbers), and the value there. */
function resolvePath(data: unknown, segs: string[]): {path: Array<string | number>; value: unknown} {
	const path: Array<string | number> = [];
	let value = data;
	for (const s of segs) {
		if (Array.isArray(value)) {
			path.push(Number(s));
			value = value[Number(s)];
		} else {
			path.push(s);
			value = isObj(value) ? value[s] : undefined;
		}
	}
	return {path, value};
}

const dotted = (path: ReadonlyArray<string | number>) => path.reduce<string>((acc, s) => (typeof s === 'number' ? `${acc}[${s}]` : acc ? `${acc}.${s}` : s), '') || 'the file';

const show = (v: unknown) => {
	const s = JSON.stringify(v) ?? String(v);
	return s.length > 60 ? `${s.slice(0, 57)}…` : s;
};

export interface SchemaProblem {
	diagnostic: Diagnostic;
	/** where in the file (a Locator path) */
	path: Array<string | number>;
}

/** Errors of the schema check for a parsed (interpolated) compose file, at their places in it. */
export function schemaDiagnostics(data: unknown, loc: Locator): SchemaProblem[] {
	const validate = validator();
	if (validate(data)) return [];
	const errors = validate.errors ?? [];
	// an error at a path is about a branch that did not apply when something else is wrong at or
	// below that path (oneOf [list, mapping] given a mapping with a bad key: the mapping's error)
	const isBranch = (e: ErrorObject) => e.keyword === 'type' || e.keyword === 'oneOf' || e.keyword === 'anyOf' || e.keyword === 'if';
	const wrongBelow = new Set<string>(); // paths with an error strictly below them
	const wrongAt = new Set<string>(); // paths with an error that is not a branch's type
	const typed = new Set<string>();
	for (const e of errors) {
		if (e.keyword === 'type') typed.add(e.instancePath);
		if (!isBranch(e)) wrongAt.add(e.instancePath);
		for (let p = e.instancePath; p !== ''; ) {
			p = p.slice(0, p.lastIndexOf('/'));
			if (wrongBelow.has(p)) break;
			wrongBelow.add(p);
		}
	}
	const below = (p: string) => wrongAt.has(p) || wrongBelow.has(p);
	const out: SchemaProblem[] = [];
	const add = (path: Array<string | number>, message: string, key = false) => out.push({diagnostic: loc.diag(path, 'error', 'schema', message, key), path});
	const types = new Map<string, Set<string>>();
	const lone = new Map<string, ErrorObject>();
	for (const e of errors) {
		if (e.keyword === 'type') {
			if (below(e.instancePath)) continue;
			const t = e.params['type'] as string | string[];
			const set = types.get(e.instancePath) ?? new Set();
			for (const x of Array.isArray(t) ? t : String(t).split(',')) set.add(x);
			types.set(e.instancePath, set);
			continue;
		}
		if (e.keyword === 'oneOf' || e.keyword === 'anyOf' || e.keyword === 'if') {
			if (!below(e.instancePath) && !typed.has(e.instancePath)) lone.set(e.instancePath, e);
			continue;
		}
		const {path, value} = resolvePath(data, decode(e.instancePath));
		const at = dotted(path);
		switch (e.keyword) {
			case 'additionalProperties': {
				const key = String(e.params['additionalProperty']);
				const allowed = Object.keys((e.parentSchema?.['properties'] as object | undefined) ?? {});
				const near = suggest(key, allowed);
				add([...path, key], `${at}: unknown key "${key}"${near ? ` (did you mean "${near}"?)` : ''}`, true);
				break;
			}
			case 'pattern': {
				const kind = CAST_PATTERNS.get(String(e.params['pattern']));
				const what = kind === 'a number' && (e.parentSchema?.['type'] as string[] | undefined)?.[0] === 'integer' ? 'an integer' : kind;
				add(path, what ? `${at}: ${show(value)} is not ${what}` : `${at}: ${show(value)} does not match ${String(e.params['pattern'])}`);
				break;
			}
			case 'enum':
				add(path, `${at} must be one of ${words((e.params['allowedValues'] as unknown[]).map(show))} (not ${show(value)})`);
				break;
			case 'required':
				add(path, `${at} needs "${String(e.params['missingProperty'])}"`);
				break;
			default:
				add(path, `${at} ${e.message ?? 'is invalid'}`);
		}
	}
	for (const [pointer, set] of types) {
		const {path} = resolvePath(data, decode(pointer));
		add(path, `${dotted(path)} must be ${words([...set].map((t) => ARTICLE[t] ?? t))}`);
	}
	for (const [pointer, e] of lone) {
		const {path} = resolvePath(data, decode(pointer));
		add(path, `${dotted(path)} ${e.message ?? 'is invalid'}`);
	}
	return out;
}
