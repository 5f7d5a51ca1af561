import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {dependencyOrder, findCycles, loadProjectFromText} from '../../../source/core/compose/index.js';
import spec from '../../../source/core/compose/schema/compose-spec.json' with {type: 'json'};
import {BOOLEAN_PATTERN, NUMBER_PATTERN, strictSchema} from '../../../source/core/compose/schema/strict.js';

type Node = Record<string, unknown>;
/** every schema node, with its JSON path */
function nodes(schema: unknown): Array<[string, Node]> {
	const out: Array<[string, Node]> = [];
	const stack: Array<[string, unknown]> = [['#', schema]];
	while (stack.length) {
		const [p, n] = stack.pop()!;
		if (Array.isArray(n)) n.forEach((x, i) => stack.push([`${p}/${i}`, x]));
		else if (n && typeof n === 'object') {
			out.push([p, n as Node]);
			for (const [k, v] of Object.entries(n)) stack.push([`${p}/${k}`, v]);
		}
	}
	return out;
}

describe('the compose schema as berth checks it', () => {
	const strict = strictSchema(spec);

	it('every [boolean|integer|number, string] union of the schema, and nothing else, gets a pattern for its string', () => {
		const before = new Map(nodes(spec));
		let narrowed = 0;
		for (const [p, n] of nodes(strict)) {
			const t = n['type'];
			const cast = Array.isArray(t) && t.length === 2 && t[1] === 'string' && ['boolean', 'integer', 'number'].includes(t[0] as string);
			assert.equal(n['pattern'] !== before.get(p)?.['pattern'], cast, p);
			if (cast) narrowed++;
		}
		assert.ok(narrowed > 50, `${narrowed} unions`);
		const svc = ((strict['definitions'] as Node)['service'] as Node)['properties'] as Node;
		assert.equal((svc['privileged'] as Node)['pattern'], BOOLEAN_PATTERN);
		assert.equal((svc['cpus'] as Node)['pattern'], NUMBER_PATTERN);
		// a string in its own right (listed first): a port range, left alone
		const published = JSON.stringify(strict).includes('"published":{"type":["string","integer"],"description"');
		assert.ok(published);
		assert.equal(spec.$schema, 'https://json-schema.org/draft-07/schema', 'the copy is left untouched');
	});

	it("booleans: compose's words, any case", () => {
		const re = new RegExp(BOOLEAN_PATTERN, 'u');
		for (const w of ['y', 'yes', 'Yes', 'TRUE', 'on', 'n', 'no', 'False', 'OFF']) assert.ok(re.test(w), w);
		for (const w of ['', 'yes please', '1', 'tru', 'enabled']) assert.ok(!re.test(w), w);
	});

	it('numbers: signed, decimal, with units; never catastrophic on a long input', () => {
		const re = new RegExp(NUMBER_PATTERN, 'u');
		for (const w of ['1', '-1', '+2', '0.5', '.5', '2g', '512m', '1.5GB', '1m30s', '10ms', '0755', ' 3 ']) assert.ok(re.test(w), w);
		for (const w of ['', 'lots', 'two', 'g2', '-', '1 2']) assert.ok(!re.test(w), w);
		const t0 = performance.now();
		assert.ok(!re.test(`${'1a'.repeat(50_000)}!`));
		assert.ok(!re.test(`${'1'.repeat(100_000)} x1!`));
		assert.ok(performance.now() - t0 < 200, `${performance.now() - t0} ms`);
	});

	it('errors in a list of a oneOf come out once, at the entry', () => {
		const p = loadProjectFromText('services:\n  a:\n    image: x\n    healthcheck:\n      test: [CMD, true]\n', '/nowhere/compose.yaml', {env: {}});
		assert.deepEqual(
			p.diagnostics.map((d) => `${d.line}:${d.col} ${d.message}`),
			['5:19 services.a.healthcheck.test[1] must be a string'],
		);
	});
});

describe('graphs of any depth (no recursion)', () => {
	const chain = (n: number) => Object.fromEntries(Array.from({length: n}, (_, i) => [`s${i}`, i + 1 < n ? [`s${i + 1}`] : []]));

	it('findCycles: a 200,000-long cycle, shortened', () => {
		const g = chain(200_000);
		g['s199999'] = ['s0'];
		const cycles = findCycles(g);
		assert.equal(cycles.length, 1);
		assert.deepEqual(cycles[0], ['s0', 's1', 's2', 's3', 's4', '… 199993 more …', 's199998', 's199999', 's0']);
		assert.deepEqual(findCycles({a: ['b'], b: ['c'], c: ['a']}), [['a', 'b', 'c', 'a']]);
	});

	it('dependencyOrder: a 200,000-deep chain, dependencies first', () => {
		const services = Object.fromEntries(Object.entries(chain(200_000)).map(([k, deps]) => [k, {depends_on: Object.fromEntries(deps.map((d) => [d, {condition: 'service_started' as const}]))}]));
		const order = dependencyOrder({name: 'x', services});
		assert.equal(order.length, 200_000);
		assert.equal(order[0], 's199999');
		assert.equal(order.at(-1), 's0');
	});

	it('duplicate keys are still found, among 5,000', () => {
		let y = 'services:\n';
		for (let i = 0; i < 5_000; i++) y += `  s${i}: {image: x}\n`;
		y += '  s7: {image: y}\n';
		const t0 = performance.now();
		const p = loadProjectFromText(y, '/nowhere/compose.yaml', {env: {}});
		assert.deepEqual(
			p.diagnostics.map((d) => `${d.line}:${d.col} ${d.code} ${d.message}`),
			['5002:3 yaml Map keys must be unique'],
		);
		assert.ok(performance.now() - t0 < 5000, `${performance.now() - t0} ms`);
	});
});
