/**
 * engine/trivy.ts: trivy as a child process, with a fake `trivy` on PATH (the real one is not
 * installed on this machine and cannot be downloaded here), and without any trivy for real.
 * No engine needed: the runner only hands the engine address to trivy.
 */
import assert from 'node:assert/strict';
import {mkdtempSync, rmSync, writeFileSync, chmodSync, mkdirSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {findTrivy, scanImage, trivyArgs, TrivyError} from '../../source/engine/trivy.js';
import type {EngineTarget} from '../../source/engine/host.js';
import {makeFakeTrivy, type FakeTrivy} from '../helpers/fake-trivy.js';

const TARGET: EngineTarget = {url: 'unix:///tmp/berth-test-engine.sock', source: 'flag'};
const REPORT = {
	SchemaVersion: 2,
	ArtifactName: 'tuitest/busybox:latest',
	ArtifactType: 'container_image',
	Results: [{Target: 'tuitest/busybox:latest (busybox 1.36)', Class: 'os-pkgs', Type: 'busybox', Vulnerabilities: [{VulnerabilityID: 'CVE-2022-48174', PkgName: 'busybox', InstalledVersion: '1.36.0', FixedVersion: '1.36.1', Severity: 'CRITICAL', Title: 'busybox: stack overflow in ash'}]}],
};

async function rejects(p: Promise<unknown>, code: string, message?: RegExp): Promise<TrivyError> {
	try {
		await p;
	} catch (err) {
		assert.ok(err instanceof TrivyError, `a TrivyError, got ${String(err)}`);
		assert.equal(err.code, code, err.message);
		if (message) assert.match(err.message, message);
		return err;
	}
	assert.fail(`expected a ${code} rejection`);
}

/** the (fake) trivy process has exited (within 3 s: TERM, then KILL after 2 s) */
async function gone(pid: number): Promise<void> {
	assert.ok(pid > 0, 'the fake logged its pid');
	for (let i = 0; i < 60; i++) {
		try {
			process.kill(pid, 0);
		} catch {
			return;
		}
		await new Promise((r) => setTimeout(r, 50));
	}
	assert.fail(`trivy (pid ${pid}) still runs`);
}

describe('engine/trivy', () => {
	let fake: FakeTrivy;
	before(() => {
		fake = makeFakeTrivy();
		fake.writeReport(REPORT);
	});
	after(() => fake.remove());

	it('runs `trivy image --format json --quiet --image-src docker --scanners vuln --timeout` on the ref, against the engine target', async () => {
		fake.resetLog();
		const report = await scanImage('tuitest/busybox:latest', {target: TARGET, timeoutMs: 90_000, env: {...fake.env(), DOCKER_CONTEXT: 'elsewhere', TRIVY_OUTPUT: '/tmp/stolen.json', TRIVY_CACHE_DIR: '/tmp/tc'}});
		assert.deepEqual(fake.args(), ['image', '--format', 'json', '--quiet', '--image-src', 'docker', '--scanners', 'vuln', '--timeout', '90s', 'tuitest/busybox:latest']);
		assert.deepEqual(fake.args(), trivyArgs('tuitest/busybox:latest', 90_000));
		assert.equal(fake.envSeen('DOCKER_HOST'), TARGET.url, 'trivy reads the image from berth\'s engine');
		assert.equal(fake.envSeen('DOCKER_CONTEXT'), 'unset', 'no other context can win');
		assert.equal(fake.envSeen('TRIVY_OUTPUT'), 'unset', 'the report is not sent elsewhere');
		assert.equal(fake.envSeen('TRIVY_CACHE_DIR'), '/tmp/tc', 'trivy settings that do not change the report are kept');
		assert.equal(report.artifact, 'tuitest/busybox:latest');
		assert.deepEqual(report.findings.map((f) => [f.id, f.severity, f.fixed]), [['CVE-2022-48174', 'CRITICAL', '1.36.1']]);
	});

	it('not on the PATH (for real: no trivy on this machine) → not-found, saying how to install it', async () => {
		const bare = {PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'};
		assert.equal(findTrivy(bare), null, 'this machine has no trivy on its standard PATH');
		const e = await rejects(scanImage('x', {target: TARGET, env: bare}), 'not-found', /trivy is not on the PATH: install it from https:\/\/trivy\.dev\/.* then run again/);
		assert.match(e.message, /apt\/brew\/the release binary/);
		await rejects(scanImage('x', {target: TARGET, env: {}}), 'not-found');
	});

	it('a relative PATH entry, a directory or a non-executable file named trivy is not taken', () => {
		const dir = mkdtempSync(join(tmpdir(), 'berth-notrivy-'));
		try {
			mkdirSync(join(dir, 'a', 'trivy'), {recursive: true});
			mkdirSync(join(dir, 'b'));
			writeFileSync(join(dir, 'b', 'trivy'), '#!/bin/sh\n');
			chmodSync(join(dir, 'b', 'trivy'), 0o644);
			assert.equal(findTrivy({PATH: `${join(dir, 'a')}:${join(dir, 'b')}:.:bin`}), null);
			assert.equal(findTrivy({PATH: `${join(dir, 'a')}:${fake.bin}`}), join(fake.bin, 'trivy'));
		} finally {
			rmSync(dir, {recursive: true, force: true});
		}
	});

	it('trivy fails (no vulnerability database) → failed, with its last error line and what to do', async () => {
		const e = await rejects(scanImage('x', {target: TARGET, env: fake.env('nodb')}), 'failed', /trivy failed \(exit 1\): .*failed to download vulnerability DB/);
		assert.match(e.hint, /vulnerability database/);
		assert.ok(e.output.length >= 1);
	});

	it('trivy hangs → stopped at the time limit (timeout), promptly', async () => {
		const t0 = Date.now();
		fake.resetLog();
		await rejects(scanImage('x', {target: TARGET, timeoutMs: 700, env: fake.env('hang')}), 'timeout', /did not finish within 1 s; stopped/);
		assert.ok(Date.now() - t0 < 5000, `${Date.now() - t0} ms`);
		await gone(Number(fake.envSeen('PID')));
	});

	it('a hung grandchild holding the pipes does not hold the scan', async () => {
		const t0 = Date.now();
		await rejects(scanImage('x', {target: TARGET, timeoutMs: 700, env: fake.env('hang-child')}), 'timeout');
		assert.ok(Date.now() - t0 < 5000, `${Date.now() - t0} ms`);
	});

	it('cancelled (AbortSignal) → aborted, the process stopped', async () => {
		fake.resetLog();
		const ac = new AbortController();
		const p = scanImage('x', {target: TARGET, signal: ac.signal, env: fake.env('hang')});
		setTimeout(() => ac.abort(), 200);
		await rejects(p, 'aborted');
		await gone(Number(fake.envSeen('PID')));
		const pre = new AbortController();
		pre.abort();
		await rejects(scanImage('x', {target: TARGET, signal: pre.signal, env: fake.env()}), 'aborted');
	});

	it('endless output → stopped at the cap (too-large)', async () => {
		await rejects(scanImage('x', {target: TARGET, maxBytes: 1024 * 1024, env: fake.env('flood')}), 'too-large', /larger than 1 MiB/);
	});

	it('output that is not a report → bad-report; no output → bad-report (empty)', async () => {
		await rejects(scanImage('x', {target: TARGET, env: fake.env('garbage')}), 'bad-report', /not JSON/);
		await rejects(scanImage('x', {target: TARGET, env: fake.env('empty')}), 'bad-report', /empty output/);
	});

	it('an image id as the ref reaches trivy as its last argument, unchanged', async () => {
		fake.resetLog();
		await scanImage('sha256:0123456789abcdef', {target: TARGET, env: fake.env()});
		assert.equal(fake.args()!.at(-1), 'sha256:0123456789abcdef');
	});
});
