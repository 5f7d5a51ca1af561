import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {interpolate} from '../../../source/core/compose/interpolate.js';
import {parseEnvFile} from '../../../source/core/compose/env.js';

const env: Record<string, string> = {SET: 'value', EMPTY: '', PORT: '8080', HOST: 'db'};
const lookup = (k: string) => env[k];

describe('interpolation', () => {
	const ok: Array<[string, string]> = [
		['plain', 'plain'],
		['${SET}', 'value'],
		['$SET', 'value'],
		['$SET/x', 'value/x'],
		['pre-${SET}-post', 'pre-value-post'],
		['${UNSET:-default}', 'default'],
		['${EMPTY:-default}', 'default'],
		['${EMPTY-default}', ''],
		['${UNSET-default}', 'default'],
		['${SET:-default}', 'value'],
		['${UNSET:-${HOST}:${PORT}}', 'db:8080'],
		['${UNSET:-}', ''],
		['${SET:+alt}', 'alt'],
		['${EMPTY:+alt}', ''],
		['${EMPTY+alt}', 'alt'],
		['${UNSET+alt}', ''],
		['$$', '$'],
		['$${SET}', '${SET}'],
		['--password="$$(cat /run/secrets/db-password)"', '--password="$(cat /run/secrets/db-password)"'],
		['${SET:?must be set}', 'value'],
		['${EMPTY?must be set}', ''],
		['a $$b ${PORT}', 'a $b 8080'],
	];
	for (const [input, want] of ok) {
		it(`${input} → ${want}`, () => {
			const r = interpolate(input, lookup);
			assert.equal(r.value, want);
			assert.deepEqual(r.problems, []);
		});
	}

	const problems: Array<[string, string, string, number, RegExp]> = [
		['${UNSET}', 'warning', 'undefined-variable', 0, /variable UNSET is not set and has no default/],
		['x=$UNSET', 'warning', 'undefined-variable', 2, /UNSET is not set/],
		['${UNSET:?set it please}', 'error', 'required-variable', 0, /required variable UNSET is missing: set it please/],
		['ab${EMPTY:?}', 'error', 'required-variable', 2, /required variable EMPTY is empty$/],
		['${UNSET?}', 'error', 'required-variable', 0, /required variable UNSET is missing/],
		['$(cat x)', 'error', 'invalid-interpolation', 0, /invalid interpolation format/],
		['${SET', 'error', 'invalid-interpolation', 0, /missing "}"/],
		['${1BAD}', 'error', 'invalid-interpolation', 0, /bad variable name/],
		['${SET/x}', 'error', 'invalid-interpolation', 0, /invalid interpolation format/],
	];
	for (const [input, severity, code, offset, re] of problems) {
		it(`${input} → ${severity} ${code}`, () => {
			const r = interpolate(input, lookup);
			assert.equal(r.problems.length, 1);
			assert.equal(r.problems[0]!.severity, severity);
			assert.equal(r.problems[0]!.code, code);
			assert.equal(r.problems[0]!.offset, offset);
			assert.match(r.problems[0]!.message, re);
		});
	}
});

describe('.env files', () => {
	const cases: Array<[string, Record<string, string>]> = [
		['A=1\nB=two', {A: '1', B: 'two'}],
		['# comment\n\nexport A=1', {A: '1'}],
		['A = spaced  ', {A: 'spaced'}],
		['URL=your-domain.dyndns.com # free examples http://www.duckdns.org/', {URL: 'your-domain.dyndns.com'}],
		['PIHOLE_DNS=172.20.0.2#5054', {PIHOLE_DNS: '172.20.0.2#5054'}],
		['EMPTY=', {EMPTY: ''}],
		["S='single $NOT # kept'", {S: 'single $NOT # kept'}],
		['D="line1\\nline2 \\"q\\""', {D: 'line1\nline2 "q"'}],
		['M="first\nsecond"', {M: 'first\nsecond'}],
		['A=x\nB=${A}-y\nC="$A z"', {A: 'x', B: 'x-y', C: 'x z'}],
		['B=${FROM_ENV:-d}', {B: 'from-env'}],
		['\uFEFFBOM=1\r\nCRLF=2\r\n', {BOM: '1', CRLF: '2'}],
	];
	for (const [text, want] of cases) it(JSON.stringify(text), () => assert.deepEqual(parseEnvFile(text, (k) => (k === 'FROM_ENV' ? 'from-env' : undefined)).vars, want));

	it('reports bad lines with their line numbers', () => {
		const r = parseEnvFile('A=1\n1BAD=2\nnot a pair\nQ="open\n');
		assert.deepEqual(r.vars, {A: '1'});
		assert.deepEqual(
			r.problems.map((p) => p.line),
			[2, 3, 4],
		);
	});
});
