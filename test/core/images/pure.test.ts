/** Pure parts of images: arch names, file-name arch, tag planning, config mappings. */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {archFromName, normaliseArch, splitArchSuffix} from '../../../source/core/images/arch.js';
import {parseMappings} from '../../../source/core/images/tagMappings.js';
import {skipReason} from '../../../source/core/images/load.js';
import {archWarnings, normaliseRef, planTags} from '../../../source/core/images/tags.js';

describe('normaliseArch', () => {
	for (const [input, want] of [
		['x86_64', 'amd64'],
		['AMD64', 'amd64'],
		['x64', 'amd64'],
		['aarch64', 'arm64'],
		['arm64', 'arm64'],
		['armv7l', 'arm'],
		['i686', '386'],
		['s390x', 's390x'],
		['mips64', 'mips64'],
		['', ''],
	] as const) {
		it(`${input || '(empty)'} → ${want || '(empty)'}`, () => assert.equal(normaliseArch(input), want));
	}
});

describe('archFromName / skipReason', () => {
	const table: Array<[string, string | null, string | null]> = [
		// file, arch the name says, skip reason on an amd64 host (null = load)
		['app-1.2-arm64.tar.gz', 'arm64', 'name says arm64, host is amd64'],
		['app_aarch64.tar', 'arm64', 'name says arm64, host is amd64'],
		['app-amd64.tgz', 'amd64', null],
		['app.x86_64.tar', 'amd64', null],
		['app-x86-64.tar', 'amd64', null],
		['app.tar', null, null],
		['charm64.tar', null, null],
		['multi-amd64-arm64.tar', null, null],
	];
	for (const [file, arch, reason] of table) {
		it(file, () => {
			assert.equal(archFromName(file), arch);
			assert.equal(skipReason(file, 'x86_64'), reason);
		});
	}
	it('arm64 host loads the arm64 file and skips the amd64 one', () => {
		assert.equal(skipReason('a-arm64.tar', 'aarch64'), null);
		assert.equal(skipReason('a-amd64.tar', 'aarch64'), 'name says amd64, host is arm64');
	});
});

describe('splitArchSuffix', () => {
	it('splits known suffixes only', () => {
		assert.deepEqual(splitArchSuffix('1.2-aarch64'), {base: '1.2', arch: 'arm64', suffix: 'aarch64'});
		assert.deepEqual(splitArchSuffix('latest-amd64'), {base: 'latest', arch: 'amd64', suffix: 'amd64'});
		assert.equal(splitArchSuffix('amd64'), null);
		assert.equal(splitArchSuffix('1.2-armv7'), null);
	});
});

describe('planTags', () => {
	const local = [
		{ref: 'reg:5000/app/web:1.0-amd64', id: 'sha256:a'},
		{ref: 'app/api:2-x86_64', id: 'sha256:b'},
		{ref: 'app/api:2-arm64', id: 'sha256:c'},
		{ref: 'app/db:3-amd64', id: 'sha256:d'},
		{ref: 'app/db:3', id: 'sha256:d'},
		{ref: 'app/cache:4-amd64', id: 'sha256:e'},
		{ref: 'app/cache:4', id: 'sha256:old'},
		{ref: 'vendor/thing:latest', id: 'sha256:f'},
	];
	const rows = (host: string, mappings = [] as Array<{from: string; to: string}>) => planTags(local, host, mappings).map((a) => `${a.source} ${a.from} → ${a.to}: ${a.status}`);
	it('amd64 host: tags the amd64/x86_64 ones, knows existing and outdated targets', () => {
		assert.deepEqual(rows('x86_64'), [
			'arch-suffix app/api:2-x86_64 → app/api:2: create',
			'arch-suffix app/cache:4-amd64 → app/cache:4: update',
			'arch-suffix app/db:3-amd64 → app/db:3: exists',
			'arch-suffix reg:5000/app/web:1.0-amd64 → reg:5000/app/web:1.0: create',
		]);
	});
	it('arm64 host: only the arm64 one', () => {
		assert.deepEqual(rows('aarch64'), ['arch-suffix app/api:2-arm64 → app/api:2: create']);
	});
	it('explicit mappings first; a missing source is reported; a claimed target conflicts', () => {
		assert.deepEqual(rows('amd64', [{from: 'vendor/thing', to: 'app/thing:1'}, {from: 'nope/x:1', to: 'app/x:1'}, {from: 'vendor/thing:latest', to: 'app/api:2'}]), [
			'mapping vendor/thing:latest → app/thing:1: create',
			'mapping nope/x:1 → app/x:1: missing-source',
			'mapping vendor/thing:latest → app/api:2: create',
			'arch-suffix app/api:2-x86_64 → app/api:2: conflict',
			'arch-suffix app/cache:4-amd64 → app/cache:4: update',
			'arch-suffix app/db:3-amd64 → app/db:3: exists',
			'arch-suffix reg:5000/app/web:1.0-amd64 → reg:5000/app/web:1.0: create',
		]);
	});
	it('normaliseRef', () => {
		assert.equal(normaliseRef('busybox'), 'busybox:latest');
		assert.equal(normaliseRef('reg:5000/busybox'), 'reg:5000/busybox:latest');
		assert.equal(normaliseRef('reg:5000/busybox:1'), 'reg:5000/busybox:1');
		assert.equal(normaliseRef('busybox@sha256:abc'), 'busybox@sha256:abc');
	});
});

describe('archWarnings', () => {
	it('warns for images of another arch only', () => {
		const w = archWarnings([
			{refs: ['a:1'], id: 'sha256:111111111111111111', arch: 'arm64'},
			{refs: ['b:1'], id: 'sha256:2', arch: 'amd64'},
			{refs: [], id: 'sha256:333333333333333333', arch: 'aarch64'},
		], 'x86_64');
		assert.deepEqual(w.map((x) => [x.image, x.arch, x.host_arch]), [['a:1', 'arm64', 'amd64'], ['333333333333', 'arm64', 'amd64']]);
		assert.match(w[0]!.message, /exec format error/);
	});
});

describe('parseMappings', () => {
	it('accepts a list of {from, to} and reports bad entries', () => {
		assert.deepEqual(parseMappings(undefined), {mappings: [], problems: []});
		const r = parseMappings([{from: 'a', to: 'b'}, {from: 'c'}, 'x']);
		assert.deepEqual(r.mappings, [{from: 'a', to: 'b'}]);
		assert.deepEqual(r.problems.map((p) => p.index), [1, 2]);
		assert.equal(parseMappings({from: 'a'}).problems[0]!.index, -1);
	});
});
