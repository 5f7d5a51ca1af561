/** Pure parts of ports: /proc/net parsing, address decoding, conflicts. */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {addressesOverlap, decodeHexIp, findConflicts, parseProcNet} from '../../source/core/ports.js';

describe('decodeHexIp', () => {
	for (const [hex, ip] of [
		['0100007F', '127.0.0.1'],
		['00000000', '0.0.0.0'],
		['0101A8C0', '192.168.1.1'],
		['00000000000000000000000000000000', '::'],
		['00000000000000000000000001000000', '::1'],
		['0000000000000000FFFF00000100007F', '::ffff:127.0.0.1'],
		['B80D0120000000000000000001000000', '2001:db8::1'],
	] as const) {
		it(`${hex} → ${ip}`, () => assert.equal(decodeHexIp(hex), ip));
	}
});

describe('parseProcNet', () => {
	const tcp = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:4B64 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 123456 1 0000000000000000 100 0 0 10 0
   1: 0100007F:4B64 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 0 1 0000000000000000 20 4 30 10 -1
   2: 00000000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 777 1 0000000000000000 100 0 0 10 0
`;
	it('keeps LISTEN sockets with port, address and inode', () => {
		assert.deepEqual(parseProcNet(tcp, 'tcp'), [
			{protocol: 'tcp', ip: '127.0.0.1', port: 19300, state: '0A', inode: 123456},
			{protocol: 'tcp', ip: '0.0.0.0', port: 8080, state: '0A', inode: 777},
		]);
	});
	it('udp: every bound socket', () => {
		const udp = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
  5: 0100007F:4B65 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 999 2 0000000000000000 0
`;
		assert.deepEqual(parseProcNet(udp, 'udp'), [{protocol: 'udp', ip: '127.0.0.1', port: 19301, state: '07', inode: 999}]);
	});
});

describe('findConflicts', () => {
	const u = (container: string, host_port: number, host_ip = '127.0.0.1', protocol = 'tcp') => ({container, host_ip, host_port, protocol});
	const table: Array<[string, Parameters<typeof findConflicts>[0], string[]]> = [
		['none', [u('a', 80), u('b', 81)], []],
		['same port and address', [u('a', 80), u('b', 80)], ['tcp/80 a@127.0.0.1 b@127.0.0.1']],
		['wildcard overlaps a specific address', [u('a', 80, '0.0.0.0'), u('b', 80, '127.0.0.1')], ['tcp/80 a@0.0.0.0 b@127.0.0.1']],
		['different addresses do not clash', [u('a', 80, '127.0.0.1'), u('b', 80, '127.0.0.2')], []],
		['tcp and udp do not clash', [u('a', 53, '', 'tcp'), u('b', 53, '', 'udp')], []],
		['one container on v4 and v6 is not a conflict', [u('a', 80, '0.0.0.0'), u('a', 80, '::')], []],
		['three-way', [u('a', 80), u('b', 80), u('c', 80, '')], ['tcp/80 a@127.0.0.1 b@127.0.0.1 c@']],
	];
	for (const [name, uses, want] of table) {
		it(name, () => {
			assert.deepEqual(findConflicts(uses).map((c) => `${c.protocol}/${c.host_port} ${c.users.map((x) => `${x.container}@${x.host_ip}`).join(' ')}`), want);
		});
	}
	it('addressesOverlap', () => {
		assert.ok(addressesOverlap('::', '127.0.0.1'));
		assert.ok(!addressesOverlap('::1', '127.0.0.1'));
	});
});
