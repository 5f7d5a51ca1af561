/** engine/networks.ts against the real engine, on networks this test creates and labels. */
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import type {Engine} from '../../source/engine/connection.js';
import {EngineError} from '../../source/engine/errors.js';
import {connectNetwork, disconnectNetwork, ensureNetwork, getNetwork, listNetworks, removeNetwork} from '../../source/engine/networks.js';
import {RUN_ID, TEST_LABEL, cleanup, docker, runContainer, testEngine, uniqueName} from '../helpers/engine.js';

let engine: Engine;
const made: string[] = [];

function net(tag: string): string {
	const n = uniqueName(`resources-${tag}-${Math.random().toString(36).slice(2, 6)}`);
	made.push(n);
	return n;
}

describe('engine networks', () => {
	before(async () => {
		engine = await testEngine();
	});
	after(() => {
		cleanup();
		// by id: a race may have left two networks of one name
		for (const n of made) {
			for (const id of docker('network', 'ls', '-q', '--filter', `name=^${n}$`).split('\n').filter(Boolean)) {
				try {
					docker('network', 'rm', id);
				} catch {
					// already gone
				}
			}
		}
	});

	it('ensure is idempotent; a different driver is a conflict; the subnet and label are listed', async () => {
		const name = net('ens');
		const a = await ensureNetwork(engine, name, {labels: {[TEST_LABEL]: RUN_ID}});
		assert.equal(a.created, true);
		assert.equal(a.network.driver, 'bridge');
		assert.match(a.network.subnets[0] ?? '', /^\d+\.\d+\.\d+\.\d+\/\d+$/);
		const b = await ensureNetwork(engine, name, {labels: {[TEST_LABEL]: RUN_ID}});
		assert.equal(b.created, false);
		assert.equal(b.network.id, a.network.id);
		await assert.rejects(ensureNetwork(engine, name, {driver: 'macvlan'}), (e: EngineError) => e.code === 'conflict' && /driver bridge/.test(e.message));
		const listed = await listNetworks(engine, {labels: [`${TEST_LABEL}=${RUN_ID}`]});
		assert.ok(listed.some((n) => n.name === name && n.subnets.length === 1 && n.labels[TEST_LABEL] === RUN_ID));
		// two concurrent ensures: one network, both succeed
		const name2 = net('race');
		const [x, y] = await Promise.all([ensureNetwork(engine, name2), ensureNetwork(engine, name2)]);
		assert.equal(x.network.id, y.network.id);
		assert.equal(docker('network', 'ls', '-q', '--filter', `name=^${name2}$`).split('\n').filter(Boolean).length, 1);
	});

	it('two containers on it reach each other by name; attached containers are listed; rm is refused while in use', async () => {
		const name = net('talk');
		await ensureNetwork(engine, name, {subnet: '10.231.77.0/24'});
		const a = uniqueName('resources-a');
		const b = uniqueName('resources-b');
		runContainer({name: a, extra: ['--network', name]});
		runContainer({name: b, extra: ['--network', name]});
		// by name, over the network's DNS
		const out = docker('exec', b, 'ping', '-c', '1', '-W', '3', a);
		assert.match(out, /1 packets received/);
		assert.match(out, /10\.231\.77\.\d+/);
		const n = await getNetwork(engine, name);
		assert.deepEqual(n?.subnets, ['10.231.77.0/24']);
		assert.deepEqual(n?.containers.map((c) => c.name), [a, b].sort());
		assert.ok(n?.containers.every((c) => c.ipv4.startsWith('10.231.77.')));
		await assert.rejects(removeNetwork(engine, name), (e: EngineError) => e.code === 'in-use' && e.message.includes(a) && e.message.includes(b));
		// a stopped container still holds its network
		docker('stop', '-t', '0', a, b);
		await assert.rejects(removeNetwork(engine, name), (e: EngineError) => e.code === 'in-use');
		docker('rm', a, b);
		assert.deepEqual(await removeNetwork(engine, name), {found: true});
		assert.deepEqual(await removeNetwork(engine, name), {found: false});
	});

	it('connect and disconnect (each twice: the second is nothing to do), and the builtin networks are refused', async () => {
		const name = net('cd');
		await ensureNetwork(engine, name);
		const c = uniqueName('resources-c');
		const peer = uniqueName('resources-peer');
		runContainer({name: c});
		runContainer({name: peer, extra: ['--network', name]});
		assert.deepEqual(await connectNetwork(engine, name, c, {aliases: ['bt-alias']}), {changed: true});
		assert.deepEqual(await connectNetwork(engine, name, c), {changed: false});
		assert.match(docker('exec', peer, 'ping', '-c', '1', '-W', '3', 'bt-alias'), /1 packets received/);
		assert.deepEqual((await getNetwork(engine, name))?.containers.map((x) => x.name).sort(), [c, peer].sort());
		assert.deepEqual(await disconnectNetwork(engine, name, c), {changed: true});
		assert.deepEqual(await disconnectNetwork(engine, name, c), {changed: false});
		assert.deepEqual((await getNetwork(engine, name))?.containers.map((x) => x.name), [peer]);
		await assert.rejects(connectNetwork(engine, name, `bt-nosuch-${RUN_ID}`), (e: EngineError) => e.code === 'not-found');
		for (const builtin of ['bridge', 'host', 'none']) {
			await assert.rejects(removeNetwork(engine, builtin), (e: EngineError) => /engine's own/.test(e.message));
		}
	});
});
