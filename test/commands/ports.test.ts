/** `berth ports` and `berth ports check` (the built CLI) against the real engine and real sockets. */
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {createSocket} from 'node:dgram';
import {createServer} from 'node:net';
import {after, before, describe, it} from 'node:test';
import {checkPort} from '../../source/core/ports.js';
import type {Engine} from '../../source/engine/connection.js';
import {berthAsync as berth} from '../helpers/cli.js';
import {IMAGE, RUN_ID, TEST_LABEL, cleanup, docker, runContainer, testEngine, uniqueName, waitFor} from '../helpers/engine.js';

/** Async: the CLI looks for the test process's own sockets, so the event loop must keep running. */
let engine: Engine;

describe('berth ports', () => {
	before(async () => {
		engine = await testEngine();
	});
	after(() => cleanup());

	it('lists published ports and a conflict with a created container that wants the same port', async () => {
		const web = uniqueName('web');
		runContainer({name: web, ports: ['127.0.0.1:19320:8080', '127.0.0.1:19321:53/udp']});
		const late = uniqueName('late');
		docker('create', '--init', '--label', `${TEST_LABEL}=${RUN_ID}`, '--name', late, '-p', '19320:8080', IMAGE, 'sleep', '600');
		const r = await berth(['ports', '--json']);
		assert.equal(r.code, 0, r.err);
		const doc = JSON.parse(r.out) as {ports: Array<Record<string, unknown>>; conflicts: Array<{protocol: string; host_port: number; users: Array<{container: string; host_ip: string}>}>};
		const mine = doc.ports.filter((p) => p['container'] === web).map((p) => `${p['host_ip']}:${p['host_port']}->${p['container_port']}/${p['protocol']}`);
		assert.deepEqual(mine, ['127.0.0.1:19320->8080/tcp', '127.0.0.1:19321->53/udp']);
		const c = doc.conflicts.find((x) => x.host_port === 19320);
		assert.deepEqual(c?.users.map((u) => u.container).sort(), [late, web].sort());
		const text = await berth(['ports']);
		assert.match(text.out, new RegExp(`127\\.0\\.0\\.1:19320 +tcp +8080 +${web}`));
		assert.match(text.out, new RegExp(`conflict: tcp/19320 wanted by .*${late}`));
	});

	it('check: a container holds it', async () => {
		const name = uniqueName('holder');
		runContainer({name, ports: ['127.0.0.1:19330:8080']});
		await waitFor(() => docker('inspect', '-f', '{{.State.Running}}', name) === 'true', 'running');
		const r = await berth(['ports', 'check', '19330', '--json']);
		assert.equal(r.code, 1);
		const doc = JSON.parse(r.out) as {free: boolean; holders: Array<{kind: string; name: string}>};
		assert.equal(doc.free, false);
		assert.deepEqual(doc.holders.map((h) => [h.kind, h.name]), [['container', name]]);
		const other = await berth(['ports', 'check', '19330', '--bind', '127.0.0.2']);
		assert.equal(other.code, 0, 'another address is free');
		assert.match(other.out, /127\.0\.0\.2:19330\/tcp is free/);
	});

	it('check: a host process holds it (tcp and udp), found through /proc', async () => {
		const server = createServer();
		await new Promise<void>((r) => server.listen(19340, '127.0.0.1', () => r()));
		const udp = createSocket('udp4');
		await new Promise<void>((r) => udp.bind(19341, '127.0.0.1', () => r()));
		try {
			const r = await berth(['ports', 'check', '19340']);
			assert.equal(r.code, 1);
			assert.match(r.out, new RegExp(`0\\.0\\.0\\.0:19340/tcp is taken\\n +by process node \\(pid ${process.pid}\\) on 127\\.0\\.0\\.1`));
			const u = await berth(['ports', 'check', '19341', '--udp', '--json']);
			const doc = JSON.parse(u.out) as {protocol: string; holders: Array<{kind: string; pid: number}>};
			assert.equal(doc.protocol, 'udp');
			assert.deepEqual(doc.holders.map((h) => [h.kind, h.pid]), [['process', process.pid]]);
			assert.equal((await berth(['ports', 'check', '19341'])).code, 0, 'the tcp port of the same number is free');
		} finally {
			server.close();
			udp.close();
		}
	});

	it('check: a free port', async () => {
		const c = await checkPort(engine, 19350, {bind: '127.0.0.1'});
		assert.deepEqual([c.free, c.holders, c.method], [true, [], 'bind-attempt']);
	});

	it('usage errors', () => {
		for (const args of [['ports', 'check'], ['ports', 'check', '70000'], ['ports', 'nope'], ['ports', '--udp']]) {
			assert.equal(spawnSync(process.execPath, ['dist/cli.js', ...args]).status, 2, args.join(' '));
		}
	});
});
