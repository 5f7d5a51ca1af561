import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {buildTree, flattenTree, STANDALONE} from '../../source/core/tree.js';
import {record} from '../helpers/records.js';

describe('buildTree', () => {
	const recs = [
		record({name: 'shop_web_2', project: 'shop', service: 'web'}),
		record({name: 'shop_web_10', project: 'shop', service: 'web', state: 'exited', exit_code: 1}),
		record({name: 'shop_db_1', project: 'shop', service: 'db', health: 'unhealthy'}),
		record({name: 'alpha_api_1', project: 'alpha', service: 'api'}),
		record({name: 'loner'}),
	];
	const tree = buildTree(recs);

	it('groups by compose project, then service; unlabelled containers last under standalone', () => {
		assert.deepEqual(tree.map((p) => p.name), ['alpha', 'shop', STANDALONE]);
		assert.deepEqual(tree[1]!.services.map((s) => s.service), ['db', 'web']);
		assert.deepEqual(tree[2]!.loose.map((c) => c.name), ['loner']);
	});

	it('orders replicas naturally (2 before 10)', () => {
		assert.deepEqual(tree[1]!.services[1]!.containers.map((c) => c.name), ['shop_web_2', 'shop_web_10']);
	});

	it('counts running, total and unhealthy per node', () => {
		assert.deepEqual(tree[1]!.counts, {total: 3, running: 2, unhealthy: 1});
		assert.deepEqual(tree[1]!.services[1]!.counts, {total: 2, running: 1, unhealthy: 0});
	});

	const cases: Array<{name: string; collapsed: Record<string, true>; rows: string[]}> = [
		{
			name: 'nothing folded',
			collapsed: {},
			rows: ['p:alpha', 's:alpha/api', 'alpha_api_1', 'p:shop', 's:shop/db', 'shop_db_1', 's:shop/web', 'shop_web_2', 'shop_web_10', 'p:standalone', 'loner'],
		},
		{name: 'a project folded', collapsed: {'p:shop': true}, rows: ['p:alpha', 's:alpha/api', 'alpha_api_1', 'p:shop', 'p:standalone', 'loner']},
		{
			name: 'a service folded',
			collapsed: {'s:shop/web': true},
			rows: ['p:alpha', 's:alpha/api', 'alpha_api_1', 'p:shop', 's:shop/db', 'shop_db_1', 's:shop/web', 'p:standalone', 'loner'],
		},
	];
	for (const c of cases) {
		it(`flattens: ${c.name}`, () => {
			const rows = flattenTree(tree, c.collapsed).map((r) => (r.kind === 'container' ? r.container.name : r.key));
			assert.deepEqual(rows, c.rows);
		});
	}
});
