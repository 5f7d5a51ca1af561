/** core/stats.ts: CPU % and memory from raw engine JSON (cgroup v1 and v2), formatting, sparklines. */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {chart, cpuPercent, formatBytes, formatPercent, isStale, memoryUsed, sparkline, toSample} from '../../source/core/stats.js';
import type {RawStats} from '../../source/engine/stats.js';

const raw = (over: Partial<RawStats> = {}): RawStats => ({
	read: '2026-01-01T00:00:10.000000000Z',
	cpu_stats: {cpu_usage: {total_usage: 2_000_000_000, percpu_usage: [1, 1, 1, 1]}, system_cpu_usage: 20_000_000_000, online_cpus: 2},
	precpu_stats: {cpu_usage: {total_usage: 1_000_000_000}, system_cpu_usage: 10_000_000_000},
	memory_stats: {usage: 100 * 1024 * 1024, limit: 1024 * 1024 * 1024, stats: {total_inactive_file: 20 * 1024 * 1024, cache: 30 * 1024 * 1024}},
	networks: {eth0: {rx_bytes: 100, tx_bytes: 200}, eth1: {rx_bytes: 1, tx_bytes: 2}},
	blkio_stats: {io_service_bytes_recursive: [{op: 'Read', value: 10}, {op: 'Write', value: 20}, {op: 'Total', value: 30}]},
	pids_stats: {current: 4},
	...over,
});

describe('core/stats', () => {
	it('CPU % = Δcontainer / Δsystem × online CPUs × 100', () => {
		const cases: Array<[string, RawStats, number | null]> = [
			['1e9 of 1e10 on 2 cpus', raw(), 20],
			['no previous sample (first of a stream)', raw({precpu_stats: {cpu_usage: {total_usage: 0}, system_cpu_usage: 0}}), null],
			['online_cpus missing: percpu length', raw({cpu_stats: {cpu_usage: {total_usage: 2_000_000_000, percpu_usage: [1, 1, 1, 1]}, system_cpu_usage: 20_000_000_000}}), 40],
			['system did not move', raw({cpu_stats: {cpu_usage: {total_usage: 2_000_000_000}, system_cpu_usage: 10_000_000_000, online_cpus: 2}}), 0],
		];
		for (const [what, r, want] of cases) {
			const got = cpuPercent(r);
			if (want === null) assert.equal(got, null, what);
			else assert.ok(got !== null && Math.abs(got - want) < 1e-9, `${what}: ${got}`);
		}
	});

	it('memory = usage − inactive file (v1 total_inactive_file, v2 inactive_file, old v1 cache)', () => {
		const MiB = 1024 * 1024;
		const cases: Array<[string, Record<string, number>, number]> = [
			['cgroup v1', {total_inactive_file: 20 * MiB, cache: 30 * MiB}, 80 * MiB],
			['cgroup v2', {inactive_file: 10 * MiB, anon: 5 * MiB}, 90 * MiB],
			['old v1: cache only', {cache: 30 * MiB}, 70 * MiB],
			['nothing to subtract', {}, 100 * MiB],
		];
		for (const [what, stats, want] of cases) assert.equal(memoryUsed(raw({memory_stats: {usage: 100 * MiB, stats}})), want, what);
		assert.equal(memoryUsed(raw({memory_stats: {usage: 1, stats: {total_inactive_file: 5}}})), 0, 'never negative');
	});

	it('a sample: network summed over interfaces, block read/write, pids, time of reading', () => {
		const s = toSample(raw());
		assert.equal(s.netRx, 101);
		assert.equal(s.netTx, 202);
		assert.equal(s.blkRead, 10);
		assert.equal(s.blkWrite, 20);
		assert.equal(s.pids, 4);
		assert.equal(s.at, Date.parse('2026-01-01T00:00:10Z'));
		assert.equal(s.memLimit, 1024 * 1024 * 1024);
	});

	it('stale after 3 s; formats', () => {
		assert.equal(isStale({at: 0}, 3000), false);
		assert.equal(isStale({at: 0}, 3001), true);
		const bytes: Array<[number, string]> = [[0, '0B'], [1023, '1023B'], [1024, '1.0KiB'], [50 * 1024 * 1024, '50MiB'], [1.5 * 1024 ** 3, '1.5GiB']];
		for (const [n, s] of bytes) assert.equal(formatBytes(n), s);
		assert.equal(formatPercent(null), '…');
		assert.equal(formatPercent(7.25), '7.3%');
		assert.equal(formatPercent(42.4), '42%');
		assert.equal(sparkline([0, 50, 100], 3, 100), '▁▅█');
		assert.equal(sparkline([1, 2, 3, 4], 2), '▆█', '0…max without a scale');
		assert.equal(sparkline([5, 5, 5], 3), '███', 'flat memory: a level line at its value');
		// issue 15: ~450 KiB with a little jitter is not a spike
		const k = 1024;
		assert.equal(sparkline([448 * k, 449 * k, 448 * k, 452 * k], 4), '████', 'noise reads level');
		assert.equal(sparkline([100, 200, 300, 400], 4), '▃▅▆█', 'growth reads as growth');
		assert.equal(sparkline([0, 0], 2, 100), '▁▁', 'idle CPU: the floor');
		const c = chart([0, 50, 100], 3, 2, 100);
		assert.equal(c.length, 2);
		assert.equal(c[0], '  █');
		assert.equal(c[1], '▁██');
	});
});
