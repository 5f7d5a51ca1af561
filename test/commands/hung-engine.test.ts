/**
 * An engine that accepts the connection and never answers (a hung daemon), and one that answers
 * /version but hangs on everything else (a daemon stuck behind containerd): every one-shot
 * command of the built CLI ends within its bound with exit 3 and names the address — the process
 * must not be kept alive by the request it gave up on.
 */
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {createServer as createHttpServer, type Server as HttpServer} from 'node:http';
import {createServer, type Server, type Socket} from 'node:net';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {after, before, describe, it} from 'node:test';

const CLI = resolve('dist/cli.js');
const dir = mkdtempSync(join(tmpdir(), 'berth-hung-'));
const HUNG = join(dir, 'hung.sock');
const HALF = join(dir, 'half.sock');
const sockets = new Set<Socket>();

interface Ran {
	code: number | null;
	ms: number;
	out: string;
	err: string;
}

/** The built CLI with a clean environment; killed at 60 s so a hang fails the test, not the run. */
function berth(args: string[], env: Record<string, string>): Promise<Ran> {
	const t0 = Date.now();
	return new Promise((done, fail) => {
		const p = spawn(process.execPath, [CLI, ...args], {
			cwd: join(dir, 'proj'),
			env: {PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: dir, XDG_STATE_HOME: join(dir, 'state'), ...env},
		});
		let out = '';
		let err = '';
		p.stdout.on('data', (b: Buffer) => (out += b));
		p.stderr.on('data', (b: Buffer) => (err += b));
		const kill = setTimeout(() => p.kill('SIGKILL'), 60_000);
		p.on('error', fail);
		p.on('close', (code) => {
			clearTimeout(kill);
			done({code, ms: Date.now() - t0, out, err});
		});
	});
}

const COMMANDS: string[][] = [
	['status'],
	['status', '--json'],
	['ports'],
	['ports', 'check', '8080'],
	['doctor'],
	['doctor', '-p', 'shop'],
	['list-images'],
	['arch-info'],
	['restart-container', 'web'],
	['setup-tags', '--dry-run'],
	['setup-tags'],
	['load-images', join(dir, 'images')],
	['restart', 'web'],
	['stop', 'web'],
];

/** Run the CLI calls a few at a time (2 CPU cores shared with other tests: start-up counts too). */
async function pool<T>(jobs: Array<() => Promise<T>>, width = 3): Promise<T[]> {
	const out: T[] = new Array(jobs.length);
	let next = 0;
	const worker = async () => {
		while (next < jobs.length) {
			const i = next++;
			out[i] = await jobs[i]!();
		}
	};
	await Promise.all(Array.from({length: width}, worker));
	return out;
}

let hung: Server;
let half: HttpServer;

describe('a hung engine: every command ends with exit 3', () => {
	before(async () => {
		mkdirSync(join(dir, 'proj'));
		mkdirSync(join(dir, 'images'));
		writeFileSync(join(dir, 'images', 'x.tar'), 'not really a tar');
		writeFileSync(join(dir, 'proj', 'compose.yaml'), 'name: shop\nservices:\n  web:\n    image: busybox\n');
		hung = createServer((s) => {
			sockets.add(s);
			s.on('data', () => undefined); // read the request, never answer
		});
		half = createHttpServer((req, res) => {
			if (/\/(version|_ping)$/.test(req.url ?? '')) {
				res.setHeader('content-type', 'application/json');
				res.end(JSON.stringify({ApiVersion: '1.41', Version: '20.10.99', Arch: 'amd64', Os: 'linux'}));
			}
			sockets.add(req.socket); // everything else: never answered
		});
		await new Promise<void>((r) => hung.listen(HUNG, r));
		await new Promise<void>((r) => half.listen(HALF, r));
	});
	after(() => {
		for (const s of sockets) s.destroy();
		hung.close();
		half.close();
		rmSync(dir, {recursive: true, force: true});
	});

	it('accepts and never answers: exit 3 within 10 s, the address named (DOCKER_HOST and -H)', async () => {
		const runs = await pool([
			...COMMANDS.map((c) => () => berth(c, {DOCKER_HOST: `unix://${HUNG}`})),
			() => berth(['-H', `unix://${HUNG}`, 'status'], {}),
			() => berth(['status', '-H', `unix://${HUNG}`], {}),
		], 6); // each call mostly waits out the 5 s bound: more at once costs little CPU
		const bad = runs
			.map((r, i) => ({r, what: (COMMANDS[i] ?? ['-H', 'status']).join(' ')}))
			.filter(({r}) => r.code !== 3 || r.ms >= 10_000 || !new RegExp(`engine at unix://${HUNG.replace(/[.]/g, '\\.')}.* did not answer GET /version within 5 s`).test(r.err));
		assert.deepEqual(bad.map(({r, what}) => `${what}: exit ${r.code} after ${r.ms} ms: ${r.err}`), []);
	});

	it('answers /version, hangs on the rest: exit 3 within 10 s (call bound BERTH_ENGINE_TIMEOUT=2)', async () => {
		const runs = await pool(COMMANDS.map((c) => () => berth(c, {DOCKER_HOST: `unix://${HALF}`, BERTH_ENGINE_TIMEOUT: '2'})));
		const bad = runs
			.map((r, i) => ({r, what: COMMANDS[i]!.join(' ')}))
			.filter(({r}) => r.code !== 3 || r.ms >= 10_000 || !new RegExp(`engine at unix://${HALF.replace(/[.]/g, '\\.')}.* did not answer (GET|POST) /\\S+ within 2 s`).test(r.err));
		assert.deepEqual(bad.map(({r, what}) => `${what}: exit ${r.code} after ${r.ms} ms: ${r.err}`), []);
	});
});
