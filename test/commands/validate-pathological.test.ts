/**
 * Files too deep, too long or too large for the built CLI (under its launcher's heap flags, from
 * dist/cli.js's shebang): a clear answer in bounded time, never a stack trace or a V8 abort.
 */
import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';
import {MAX_COMPOSE_BYTES, MAX_COMPOSE_VALUES} from '../../source/core/compose/limits.js';
import {PARALLEL} from '../helpers/cli.js';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
/** the node flags the launcher line gives (`#!/usr/bin/env -S node --max-old-space-size=128 …`) */
const NODE_FLAGS = readFileSync(CLI, 'utf8').split('\n', 1)[0]!.split(/\s+/).filter((a) => a.startsWith('--'));

/** the child's CPU time (user + system) is written here on exit */
const CPU_HOOK = `data:text/javascript,${encodeURIComponent("import {writeFileSync} from 'node:fs'; process.on('exit', () => { const u = process.cpuUsage(); writeFileSync(process.env.BERTH_TEST_CPU_FILE, String((u.user + u.system) / 1000)); });")}`;

function cli(args: string[], cwd: string): Promise<{code: number | null; signal: string | null; stdout: string; stderr: string; cpuMs: number}> {
	const cpuFile = join(mkdtempSync(join(tmpdir(), 'berth-validate-cpu-')), 'cpu');
	return new Promise((resolve) => {
		execFile(process.execPath, [...NODE_FLAGS, '--import', CPU_HOOK, CLI, ...args], {cwd, maxBuffer: 64 * 1024 * 1024, timeout: 60_000, env: {...process.env, BERTH_TEST_CPU_FILE: cpuFile}}, (err, stdout, stderr) => {
			const e = err as {code?: number; signal?: string} | null;
			let cpuMs = NaN;
			try {
				cpuMs = Number(readFileSync(cpuFile, 'utf8'));
			} catch {
				// killed before exit: no figure
			}
			resolve({code: e ? (e.code ?? null) : 0, signal: e?.signal ?? null, stdout, stderr, cpuMs});
		});
	});
}

function fileWith(text: string): {dir: string; file: string} {
	const dir = mkdtempSync(join(tmpdir(), 'berth-validate-deep-'));
	const file = join(dir, 'compose.yaml');
	writeFileSync(file, text);
	return {dir, file};
}

/** services s0 … s(n-1), each s(i) depending on s(i+1) (or extending it) */
function chain(n: number, link: (next: string) => string): string {
	let y = 'services:\n';
	for (let i = 0; i < n; i++) y += `  s${i}:\n    image: busybox\n${i + 1 < n ? link(`s${i + 1}`) : ''}`;
	return y;
}

describe('pathological compose files (built CLI, launcher heap flags)', () => {
	it('uses the launcher heap limit', () => assert.ok(NODE_FLAGS.some((f) => f.startsWith('--max-old-space-size=')), NODE_FLAGS.join(' ')));

	// Each file its own directory, no engine, no time measured: three at a time.
	describe('files that share nothing, overlapping', {concurrency: PARALLEL}, () => {
		it('a 5,000-deep depends_on chain: valid, no stack overflow', async () => {
			const {dir, file} = fileWith(chain(5000, (next) => `    depends_on: [${next}]\n`));
			const r = await cli(['validate', '-f', file], dir);
			assert.equal(r.code, 0, r.stderr.slice(0, 2000));
			assert.match(r.stdout, /valid — project .*, 5000 services/);
			assert.equal(r.stderr, '');
		});

		it('a 5,000-deep depends_on cycle: one cycle error, no stack overflow', async () => {
			const {dir, file} = fileWith(chain(5000, (next) => `    depends_on: [${next}]\n`) + '    depends_on: [s0]\n');
			const r = await cli(['validate', '-f', file, '--json'], dir);
			assert.equal(r.code, 2, r.stderr.slice(0, 2000));
			const codes = (JSON.parse(r.stdout) as {diagnostics: Array<{code: string}>}).diagnostics.map((d) => d.code);
			assert.deepEqual(codes, ['dependency-cycle']);
		});

		it('config orders a 5,000-deep chain without overflowing', async () => {
			const {dir, file} = fileWith(chain(5000, (next) => `    depends_on: [${next}]\n`));
			const r = await cli(['config', '-f', file, '--services'], dir);
			assert.equal(r.code, 0, r.stderr.slice(0, 2000));
			assert.equal(r.stdout.trim().split('\n').length, 5000);
		});

		it('a 4,000-deep extends chain whose every level adds a label (n²/2 labels resolved): a clear error, not an abort', async () => {
			let y = 'services:\n';
			for (let i = 0; i < 4000; i++) y += `  s${i}:\n` + (i + 1 < 4000 ? `    extends: s${i + 1}\n    labels: [l${i}=x]\n` : '    image: busybox\n');
			const {dir, file} = fileWith(y);
			const r = await cli(['validate', '-f', file, '--json'], dir);
			assert.equal(r.signal, null);
			assert.doesNotMatch(r.stderr, /heap out of memory|FATAL ERROR/);
			assert.equal(r.code, 2, r.stderr.slice(0, 2000));
			const d = (JSON.parse(r.stdout) as {diagnostics: Array<{code: string; message: string}>}).diagnostics;
			assert.ok(d.length > 0 && d.every((x) => x.code === 'bad-extends'), JSON.stringify(d.slice(0, 3)));
			assert.match(d[0]!.message, /resolve to more than 250,000 values \(each repeats what it extends\); berth stops there, so that it fits in the 128 MB heap/);
		});

		it('a 5 MB file with 21,000 services: a clear error (exit 2, the limit and why), never an abort', async () => {
			let y = 'services:\n';
			for (let i = 0; y.length < 5 * 1024 * 1024; i++) y += `  service-${i}:\n    image: registry.example.com/team/app-${i}:1.0\n    environment: {A: "1", B: "two", C: "three"}\n    ports: ["${20000 + (i % 40000)}:80"]\n    labels: [a=b, c=d]\n`;
			const {dir, file} = fileWith(y);
			for (const args of [['validate', '-f', file], ['config', '-f', file]]) {
				const r = await cli(args, dir);
				assert.equal(r.signal, null, `killed by ${r.signal}`);
				assert.doesNotMatch(r.stderr, /heap out of memory|FATAL ERROR|at .*\(.*:\d+:\d+\)/);
				assert.equal(r.code, 2, r.stderr.slice(0, 2000));
				assert.match(r.stderr, /compose\.yaml is \d+(\.\d+)? MB; berth reads compose files up to \d+ MB/);
			}
		});

		it('files at the limits are still handled (no abort under the heap limit); one value more is refused', async () => {
			// as many tiny values as allowed (the costliest shape per byte), and as many bytes
			const tiny = (n: number) => `services:\n  a:\n    image: busybox\n    x-many: [${'1,'.repeat(n - 11)}1]\n`;
			let long = 'services:\n';
			for (let i = 0; long.length < MAX_COMPOSE_BYTES - 300; i++) long += `  s${i}:\n    image: busybox\n    command: ["${'x'.repeat(Math.min(2000, MAX_COMPOSE_BYTES - 300 - long.length))}"]\n`;
			for (const text of [tiny(MAX_COMPOSE_VALUES), long]) {
				const {dir, file} = fileWith(text);
				const r = await cli(['validate', '-f', file], dir);
				assert.equal(r.signal, null);
				assert.doesNotMatch(r.stderr, /heap out of memory|FATAL ERROR/);
				assert.equal(r.code, 0, r.stderr.slice(0, 2000));
			}
			const over = fileWith(tiny(MAX_COMPOSE_VALUES + 1));
			const r = await cli(['validate', '-f', over.file], over.dir);
			assert.equal(r.code, 2);
			assert.match(r.stderr, /compose\.yaml holds more than 60,000 YAML values; berth reads compose files up to that many, so that checking it, with every position kept, fits in the 128 MB heap/);
		});

		it('YAML nested 10,000 deep: an error, not a stack trace', async () => {
			const {dir, file} = fileWith(`services:\n  a:\n    image: busybox\n    x-deep: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`);
			const r = await cli(['validate', '-f', file], dir);
			assert.equal(r.signal, null);
			assert.equal(r.code, 2, r.stderr.slice(0, 2000));
			assert.doesNotMatch(r.stderr, /RangeError|at .*\(.*:\d+:\d+\)/);
			assert.match(r.stdout + r.stderr, /nest/i);
		});
	});

	// These measure the CPU time of the child: alone, after the others.
	it('a 1,000-deep extends chain resolves in linear time', async () => {
		// each service extends the next and overrides one variable: the output stays linear
		const extendsChain = (n: number) => {
			let y = 'services:\n';
			for (let i = 0; i < n; i++) y += `  s${i}:\n` + (i + 1 < n ? `    extends: s${i + 1}\n    environment: {LEVEL: "${i}"}\n` : '    image: busybox\n    environment: {BASE: "1"}\n');
			return fileWith(y);
		};
		const small = extendsChain(1000);
		const big = extendsChain(4000);
		const a = await cli(['config', '-f', small.file, '--json'], small.dir);
		const b = await cli(['config', '-f', big.file, '--json'], big.dir);
		assert.equal(a.code, 0, a.stderr.slice(0, 2000));
		assert.equal(b.code, 0, b.stderr.slice(0, 2000));
		const s0 = (JSON.parse(a.stdout) as {services: Record<string, {image: string; environment: Record<string, string>}>}).services['s0']!;
		assert.deepEqual([s0.image, s0.environment], ['busybox', {BASE: '1', LEVEL: '0'}], 's0 inherits down the whole chain');
		// CPU time, not wall time (the machine may be busy): 4× the chain, well under 16× (quadratic)
		assert.ok(a.cpuMs < 5000, `1,000-deep extends took ${a.cpuMs} ms of CPU`);
		assert.ok(b.cpuMs < 4 * a.cpuMs, `1,000 deep: ${a.cpuMs} ms, 4,000 deep: ${b.cpuMs} ms of CPU`);
	});

	it('a 1,000-deep extends cycle is an error, not a hang', async () => {
		const {dir, file} = fileWith(chain(1000, (next) => `    extends: ${next}\n`) + '    extends: s0\n');
		const r = await cli(['validate', '-f', file, '--json'], dir);
		assert.equal(r.code, 2, r.stderr.slice(0, 2000));
		const d = (JSON.parse(r.stdout) as {diagnostics: Array<{code: string; message: string}>}).diagnostics;
		assert.ok(d.length > 0 && d.every((x) => x.code === 'bad-extends'), JSON.stringify(d.slice(0, 3)));
		assert.match(d[0]!.message, /extends cycle/);
		assert.ok(r.cpuMs < 5000, `${r.cpuMs} ms of CPU`);
	});
});
