import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {columnsFor, fitCell, formatDuration, formatPort, formatUptime, stateText} from '../../source/core/present.js';
import {record} from '../helpers/records.js';

describe('present', () => {
	const ports = [
		{in: {host_ip: '127.0.0.1', host_port: 8080, container_port: 80, protocol: 'tcp' as const}, out: '127.0.0.1:8080→80/tcp'},
		{in: {host_ip: '::', host_port: 53, container_port: 53, protocol: 'udp' as const}, out: '[::]:53→53/udp'},
		{in: {host_ip: '0.0.0.0', host_port: 443, container_port: 8443, protocol: 'tcp' as const}, out: '0.0.0.0:443→8443/tcp'},
	];
	for (const p of ports) it(`formats port ${p.out}`, () => assert.equal(formatPort(p.in), p.out));

	const durations: Array<[number, string]> = [
		[0, '0s'],
		[59_999, '59s'],
		[60_000, '1m'],
		[3_599_000, '59m'],
		[3_600_000, '1h'],
		[47 * 3_600_000, '47h'],
		[48 * 3_600_000, '2d'],
		[-5, '0s'],
	];
	for (const [ms, s] of durations) it(`duration ${ms} ms → ${s}`, () => assert.equal(formatDuration(ms), s));

	it('uptime only for running or paused containers that have started', () => {
		const now = Date.parse('2026-01-01T00:05:00Z');
		assert.equal(formatUptime(record({started_at: '2026-01-01T00:00:00Z'}), now), '5m');
		assert.equal(formatUptime(record({state: 'exited', started_at: '2026-01-01T00:00:00Z'}), now), '');
		assert.equal(formatUptime(record({started_at: null}), now), '');
	});

	it('state text carries the exit code and OOM', () => {
		assert.equal(stateText(record({state: 'exited', exit_code: 137, oom_killed: true})), 'exited(137,oom)');
		assert.equal(stateText(record({state: 'exited', exit_code: 0})), 'exited(0)');
		assert.equal(stateText(record({state: 'paused'})), 'paused');
	});

	it('fitCell truncates with an ellipsis and pads', () => {
		assert.equal(fitCell('abcdef', 4), 'abc…');
		assert.equal(fitCell('ab', 4), 'ab  ');
		assert.equal(fitCell('abc', 0), '');
	});

	for (const w of [80, 120, 200]) {
		it(`columns fill ${w} columns`, () => {
			const c = columnsFor(w);
			assert.equal(c.name + c.state + c.health + c.ports + c.image + c.uptime + 5, w);
		});
	}
});
