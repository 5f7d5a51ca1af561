/** The scenario's floor figures: the floor's ratio to `docker stats`, and berth's CPU split into floor, drawing and rest. */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {floorFigures} from '../../bench/figures/lighter.js';
import type {Run} from '../../bench/figures/scenario.js';

const sc = {label: 'scenario 200×50', cols: 200, rows: 50, containers: 50, inProject: 25};
const run = (client: Run['client'], cpuPct: number, framesPerS = 0) => ({client, cpuPct, framesPerS, load: '1.00'}) as Run;
const frame = {frames: 150, cpuMs: 1800, idleCpuMs: 100, msPerFrame: 12, bytesPerFrame: 7000, follows: 24, statIds: 25};

describe('floor figures', () => {
	it('the floor against docker stats, and berth = floor + drawing (frames/s × ms per frame) + rest', () => {
		const [ratio, split] = floorFigures(sc, [run('berth', 4, 1), run('berth', 3, 1.2)], [run('floor', 1.5), run('floor', 1.7)], [run('docker-stats', 2)], frame);
		assert.equal(ratio!.id, 'scenario-floor-vs-docker-stats');
		assert.ok(Math.abs(ratio!.value! - 0.8) < 1e-9);
		assert.equal(ratio!.pass, null, 'unjudged: the floor has no target');
		assert.equal(split!.id, 'scenario-cpu-split');
		assert.equal(split!.value, 3.5);
		// 1.1 frames/s × 12 ms = 13.2 ms a second = 1.32 % of a core; rest 3.5 − 1.6 − 1.32
		assert.match(split!.note!, /floor 1\.60 %, drawing 1\.32 % \(1\.10 frames\/s × 12\.0 ms/);
		assert.match(split!.note!, /rest 0\.58 %/);
	});

	it('no floor or no docker stats run: no figures; no frame cost: the split without drawing', () => {
		assert.deepEqual(floorFigures(sc, [run('berth', 4, 1)], [], [run('docker-stats', 2)], frame), []);
		const [, split] = floorFigures(sc, [run('berth', 4, 1)], [run('floor', 1)], [run('docker-stats', 2)], null);
		assert.match(split!.note!, /floor 1\.00 %, rest 3\.00 % \(the frame cost could not be measured\)/);
	});
});
