/** One column rule (model/columns.ts) for the dashboard's list and `berth status`. */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {columnsFor} from '../../source/core/present.js';
import {fitColumns} from '../../source/model/columns.js';
import {listColumns} from '../../source/ui/layout.js';

describe('columns: one rule, two column sets', () => {
	it("the dashboard's list keeps the widths it had before the rule was shared", () => {
		// pinned from ui/layout.ts's own calculator before it called model/columns.ts
		const want: Record<number, Record<string, number>> = {
			40: {mark: 2, name: 13, state: 11, health: 9, ports: 7, image: 0, cpu: 6, mem: 7, uptime: 6},
			80: {mark: 2, name: 22, state: 11, health: 9, ports: 11, image: 0, cpu: 6, mem: 7, uptime: 6},
			109: {mark: 2, name: 38, state: 11, health: 9, ports: 24, image: 0, cpu: 6, mem: 7, uptime: 6},
			110: {mark: 2, name: 22, state: 11, health: 9, ports: 24, image: 16, cpu: 6, mem: 7, uptime: 6},
			120: {mark: 2, name: 27, state: 11, health: 9, ports: 24, image: 21, cpu: 6, mem: 7, uptime: 6},
			200: {mark: 2, name: 74, state: 11, health: 9, ports: 24, image: 54, cpu: 6, mem: 7, uptime: 6},
		};
		for (const [w, cols] of Object.entries(want)) assert.deepEqual({...listColumns(Number(w))}, cols, `width ${w}`);
	});

	it('both sets fill the width exactly (from where the rest is above its minimum)', () => {
		for (let w = 80; w <= 400; w++) {
			const d = listColumns(w);
			const gaps = d.image ? 7 : 6;
			assert.equal(d.mark + d.name + d.state + d.health + d.ports + d.image + d.cpu + d.mem + d.uptime + gaps, w, `dashboard ${w}`);
			const s = columnsFor(w);
			assert.equal(s.name + s.state + s.health + s.ports + s.image + s.uptime + 5, w, `status ${w}`);
		}
	});

	it('ports take one full port once the rest is wide enough, else a share; name the given share of what is left', () => {
		const set = {fixed: {a: 10}, gaps: 3, minRest: 20, imageFrom: 50, ports: {share: 0.5, min: 4, full: {width: 24, fromRest: 40}}, name: {share: 0.5, min: 5}};
		assert.deepEqual({...fitColumns(100, set)}, {a: 10, ports: 24, name: 31, image: 32});
		assert.deepEqual({...fitColumns(49, set)}, {a: 10, ports: 18, name: 19, image: 0});
		assert.deepEqual({...fitColumns(0, set)}, {a: 10, ports: 10, name: 10, image: 0}, 'the rest never below minRest');
	});
});
