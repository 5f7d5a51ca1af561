/** The one port-overlap rule (model/port.ts), and every place that judges a port clash uses it. */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {portsClash} from '../../source/core/compose/ports.js';
import type {PortSpec} from '../../source/core/compose/types.js';
import {findConflicts} from '../../source/core/ports.js';
import type {ContainerRecord} from '../../source/model/container.js';
import {addressesOverlap, normalAddress} from '../../source/model/port.js';
import {portRows} from '../../source/state/view/ports.js';
import {record} from '../helpers/records.js';

// [a, b, collide] — what Linux answers when both bind the same port (bindv6only = 0)
const TABLE: Array<[string, string, boolean]> = [
	['0.0.0.0', '0.0.0.0', true],
	['0.0.0.0', '127.0.0.1', true],
	['0.0.0.0', '::1', false],
	['0.0.0.0', '::', true],
	['0.0.0.0', '[::]', true],
	['0.0.0.0', 'fe80::1', false],
	['0.0.0.0', '::ffff:10.0.0.1', true],
	['::', '127.0.0.1', true],
	['[::]', '127.0.0.1', true],
	['::', '::1', true],
	['', '::1', true],
	['', '127.0.0.1', true],
	['*', '10.0.0.1', true],
	['127.0.0.1', '127.0.0.1', true],
	['127.0.0.1', '127.0.0.2', false],
	['127.0.0.1', '::1', false],
	['::1', '[::1]', true],
	['::ffff:127.0.0.1', '127.0.0.1', true],
	['0:0:0:0:0:0:0:0', '192.168.1.1', true],
	['FE80::1', 'fe80::1', true],
];

const spec = (host_ip: string): PortSpec => ({host_ip, host_port: 8080, container_port: 80, protocol: 'tcp'}) as PortSpec;
const withPort = (id: string, host_ip: string): ContainerRecord => record({id: id.padEnd(64, '0'), name: id, state: 'running', ports: [{host_ip, host_port: 8080, container_port: 80, protocol: 'tcp'}]});

describe('port overlap: one rule', () => {
	for (const [a, b, want] of TABLE) {
		it(`${a || '""'} vs ${b || '""'} → ${want}`, () => {
			assert.equal(addressesOverlap(a, b), want);
			assert.equal(addressesOverlap(b, a), want, 'symmetric');
			// core/ports.ts (berth ports, the port check)
			const conflicts = findConflicts([
				{container: 'a', host_ip: a, host_port: 8080, protocol: 'tcp'},
				{container: 'b', host_ip: b, host_port: 8080, protocol: 'tcp'},
			]);
			assert.equal(conflicts.length > 0, want, 'findConflicts');
			// core/compose/ports.ts (validate, deploy)
			assert.equal(portsClash(spec(a), spec(b)), want, 'portsClash');
			// the ports pane
			const rows = portRows([withPort('a', a), withPort('b', b)]);
			assert.equal(rows.every((r) => r.conflict), want, 'ports pane');
		});
	}

	it('normalAddress', () => {
		assert.equal(normalAddress('[::]'), '::');
		assert.equal(normalAddress('*'), '');
		assert.equal(normalAddress('::FFFF:1.2.3.4'), '1.2.3.4');
	});
});
