/**
 * Compose variable interpolation: `$$` (a literal $), `$VAR`, `${VAR}`, `${VAR:-default}` (unset or
 * empty), `${VAR-default}` (unset), `${VAR:?err}` / `${VAR?err}` (an error), `${VAR:+alt}` /
 * `${VAR+alt}`. Defaults may themselves hold variables. An unset variable without a default is
 * replaced by "" with a warning; any other `$` is an invalid template (an error), as in Compose.
 */
import type {Severity} from './types.js';

export interface InterpolationProblem {
	severity: Severity;
	code: 'undefined-variable' | 'required-variable' | 'invalid-interpolation';
	message: string;
	/** offset in the input string where the expression starts */
	offset: number;
	variable?: string;
}

export interface Interpolated {
	value: string;
	problems: InterpolationProblem[];
	/** variables the string referred to */
	used: string[];
}

export type Lookup = (name: string) => string | undefined;

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

export function interpolate(input: string, lookup: Lookup): Interpolated {
	const problems: InterpolationProblem[] = [];
	const used: string[] = [];
	const value = expand(input, 0, lookup, problems, used);
	return {value, problems, used};
}

function expand(s: string, base: number, lookup: Lookup, problems: InterpolationProblem[], used: string[]): string {
	let out = '';
	let i = 0;
	while (i < s.length) {
		const d = s.indexOf('$', i);
		if (d < 0) {
			out += s.slice(i);
			break;
		}
		out += s.slice(i, d);
		const next = s[d + 1];
		if (next === '$') {
			out += '$';
			i = d + 2;
			continue;
		}
		if (next === '{') {
			const end = closingBrace(s, d + 2);
			if (end < 0) {
				problems.push({severity: 'error', code: 'invalid-interpolation', offset: base + d, message: `invalid interpolation format "${s.slice(d)}": missing "}" (write $$ for a literal $)`});
				return out + s.slice(d);
			}
			out += braced(s.slice(d + 2, end), base + d, lookup, problems, used);
			i = end + 1;
			continue;
		}
		const m = NAME.exec(s.slice(d + 1));
		if (m) {
			used.push(m[0]);
			const v = lookup(m[0]);
			if (v === undefined) undefinedVar(m[0], base + d, problems);
			out += v ?? '';
			i = d + 1 + m[0].length;
			continue;
		}
		problems.push({severity: 'error', code: 'invalid-interpolation', offset: base + d, message: `invalid interpolation format "${s.slice(d, d + 12)}" (write $$ for a literal $)`});
		out += '$';
		i = d + 1;
	}
	return out;
}

function closingBrace(s: string, from: number): number {
	let depth = 1;
	for (let j = from; j < s.length; j++) {
		if (s[j] === '$' && s[j + 1] === '{') {
			depth++;
			j++;
		} else if (s[j] === '}' && --depth === 0) return j;
	}
	return -1;
}

function undefinedVar(name: string, offset: number, problems: InterpolationProblem[]) {
	problems.push({severity: 'warning', code: 'undefined-variable', offset, variable: name, message: `variable ${name} is not set and has no default; using an empty string`});
}

function braced(expr: string, offset: number, lookup: Lookup, problems: InterpolationProblem[], used: string[]): string {
	const m = NAME.exec(expr);
	if (!m) {
		problems.push({severity: 'error', code: 'invalid-interpolation', offset, message: `invalid interpolation format "\${${expr}}": bad variable name`});
		return '';
	}
	const name = m[0];
	used.push(name);
	const rest = expr.slice(name.length);
	const v = lookup(name);
	if (rest === '') {
		if (v === undefined) undefinedVar(name, offset, problems);
		return v ?? '';
	}
	const op = /^(:?[-?+])/.exec(rest)?.[1];
	if (!op) {
		problems.push({severity: 'error', code: 'invalid-interpolation', offset, message: `invalid interpolation format "\${${expr}}"`});
		return '';
	}
	const arg = () => expand(rest.slice(op.length), offset + 2 + name.length + op.length, lookup, problems, used);
	const unsetOrEmpty = op.startsWith(':') ? v === undefined || v === '' : v === undefined;
	switch (op.replace(':', '')) {
		case '-':
			return unsetOrEmpty ? arg() : v!;
		case '+':
			return unsetOrEmpty ? '' : arg();
		default: {
			if (!unsetOrEmpty) return v!;
			const msg = arg();
			problems.push({
				severity: 'error',
				code: 'required-variable',
				offset,
				variable: name,
				message: `required variable ${name} is ${v === undefined ? 'missing' : 'empty'}${msg ? `: ${msg}` : ''}`,
			});
			return '';
		}
	}
}
