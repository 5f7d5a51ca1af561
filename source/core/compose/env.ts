/**
 * `.env` files as Compose reads them: KEY=VALUE lines, optional `export `, # comments, single
 * quotes literal, double quotes with \n \t \" \\ escapes (may span lines), unquoted values trimmed
 * with an inline ` #comment` cut. Unquoted and double-quoted values are interpolated from the
 * variables defined so far and the lookup given.
 */
import {interpolate} from './interpolate.js';

export interface EnvProblem {
	line: number;
	message: string;
}

export interface EnvFile {
	vars: Record<string, string>;
	problems: EnvProblem[];
}

const KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

export function parseEnvFile(text: string, lookup: (name: string) => string | undefined = () => undefined): EnvFile {
	const vars: Record<string, string> = {};
	const problems: EnvProblem[] = [];
	const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
	const get = (name: string) => (name in vars ? vars[name] : lookup(name));
	for (let i = 0; i < lines.length; i++) {
		const lineNo = i + 1;
		const raw = lines[i]!.trim();
		if (!raw || raw.startsWith('#')) continue;
		const body = raw.replace(/^export\s+/, '');
		const eq = body.indexOf('=');
		if (eq < 0) {
			if (!KEY.test(body)) problems.push({line: lineNo, message: `unexpected "${body}" (expected KEY=VALUE)`});
			continue;
		}
		const key = body.slice(0, eq).trim();
		if (!KEY.test(key)) {
			problems.push({line: lineNo, message: `invalid variable name "${key}"`});
			continue;
		}
		let rest = body.slice(eq + 1).trimStart();
		const q = rest[0];
		if (q === "'" || q === '"') {
			// find the closing quote, possibly on a later line
			let value = '';
			let j = 1;
			let closed = false;
			for (;;) {
				for (; j < rest.length; j++) {
					const c = rest[j]!;
					if (q === '"' && c === '\\' && j + 1 < rest.length) {
						const n = rest[++j]!;
						value += n === 'n' ? '\n' : n === 't' ? '\t' : n === 'r' ? '\r' : n === '$' ? '$$' : n;
						continue;
					}
					if (c === q) {
						closed = true;
						break;
					}
					value += c;
				}
				if (closed || i + 1 >= lines.length) break;
				value += '\n';
				rest = lines[++i]!;
				j = 0;
			}
			if (!closed) {
				problems.push({line: lineNo, message: `unterminated ${q === '"' ? 'double' : 'single'}-quoted value for ${key}`});
				continue;
			}
			vars[key] = q === '"' ? expand(value, get, problems, lineNo) : value;
			continue;
		}
		const hash = rest.search(/\s#/);
		if (hash >= 0) rest = rest.slice(0, hash);
		vars[key] = expand(rest.trim(), get, problems, lineNo);
	}
	return {vars, problems};
}

function expand(value: string, get: (n: string) => string | undefined, problems: EnvProblem[], line: number): string {
	const r = interpolate(value, get);
	for (const p of r.problems) if (p.severity === 'error') problems.push({line, message: p.message});
	return r.value;
}
