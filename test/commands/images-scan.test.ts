/**
 * `berth images scan` (the built CLI) against the real engine, with a fake `trivy` on PATH (the
 * real trivy is not installed on this machine and cannot be downloaded here) and with no trivy
 * at all (for real).
 */
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {SUBCOMMANDS} from '../../source/commands/images.js';
import {commands} from '../../source/commands/registry.js';
import {findTrivy} from '../../source/engine/trivy.js';
import {IMAGE} from '../helpers/engine.js';
import {assertInert} from '../helpers/hostile.js';
import {makeFakeTrivy, type FakeTrivy} from '../helpers/fake-trivy.js';

const CLI = resolve(process.env['BERTH_TEST_CLI'] ?? 'dist/cli.js');
const HOST = process.env['DOCKER_HOST'] ?? 'unix:///var/run/docker.sock';
const home = mkdtempSync(join(tmpdir(), 'berth-scan-home-'));
const STD_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

function berth(args: string[], env: Record<string, string> = {}) {
	const r = spawnSync(process.execPath, [CLI, 'images', 'scan', ...args], {encoding: 'utf8', env: {PATH: STD_PATH, HOME: home, DOCKER_HOST: HOST, ...env}, timeout: 60_000});
	return {code: r.status, out: r.stdout, err: r.stderr};
}

const v = (id: string, severity: string, pkg: string, title: string, fixed = '') => ({VulnerabilityID: id, PkgName: pkg, InstalledVersion: '1.0', FixedVersion: fixed, Severity: severity, Title: title});
const REPORT = {
	SchemaVersion: 2,
	ArtifactName: IMAGE,
	ArtifactType: 'container_image',
	Results: [
		{
			Target: `${IMAGE} (busybox 1.36)`,
			Class: 'os-pkgs',
			Type: 'busybox',
			Vulnerabilities: [v('CVE-2022-0001', 'LOW', 'busybox', 'low one'), v('CVE-2022-0002', 'CRITICAL', 'busybox', 'critical one', '1.36.1'), v('CVE-2022-0003', 'HIGH', 'libc', 'high one'), v('CVE-2022-0004', 'HIGH', 'libc', 'high fixable', '2.0')],
		},
	],
};

describe('berth images scan', () => {
	let fake: FakeTrivy;
	before(() => {
		fake = makeFakeTrivy(STD_PATH);
		fake.writeReport(REPORT);
	});
	after(() => {
		fake.remove();
		rmSync(home, {recursive: true, force: true});
	});

	it('trivy not on the PATH (for real): exit 1, says how to install it; the engine is not asked', () => {
		assert.equal(findTrivy({PATH: STD_PATH}), null, 'no trivy on this machine');
		const r = berth([IMAGE], {DOCKER_HOST: 'unix:///nonexistent/berth.sock'});
		assert.equal(r.code, 1, r.err);
		assert.match(r.err, /berth: trivy is not on the PATH: install it from https:\/\/trivy\.dev\/\S+ \(e\.g\. apt\/brew\/the release binary\), then run again/);
		assert.equal(r.out, '');
		const j = berth([IMAGE, '--json']);
		assert.equal(j.code, 1);
		const doc = JSON.parse(j.out) as {ref: string; error: {code: string; message: string}};
		assert.deepEqual([doc.ref, doc.error.code], [IMAGE, 'trivy-not-found']);
	});

	it('usage errors: exit 2', () => {
		for (const args of [[], [IMAGE, 'other'], [IMAGE, '--severity', 'SEVERE'], [IMAGE, '--top', 'ten'], [IMAGE, '--top', '-1'], [IMAGE, '--timeout', '0'], [IMAGE, '--timeout', 'x'], [IMAGE, '--bogus']]) {
			const r = berth(args, fake.env());
			assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
		}
	});

	it('findings: counts by severity and the top findings, most severe first; exit 1; trivy got the engine address', () => {
		fake.resetLog();
		const r = berth([IMAGE, '--top', '3'], fake.env());
		assert.equal(r.code, 1, r.err);
		const lines = r.out.split('\n');
		assert.match(lines[0]!, new RegExp(`^${IMAGE.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} [0-9a-f]{12}: 4 vulnerabilities$`));
		assert.equal(lines[1], '  CRITICAL 1 · HIGH 2 · MEDIUM 0 · LOW 1 · UNKNOWN 0');
		assert.equal(lines[2], 'top 3 of 4:');
		assert.match(lines[3]!, /SEVERITY\s+ID\s+PACKAGE\s+INSTALLED\s+FIXED\s+TITLE/);
		assert.deepEqual(lines.slice(4, 7).map((l) => l.trim().split(/\s+/).slice(0, 2).join(' ')), ['CRITICAL CVE-2022-0002', 'HIGH CVE-2022-0004', 'HIGH CVE-2022-0003']);
		assert.equal(fake.args()!.at(-1), IMAGE);
		assert.equal(fake.envSeen('DOCKER_HOST'), HOST);
	});

	it('--json: the summary; --severity picks what counts (exit 0 when none of those)', () => {
		const r = berth([IMAGE, '--json', '--severity', 'critical,HIGH', '--top', '2'], fake.env());
		assert.equal(r.code, 1, r.err);
		const s = JSON.parse(r.out) as {ref: string; image_id: string; counts: Record<string, number>; total: number; severities: string[]; selected: number; top: Array<{id: string; severity: string; fixed: string}>};
		assert.equal(s.ref, IMAGE);
		assert.match(s.image_id, /^sha256:[0-9a-f]{64}$/);
		assert.deepEqual(s.counts, {CRITICAL: 1, HIGH: 2, MEDIUM: 0, LOW: 1, UNKNOWN: 0});
		assert.deepEqual([s.total, s.severities, s.selected], [4, ['CRITICAL', 'HIGH'], 3]);
		assert.deepEqual(s.top.map((f) => f.id), ['CVE-2022-0002', 'CVE-2022-0004']);
		const plus = JSON.parse(berth([IMAGE, '--json', '--severity', 'HIGH+'], fake.env()).out) as {severities: string[]; selected: number};
		assert.deepEqual([plus.severities, plus.selected], [['CRITICAL', 'HIGH'], 3], 'HIGH+: HIGH and above');
		const none = berth([IMAGE, '--severity', 'MEDIUM,UNKNOWN'], fake.env());
		assert.equal(none.code, 0, none.err);
		assert.match(none.out, /no findings \(MEDIUM, UNKNOWN\)/);
		assert.match(none.out, /CRITICAL 1 · HIGH 2/, 'the counts stay whole');
	});

	it('a clean image: exit 0, "no vulnerabilities found"', () => {
		const dir = mkdtempSync(join(tmpdir(), 'berth-scan-clean-'));
		try {
			const file = join(dir, 'clean.json');
			writeFileSync(file, JSON.stringify({SchemaVersion: 2, ArtifactName: IMAGE, ArtifactType: 'container_image'}));
			const r = berth([IMAGE], fake.env('report', {FAKE_TRIVY_REPORT: file}));
			assert.equal(r.code, 0, r.err);
			assert.match(r.out, /: 0 vulnerabilities\n  CRITICAL 0 · HIGH 0 · MEDIUM 0 · LOW 0 · UNKNOWN 0\nno vulnerabilities found/);
		} finally {
			rmSync(dir, {recursive: true, force: true});
		}
	});

	it('hostile report text (titles, packages, targets, trivy\'s stderr) reaches the terminal inert', () => {
		const dir = mkdtempSync(join(tmpdir(), 'berth-scan-hostile-'));
		try {
			const file = join(dir, 'hostile.json');
			const bad = '\x1b]0;PWNED\x07\x1b]52;c;UFdO\x07\x1b[2J\u009b2J\u202erlo\u0000nul';
			writeFileSync(file, JSON.stringify({SchemaVersion: 2, ArtifactName: `a${bad}`, Results: [{Target: `t${bad}`, Vulnerabilities: [v(`CVE-${bad}`, 'HIGH', `p${bad}`, `title${bad}\nsecond line`, `f${bad}`)]}]}));
			const r = berth([IMAGE], fake.env('report', {FAKE_TRIVY_REPORT: file}));
			assert.equal(r.code, 1, r.err);
			assertInert(r.out, 'scan text');
			assert.match(r.out, /title.*\^Jsecond line/, 'one finding, one line');
			const j = berth([IMAGE, '--json'], fake.env('report', {FAKE_TRIVY_REPORT: file}));
			assertInert(j.out, 'scan json');
			assert.ok((JSON.parse(j.out) as {top: Array<{title: string}>}).top[0]!.title.startsWith(`title${bad}`), 'JSON keeps the value');
			const f = berth([IMAGE], fake.env('nodb'));
			assert.equal(f.code, 1);
			assertInert(f.err, 'trivy stderr');
			assert.match(f.err, /trivy failed \(exit 1\): .*failed to download vulnerability DB/);
			assert.match(f.err, /→ trivy could not get its vulnerability database/);
		} finally {
			rmSync(dir, {recursive: true, force: true});
		}
	});

	it('trivy hangs: stopped at --timeout, exit 1 with a clear message', () => {
		const t0 = Date.now();
		const r = berth([IMAGE, '--timeout', '1'], fake.env('hang'));
		assert.equal(r.code, 1, r.err);
		assert.match(r.err, /berth: trivy did not finish within 1 s; stopped/);
		assert.ok(Date.now() - t0 < 20_000);
	});

	it('no such local image: exit 1, trivy not run (it would pull)', () => {
		fake.resetLog();
		const r = berth(['tuitest/berth-no-such-image-images:nope'], fake.env());
		assert.equal(r.code, 1, r.err);
		assert.match(r.err, /no such image on the engine: tuitest\/berth-no-such-image-images:nope/);
		assert.equal(fake.args(), null, 'trivy did not run');
	});

	it('engine unreachable: exit 3', () => {
		const r = berth([IMAGE], fake.env('report', {DOCKER_HOST: 'unix:///nonexistent/berth.sock'}));
		assert.equal(r.code, 3, r.err);
	});

	it('the registry names scan among the read subcommands of images (each a real subcommand)', () => {
		const reads = commands['images']!.reads ?? [];
		assert.ok(reads.includes('scan'));
		assert.deepEqual(reads.filter((r) => !(r in SUBCOMMANDS)), []);
	});

	it('reads only: a viewer (read-only) may scan', () => {
		const policy = join(home, 'viewer.yaml');
		writeFileSync(policy, `audit_log: ${join(home, 'audit.log')}\ndefault_role: viewer\n`);
		const r = berth([IMAGE, '--read-only'], fake.env('report', {BERTH_POLICY: policy}));
		assert.equal(r.code, 1, r.err);
		assert.match(r.out, /CRITICAL 1/);
	});
});
