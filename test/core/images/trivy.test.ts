/**
 * trivy's JSON report read as hostile input (core/images/trivy.ts). The samples follow the format
 * trivy documents (SchemaVersion 2: Results[].Vulnerabilities[]; before 0.20 a bare array of
 * results); written here from the docs, since trivy itself is not installed on this machine.
 */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {LIMITS, SEVERITIES, compareFindings, countsLine, parseSeverities, parseTrivyReport, summarize, type Finding, type TrivyReport} from '../../../source/core/images/trivy.js';

const vuln = (id: string, severity: string, over: Record<string, unknown> = {}) => ({
	VulnerabilityID: id,
	PkgID: 'libcrypto3@3.1.4-r1',
	PkgName: 'libcrypto3',
	InstalledVersion: '3.1.4-r1',
	FixedVersion: '3.1.4-r3',
	Status: 'fixed',
	Layer: {Digest: 'sha256:aaaa', DiffID: 'sha256:bbbb'},
	SeveritySource: 'nvd',
	PrimaryURL: `https://avd.aquasec.com/nvd/${id.toLowerCase()}`,
	DataSource: {ID: 'alpine', Name: 'Alpine Secdb', URL: 'https://secdb.alpinelinux.org/'},
	Title: `openssl: problem ${id}`,
	Description: 'long text',
	Severity: severity,
	CweIDs: ['CWE-787'],
	CVSS: {nvd: {V3Vector: 'CVSS:3.1/AV:N', V3Score: 7.5}},
	References: ['https://example.invalid'],
	PublishedDate: '2023-11-06T16:15:42.67Z',
	LastModifiedDate: '2023-11-30T18:15:07.35Z',
	...over,
});

/** A report as trivy 0.4x/0.5x prints it for an image: an OS target and a language target. */
const REPORT = {
	SchemaVersion: 2,
	CreatedAt: '2024-03-01T10:00:00.000000000Z',
	ArtifactName: 'example/app:1.0',
	ArtifactType: 'container_image',
	Metadata: {OS: {Family: 'alpine', Name: '3.19.1'}, ImageID: 'sha256:cccc', RepoTags: ['example/app:1.0']},
	Results: [
		{
			Target: 'example/app:1.0 (alpine 3.19.1)',
			Class: 'os-pkgs',
			Type: 'alpine',
			Vulnerabilities: [vuln('CVE-2023-5678', 'MEDIUM'), vuln('CVE-2024-0727', 'LOW', {FixedVersion: ''}), vuln('CVE-2023-6129', 'HIGH'), vuln('CVE-2023-9999', 'HIGH', {FixedVersion: undefined})],
		},
		{Target: 'app/package-lock.json', Class: 'lang-pkgs', Type: 'npm', Vulnerabilities: [vuln('GHSA-xxxx-yyyy-zzzz', 'CRITICAL', {PkgName: 'lodash', InstalledVersion: '4.17.4', FixedVersion: '4.17.21'})]},
		{Target: 'usr/local/bin/clean', Class: 'lang-pkgs', Type: 'gobinary'},
		{Target: 'app/yarn.lock', Class: 'lang-pkgs', Type: 'yarn', Vulnerabilities: null},
	],
};

const ok = (text: string): TrivyReport => {
	const r = parseTrivyReport(text);
	assert.ok(r.ok, r.ok ? '' : r.error);
	return r.report;
};

describe('parseTrivyReport', () => {
	it('reads a SchemaVersion 2 report: every vulnerability of every result, with its target', () => {
		const r = ok(JSON.stringify(REPORT));
		assert.equal(r.artifact, 'example/app:1.0');
		assert.equal(r.findings.length, 5);
		assert.deepEqual(r.findings.find((f) => f.id === 'GHSA-xxxx-yyyy-zzzz'), {
			id: 'GHSA-xxxx-yyyy-zzzz',
			pkg: 'lodash',
			installed: '4.17.4',
			fixed: '4.17.21',
			severity: 'CRITICAL',
			title: 'openssl: problem GHSA-xxxx-yyyy-zzzz',
			target: 'app/package-lock.json',
		});
		assert.equal(r.findings.find((f) => f.id === 'CVE-2023-9999')!.fixed, '', 'FixedVersion absent → no fix');
		assert.equal(r.skipped, 0);
	});

	it('reads the pre-0.20 format (a bare array of results)', () => {
		const r = ok(JSON.stringify([{Target: 'x (debian 10)', Vulnerabilities: [vuln('CVE-2019-1', 'HIGH')]}, {Target: 'y', Vulnerabilities: null}]));
		assert.deepEqual([r.artifact, r.findings.map((f) => [f.id, f.target])], ['', [['CVE-2019-1', 'x (debian 10)']]]);
	});

	const table: Array<[string, string, {error?: RegExp; findings?: number; skipped?: number; duplicates?: number}]> = [
		['empty output', '', {error: /empty output/}],
		['whitespace only', ' \n\t', {error: /empty output/}],
		['not JSON (a log line)', '2024-03-01T10:00:00Z\tFATAL\timage scan error', {error: /not JSON/}],
		['truncated JSON', JSON.stringify(REPORT).slice(0, 200), {error: /not JSON/}],
		['JSON null', 'null', {error: /not a report \(a null\)/}],
		['a number', '42', {error: /not a report \(a number\)/}],
		['a string', '"hello"', {error: /not a report/}],
		['an unrelated object', '{"foo": 1}', {error: /no Results/}],
		['Results not a list', '{"SchemaVersion": 2, "Results": {"a": 1}}', {error: /not a list/}],
		['a clean image: no Results', '{"SchemaVersion": 2, "ArtifactName": "busybox:latest", "ArtifactType": "container_image"}', {findings: 0, skipped: 0}],
		['Results null', '{"SchemaVersion": 2, "Results": null}', {findings: 0}],
		['results that are not objects', '{"SchemaVersion": 2, "Results": [1, "x", null, []]}', {findings: 0, skipped: 4}],
		['Vulnerabilities not a list', '{"SchemaVersion": 2, "Results": [{"Target": "t", "Vulnerabilities": "many"}]}', {findings: 0, skipped: 1}],
		[
			'entries without a string VulnerabilityID are skipped, the rest kept',
			JSON.stringify({SchemaVersion: 2, Results: [{Target: 't', Vulnerabilities: [null, 7, {}, {VulnerabilityID: 12}, {VulnerabilityID: ''}, vuln('CVE-1', 'LOW')]}]}),
			{findings: 1, skipped: 5},
		],
		[
			'the same finding twice in one target counts once',
			JSON.stringify({SchemaVersion: 2, Results: [{Target: 't', Vulnerabilities: [vuln('CVE-1', 'LOW'), vuln('CVE-1', 'LOW')]}, {Target: 'u', Vulnerabilities: [vuln('CVE-1', 'LOW')]}]}),
			{findings: 2, duplicates: 1},
		],
	];
	for (const [name, text, want] of table) {
		it(name, () => {
			const r = parseTrivyReport(text);
			if (want.error) {
				assert.equal(r.ok, false);
				assert.match((r as {error: string}).error, want.error);
				return;
			}
			assert.ok(r.ok, r.ok ? '' : r.error);
			if (want.findings !== undefined) assert.equal(r.report.findings.length, want.findings);
			if (want.skipped !== undefined) assert.equal(r.report.skipped, want.skipped);
			if (want.duplicates !== undefined) assert.equal(r.report.duplicates, want.duplicates);
		});
	}

	it('fields of other types are empty, unknown or odd severities are UNKNOWN, lower case is read', () => {
		const r = ok(
			JSON.stringify({
				Results: [
					{
						Target: 5,
						Vulnerabilities: [
							{VulnerabilityID: 'CVE-A', PkgName: {x: 1}, InstalledVersion: 3, FixedVersion: null, Severity: 'PANIC', Title: ['t']},
							{VulnerabilityID: 'CVE-B', Severity: 'high'},
							{VulnerabilityID: 'CVE-C'},
							{VulnerabilityID: 'CVE-D', Severity: 4},
						],
					},
				],
			}),
		);
		assert.deepEqual(
			r.findings.map((f) => [f.id, f.severity, f.pkg, f.installed, f.fixed, f.title, f.target]),
			[
				['CVE-A', 'UNKNOWN', '', '', '', '', ''],
				['CVE-B', 'HIGH', '', '', '', '', ''],
				['CVE-C', 'UNKNOWN', '', '', '', '', ''],
				['CVE-D', 'UNKNOWN', '', '', '', '', ''],
			],
		);
	});

	it('hostile strings are kept as data (made inert where printed), huge ones cut to a limit', () => {
		const esc = '\x1b]0;PWNED\x07\x1b[2J\u202e';
		const r = ok(JSON.stringify({Results: [{Target: `t${esc}`, Vulnerabilities: [vuln(`CVE-${'9'.repeat(5000)}`, 'HIGH', {Title: `x${esc}${'y'.repeat(1_000_000)}`, PkgName: 'p'.repeat(10_000)})]}]}));
		const f = r.findings[0]!;
		assert.equal(f.target, `t${esc}`);
		assert.ok(f.title.startsWith(`x${esc}`));
		assert.equal(f.title.length, LIMITS.title);
		assert.equal(f.id.length, LIMITS.id);
		assert.equal(f.pkg.length, LIMITS.pkg);
	});

	it('a huge report (100 000 findings, ~20 MB) parses and summarises in bounded time', () => {
		const vulns = Array.from({length: 100_000}, (_, i) => vuln(`CVE-2024-${i}`, SEVERITIES[i % 5]!, {PkgName: `pkg${i % 300}`}));
		const text = JSON.stringify({SchemaVersion: 2, ArtifactName: 'big', Results: [{Target: 'big (debian 12)', Vulnerabilities: vulns}]});
		assert.ok(text.length > 20_000_000, `${text.length}`);
		const t0 = process.cpuUsage();
		const r = ok(text);
		const s = summarize('big', r, {top: 5});
		const cpu = process.cpuUsage(t0);
		assert.equal(s.total, 100_000);
		assert.deepEqual(s.counts, {CRITICAL: 20_000, HIGH: 20_000, MEDIUM: 20_000, LOW: 20_000, UNKNOWN: 20_000});
		assert.equal(s.top.length, 5);
		assert.ok(s.top.every((f) => f.severity === 'CRITICAL'));
		assert.ok((cpu.user + cpu.system) / 1e6 < 4, `cpu ${(cpu.user + cpu.system) / 1e6} s`);
	});

	it('deeply nested JSON where a field is expected does not recurse (no stack overflow)', () => {
		const deep = '['.repeat(5000) + ']'.repeat(5000);
		const r = ok(`{"SchemaVersion": 2, "Results": [{"Target": "t", "Vulnerabilities": [{"VulnerabilityID": "CVE-1", "Title": ${deep}}]}]}`);
		assert.equal(r.findings[0]!.title, '');
	});
});

describe('summarize', () => {
	const r = ok(JSON.stringify(REPORT));

	it('counts every severity, lists the top most severe first (fixable first, then by id)', () => {
		const s = summarize('example/app:1.0', r, {top: 10});
		assert.deepEqual(s.counts, {CRITICAL: 1, HIGH: 2, MEDIUM: 1, LOW: 1, UNKNOWN: 0});
		assert.equal(s.total, 5);
		assert.equal(s.selected, 5);
		assert.deepEqual(
			s.top.map((f) => f.id),
			['GHSA-xxxx-yyyy-zzzz', 'CVE-2023-6129', 'CVE-2023-9999', 'CVE-2023-5678', 'CVE-2024-0727'],
		);
	});

	it('--severity chooses what counts as a finding and what is listed; the counts stay whole', () => {
		const s = summarize('x', r, {severities: ['HIGH', 'CRITICAL'] as never, top: 2});
		assert.deepEqual(s.counts, {CRITICAL: 1, HIGH: 2, MEDIUM: 1, LOW: 1, UNKNOWN: 0});
		assert.equal(s.selected, 3);
		assert.deepEqual(s.top.map((f) => f.id), ['GHSA-xxxx-yyyy-zzzz', 'CVE-2023-6129']);
		const none = summarize('x', r, {severities: ['UNKNOWN'], top: 5});
		assert.deepEqual([none.selected, none.top.length], [0, 0]);
	});

	it('top 0 lists nothing; a negative top is 0', () => {
		assert.equal(summarize('x', r, {top: 0}).top.length, 0);
		assert.equal(summarize('x', r, {top: -3}).top.length, 0);
	});

	it('an empty report', () => {
		const s = summarize('busybox', {artifact: 'busybox', findings: [], skipped: 0, duplicates: 0});
		assert.deepEqual([s.total, s.selected, s.top, countsLine(s.counts)], [0, 0, [], 'CRITICAL 0 · HIGH 0 · MEDIUM 0 · LOW 0 · UNKNOWN 0']);
	});

	it('the order is total and stable (same findings, any input order → same list)', () => {
		const fs: Finding[] = r.findings;
		const a = [...fs].sort(compareFindings).map((f) => f.id);
		const b = [...fs].reverse().sort(compareFindings).map((f) => f.id);
		assert.deepEqual(a, b);
	});
});

describe('parseSeverities', () => {
	for (const [input, want] of [
		['HIGH,CRITICAL', ['CRITICAL', 'HIGH']],
		['critical', ['CRITICAL']],
		[' low , medium ,', ['MEDIUM', 'LOW']],
		['UNKNOWN,LOW,MEDIUM,HIGH,CRITICAL', [...SEVERITIES]],
		['', /needs a list/],
		[',', /needs a list/],
		['HIGH,SEVERE', /unknown severity "SEVERE"/],
		['MEDIUM+', ['CRITICAL', 'HIGH', 'MEDIUM']],
		['high +', ['CRITICAL', 'HIGH']],
		['CRITICAL+', ['CRITICAL']],
		['LOW+', ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW']],
		['UNKNOWN+', /unknown severity "UNKNOWN\+"/],
		['SEVERE+', /unknown severity "SEVERE\+"/],
		['HIGH+,LOW', /unknown severity "HIGH\+"/],
	] as const) {
		it(JSON.stringify(input), () => {
			const got = parseSeverities(input);
			if (want instanceof RegExp) assert.match(got as string, want);
			else assert.deepEqual(got, want);
		});
	}
});
