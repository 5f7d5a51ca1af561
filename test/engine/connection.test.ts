/** The engine layer against the real engine: records, idempotent actions, events, logs, errors. */
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {connectEngine} from '../../source/engine/connection.js';
import {containerAction, inspectContainer, listContainers} from '../../source/engine/containers.js';
import {EngineError, toEngineError} from '../../source/engine/errors.js';
import {containerEvents} from '../../source/engine/events.js';
import {containerLogs, type LogLine} from '../../source/engine/logs.js';
import type {Engine} from '../../source/engine/connection.js';
import {cleanup, docker, runContainer, testEngine, uniqueName, waitFor} from '../helpers/engine.js';

describe('engine layer (real engine)', () => {
	let engine: Engine;
	before(async () => {
		engine = await testEngine();
	});
	after(() => cleanup());

	it('negotiates the API version with the engine', () => {
		assert.match(engine.apiVersion, /^1\.\d+$/);
		assert.ok(engine.serverVersion.length > 0);
	});

	it('maps a container with ports, health and compose labels into a record', async () => {
		const name = uniqueName('rec');
		const id = runContainer({
			name,
			ports: ['127.0.0.1:19950:8080'],
			labels: {'com.docker.compose.project': 'btf', 'com.docker.compose.service': 'web'},
			health: {cmd: 'wget -q -O- http://127.0.0.1:8080/'},
			cmd: ['httpd', '-f', '-p', '8080', '-h', '/var/www'],
		});
		const rec = await waitFor(async () => {
			const r = await inspectContainer(engine, id);
			return r?.health === 'healthy' ? r : null;
		}, 'healthy', 10_000);
		assert.equal(rec.name, name);
		assert.equal(rec.project, 'btf');
		assert.equal(rec.service, 'web');
		assert.equal(rec.state, 'running');
		assert.deepEqual(rec.ports, [{host_ip: '127.0.0.1', host_port: 19950, container_port: 8080, protocol: 'tcp'}]);
		assert.ok(rec.started_at && Date.parse(rec.started_at) > Date.now() - 60_000);
		const listed = (await listContainers(engine)).find((r) => r.id === id);
		assert.ok(listed);
		assert.equal(listed.health, 'healthy');
		assert.deepEqual(listed.ports, rec.ports);
	});

	it('treats already-stopped, already-paused and already-removed as success', async () => {
		const id = runContainer({name: uniqueName('idem')});
		await containerAction(engine, id, 'pause');
		await containerAction(engine, id, 'pause');
		await containerAction(engine, id, 'unpause');
		await containerAction(engine, id, 'unpause');
		await containerAction(engine, id, 'stop', {timeout: 1});
		await containerAction(engine, id, 'stop', {timeout: 1});
		assert.equal((await inspectContainer(engine, id))?.state, 'exited');
		await containerAction(engine, id, 'remove');
		await containerAction(engine, id, 'remove');
		assert.equal(await inspectContainer(engine, id), null);
	});

	it('reports a missing container as not-found with a hint', async () => {
		await assert.rejects(containerAction(engine, 'bt-does-not-exist', 'start'), (e: unknown) => e instanceof EngineError && e.code === 'not-found' && e.hint.length > 0);
	});

	it('streams container events and drops healthcheck exec noise', async () => {
		const ac = new AbortController();
		const events = await containerEvents(engine, ac.signal);
		const name = uniqueName('ev');
		const id = runContainer({name, health: {cmd: 'true'}, cmd: ['sh', '-c', 'sleep 2.5']});
		const seen: string[] = [];
		const timer = setTimeout(() => ac.abort(), 10_000);
		for await (const ev of events) {
			if (ev.id !== id) continue;
			seen.push(ev.action);
			if (ev.action === 'die') break;
		}
		clearTimeout(timer);
		ac.abort();
		assert.ok(seen.includes('create'), seen.join(','));
		assert.ok(seen.includes('start'), seen.join(','));
		assert.ok(seen.some((a) => a.startsWith('health_status')), seen.join(','));
		assert.ok(!seen.some((a) => a.startsWith('exec_')), seen.join(','));
	});

	it('demultiplexes stdout and stderr into lines with timestamps', async () => {
		const id = runContainer({name: uniqueName('logs'), cmd: ['sh', '-c', 'echo out1; echo err1 >&2; printf "no-newline"']});
		await waitFor(() => docker('logs', id).includes('no-newline'), 'logs', 5000);
		const ac = new AbortController();
		const lines: LogLine[] = [];
		for await (const batch of await containerLogs(engine, id, {signal: ac.signal, follow: false, tail: 100})) lines.push(...batch);
		assert.deepEqual(lines.filter((l) => l.stream === 'stdout').map((l) => l.text), ['out1', 'no-newline']);
		assert.deepEqual(lines.filter((l) => l.stream === 'stderr').map((l) => l.text), ['err1']);
		assert.ok(lines.every((l) => l.ts && !Number.isNaN(Date.parse(l.ts))));
	});

	it('an unreachable engine is a typed error that names the socket and says what to do', async () => {
		await assert.rejects(connectEngine({host: 'unix:///tmp/berth-no-such.sock'}), (e: unknown) => {
			assert.ok(e instanceof EngineError);
			assert.equal(e.code, 'unreachable');
			assert.match(e.message, /unix:\/\/\/tmp\/berth-no-such\.sock/);
			assert.match(e.hint, /DOCKER_HOST/);
			return true;
		});
	});

	const mapped: Array<[string, Record<string, unknown>, string]> = [
		['ECONNREFUSED', {code: 'ECONNREFUSED'}, 'unreachable'],
		['EACCES', {code: 'EACCES'}, 'permission'],
		['404', {statusCode: 404, json: {message: 'No such container: x'}}, 'not-found'],
		['409', {statusCode: 409, json: {message: 'conflict'}}, 'conflict'],
		['500', {statusCode: 500, json: {message: 'boom'}}, 'server'],
		['api', {statusCode: 400, json: {message: 'client version 1.99 is too new'}}, 'api-version'],
	];
	for (const [what, raw, code] of mapped) {
		it(`maps ${what} to ${code}`, () => {
			const e = toEngineError(raw, 'unix:///x');
			assert.equal(e.code, code);
			assert.ok(e.hint.length > 0);
		});
	}
});
