import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {parsePort, portsClash} from '../../../source/core/compose/ports.js';
import type {PortSpec} from '../../../source/core/compose/types.js';

const p = (host_ip: string, host_port: number | null, container_port: number, protocol: 'tcp' | 'udp' | 'sctp' = 'tcp'): PortSpec => ({host_ip, host_port, container_port, protocol});

describe('ports: short syntax', () => {
	const ok: Array<[string | number, PortSpec[]]> = [
		['80', [p('', null, 80)]],
		[80, [p('', null, 80)]],
		['9090-9091', [p('', null, 9090), p('', null, 9091)]],
		['8080:80', [p('', 8080, 80)]],
		['4200:4200', [p('', 4200, 4200)]],
		['5000:5000/udp', [p('', 5000, 5000, 'udp')]],
		['5054:5054/tcp', [p('', 5054, 5054)]],
		['132:132/SCTP', [p('', 132, 132, 'sctp')]],
		['127.0.0.1:8080:80/udp', [p('127.0.0.1', 8080, 80, 'udp')]],
		['127.0.0.1::80', [p('127.0.0.1', null, 80)]],
		['8080-8081:80-81', [p('', 8080, 80), p('', 8081, 81)]],
		['127.0.0.1:19000-19001:80-81/udp', [p('127.0.0.1', 19000, 80, 'udp'), p('127.0.0.1', 19001, 81, 'udp')]],
		['[::1]:80:80', [p('::1', 80, 80)]],
		['[::]:53:53/udp', [p('::', 53, 53, 'udp')]],
		['::1:8080:80', [p('::1', 8080, 80)]],
		['0.0.0.0:443:8443', [p('0.0.0.0', 443, 8443)]],
		['8000-8010:80', [{host_ip: '', host_port: 8000, host_port_end: 8010, container_port: 80, protocol: 'tcp'}]],
	];
	for (const [input, want] of ok) it(`${JSON.stringify(input)}`, () => assert.deepEqual(parsePort(input), {ok: true, ports: want}));

	const bad: Array<[unknown, RegExp]> = [
		['', /empty/],
		['abc', /not a number/],
		['80/xyz', /unknown protocol "xyz"/],
		['0', /out of range/],
		['70000:80', /host port 70000 is out of range/],
		['8080:80-81', /differ in size/],
		['8080-8082:80-81', /differ in size/],
		['81-80', /ends before it starts/],
		['999.1.1.1:80:80', /not an IP address/],
		['[::1:80:80', /bad IPv6/],
		['[nope]:80:80', /not an IPv6 address/],
		['1:2:3:4', /not an IP address/],
		[['80'], /not a list/],
		[null, /must be a string/],
	];
	for (const [input, re] of bad) {
		it(`rejects ${JSON.stringify(input)}`, () => {
			const r = parsePort(input);
			assert.equal(r.ok, false);
			if (!r.ok) assert.match(r.error, re);
		});
	}
});

describe('ports: long syntax', () => {
	const ok: Array<[Record<string, unknown>, PortSpec[]]> = [
		[{target: 80}, [p('', null, 80)]],
		[{target: 80, published: 8080}, [p('', 8080, 80)]],
		[{target: 80, published: '8080', host_ip: '127.0.0.1', protocol: 'udp'}, [p('127.0.0.1', 8080, 80, 'udp')]],
		[{target: 80, published: '19000-19001'}, [{host_ip: '', host_port: 19000, host_port_end: 19001, container_port: 80, protocol: 'tcp'}]],
		[{target: 80, published: 8080, mode: 'host'}, [{...p('', 8080, 80), mode: 'host'}]],
		[{target: 53, published: 53, host_ip: '::1', protocol: 'udp', name: 'dns', app_protocol: 'dns'}, [p('::1', 53, 53, 'udp')]],
	];
	for (const [input, want] of ok) it(JSON.stringify(input), () => assert.deepEqual(parsePort(input), {ok: true, ports: want}));
	const bad: Array<[Record<string, unknown>, RegExp]> = [
		[{published: 80}, /needs "target"/],
		[{target: 80, published: 'x'}, /not a number/],
		[{target: 80, protocol: 'icmp'}, /unknown protocol/],
		[{target: 80, host_ip: 'localhost'}, /not an IP address/],
		[{target: 80, mode: 'swarm'}, /host or ingress/],
		[{target: 80, publish: 80}, /unknown key "publish"/],
	];
	for (const [input, re] of bad) {
		it(`rejects ${JSON.stringify(input)}`, () => {
			const r = parsePort(input);
			assert.equal(r.ok, false);
			if (!r.ok) assert.match(r.error, re);
		});
	}
});

describe('ports: host port clashes', () => {
	const cases: Array<[PortSpec, PortSpec, boolean]> = [
		[p('', 80, 80), p('', 80, 8080), true],
		[p('', 80, 80), p('', 80, 80, 'udp'), false],
		[p('127.0.0.1', 80, 80), p('127.0.0.2', 80, 80), false],
		[p('127.0.0.1', 80, 80), p('127.0.0.1', 80, 81), true],
		[p('', 80, 80), p('127.0.0.1', 80, 80), true],
		[p('0.0.0.0', 80, 80), p('127.0.0.1', 80, 80), true],
		[p('0.0.0.0', 80, 80), p('::1', 80, 80), false],
		[p('', null, 80), p('', null, 80), false],
		[p('', 81, 80), p('', 80, 80), false],
		[{...p('', 8000, 80), host_port_end: 8010}, p('', 8005, 80), false],
	];
	for (const [a, b, want] of cases) {
		it(`${JSON.stringify(a)} vs ${JSON.stringify(b)} → ${want}`, () => {
			assert.equal(portsClash(a, b), want);
			assert.equal(portsClash(b, a), want);
		});
	}
});
