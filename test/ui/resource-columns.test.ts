/** The resource lists at the width of a fresh SSH window: what names a row keeps its room. */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {SPECS} from '../../source/state/view/resources.js';
import {resourceColumns} from '../../source/ui/panes/ResourcePane.js';

describe('resource columns by width', () => {
	it('images at 80 columns: REPOSITORY fits a usual name ("ghcr.io/acme/api" 16) and TAG "1.25-alpine"', () => {
		const cols = resourceColumns(SPECS.images, 80);
		const w = Object.fromEntries(cols.map((c) => [c.id, c.width]));
		assert.ok(w['repository']! >= 16, `repository ${w['repository']}`);
		assert.ok(w['tag']! >= 11, `tag ${w['tag']}`);
		assert.ok(cols.reduce((a, c) => a + c.width + 1, 1) <= 80, 'the row fits');
	});
	it('volumes at 80 columns: NAME fits a compose volume name ("berth-demo_dbdata" 17)', () => {
		const w = Object.fromEntries(resourceColumns(SPECS.volumes, 80).map((c) => [c.id, c.width]));
		assert.ok(w['name']! >= 17, `name ${w['name']}`);
	});
	it('every column shows from 120 columns on', () => {
		for (const kind of ['images', 'volumes', 'networks'] as const) {
			assert.deepEqual(
				resourceColumns(SPECS[kind], 120).map((c) => c.id),
				SPECS[kind].columns.map((c) => c.id),
				kind,
			);
		}
	});
});
