/**
 * A JSON-lines reader over an HTTP response ends when the response is destroyed from our side or
 * the server closes the connection mid-line: its consumer must not wait forever. A local HTTP
 * server streams the lines (as the engine's /events does: chunked, held open).
 */
import assert from 'node:assert/strict';
import {createServer, request, type IncomingMessage, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';
import {after, before, describe, it} from 'node:test';
import type {Readable} from 'node:stream';
import {dockerOf} from '../../source/engine/client.js';
import {jsonLines, onJsonLines} from '../../source/engine/jsonlines.js';
import {testEngine} from '../helpers/engine.js';

let server: ReturnType<typeof createServer>;
let port = 0;
const open = new Set<ServerResponse>();

before(async () => {
	server = createServer((req, res) => {
		res.writeHead(200, {'content-type': 'application/json'});
		res.write('{"n":1}\n{"n":2}\n');
		open.add(res);
		if (req.url === '/torn') setTimeout(() => (res.write('{"n":3,"tor'), setTimeout(() => res.socket?.destroy(), 50)), 50);
		// else: held open, as /events is
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	port = (server.address() as AddressInfo).port;
});
after(() => {
	for (const r of open) r.destroy();
	server.close();
});

const get = (path: string) =>
	new Promise<IncomingMessage>((resolve, reject) => {
		const req = request({host: '127.0.0.1', port, path}, resolve);
		req.on('error', reject);
		req.end();
	});

/** Resolves with what the consumer got, or rejects when it has not ended within ms. */
async function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
	let t: NodeJS.Timeout | undefined;
	try {
		return await Promise.race([p, new Promise<never>((_, reject) => (t = setTimeout(() => reject(new Error(`${what}: not ended within ${ms} ms`)), ms)))]);
	} finally {
		clearTimeout(t);
	}
}

async function consume(res: IncomingMessage, signal: AbortSignal, onFirst?: () => void): Promise<unknown[]> {
	const got: unknown[] = [];
	try {
		for await (const v of jsonLines(res, signal)) {
			got.push(v);
			if (got.length === 2) onFirst?.();
		}
	} catch (err) {
		got.push(`error: ${(err as Error).message}`);
	}
	return got;
}

describe('jsonLines ends when its response goes away', () => {
	it('the response destroyed from our side: the iterator ends within 1 s', async () => {
		const res = await get('/held');
		const got = await within(consume(res, new AbortController().signal, () => setTimeout(() => res.destroy(), 20)), 1000, 'destroyed locally');
		assert.deepEqual(got.slice(0, 2), [{n: 1}, {n: 2}]);
	});

	it('the response destroyed while the consumer waits for the next line (no value pending)', async () => {
		const res = await get('/held');
		const it = jsonLines<{n: number}>(res, new AbortController().signal);
		assert.deepEqual((await it.next()).value, {n: 1});
		assert.deepEqual((await it.next()).value, {n: 2});
		const next = it.next();
		setTimeout(() => res.destroy(), 20);
		const r = await within(next.then((x) => x, (e: Error) => ({done: true, value: `error: ${e.message}`})), 1000, 'waiting consumer');
		assert.equal(r.done, true);
	});

	it('the server closes the connection mid-line: the iterator ends (the torn line skipped)', async () => {
		const res = await get('/torn');
		const got = await within(consume(res, new AbortController().signal), 2000, 'closed by the server');
		assert.deepEqual(got.filter((x) => typeof x !== 'string'), [{n: 1}, {n: 2}]);
	});

	it('an abort ends it too (the response destroyed with it)', async () => {
		const res = await get('/held');
		const ac = new AbortController();
		const got = await within(consume(res, ac.signal, () => setTimeout(() => ac.abort(), 20)), 1000, 'aborted');
		assert.deepEqual(got, [{n: 1}, {n: 2}]);
		assert.equal(res.destroyed, true);
	});

	it('onJsonLines: the response destroyed locally resolves', async () => {
		const res = await get('/held');
		const got: unknown[] = [];
		const done = onJsonLines(res, new AbortController().signal, (v) => {
			got.push(v);
			if (got.length === 2) setTimeout(() => res.destroy(), 20);
		});
		await within(done.catch(() => undefined), 1000, 'onJsonLines destroyed locally');
		assert.deepEqual(got, [{n: 1}, {n: 2}]);
	});

	it('the real engine: /events destroyed from our side while the consumer waits — the iterator ends', async () => {
		const engine = await testEngine();
		const stream = (await dockerOf(engine).getEvents({filters: {type: ['container'], label: ['berth.test.none=hung']}} as never)) as unknown as Readable;
		const it = jsonLines(stream, new AbortController().signal);
		const next = it.next(); // no such event will come: the consumer waits
		setTimeout(() => stream.destroy(), 50);
		const r = await within(next.then((x) => x, (e: Error) => ({done: true, value: `error: ${e.message}`})), 1000, 'real /events destroyed locally');
		assert.equal(r.done, true);
	});
});
