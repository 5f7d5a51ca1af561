/** The resource commands' text rendering and argument parsing (no engine). */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {eventLine, parseFilters, parseTime} from '../../source/commands/events.js';
import {imageJson, renderImageList} from '../../source/commands/images.js';
import {renderNetworkList} from '../../source/commands/networks.js';
import {renderVolumeList} from '../../source/commands/volumes.js';
import type {ImageRecord} from '../../source/model/image.js';

const img = (over: Partial<ImageRecord>): ImageRecord => ({
	id: 'sha256:' + 'a'.repeat(64),
	repo_tags: ['app:1'],
	repo_digests: [],
	created: new Date(Date.now() - 3_600_000).toISOString(),
	size: 1_500_000,
	shared_size: -1,
	architecture: 'amd64',
	variant: null,
	os: 'linux',
	dangling: false,
	labels: {},
	used_by: [],
	...over,
});
const ESC = /[\u001b\u0007\u009b\u202e]/;

describe('resource commands: rendering', () => {
	it('an image of another architecture than the engine is marked "!" in the table and foreign_arch in JSON', () => {
		const lines = renderImageList([img({repo_tags: ['app:arm'], architecture: 'aarch64', variant: 'v8'}), img({repo_tags: ['app:x86'], architecture: 'x86_64'})], 'amd64');
		assert.match(lines.find((l) => l.includes('app '))!, /arm64\/v8 !/);
		assert.match(lines.find((l) => l.includes('x86'))!, /amd64(?! !)/);
		assert.equal(imageJson(img({architecture: 'aarch64'}), 'x86_64').foreign_arch, true);
		assert.equal(imageJson(img({architecture: 'x86_64'}), 'amd64').foreign_arch, false);
		assert.equal(imageJson(img({architecture: ''}), 'amd64').foreign_arch, false);
	});

	it('dangling images are one <none> row; users are listed, 3 then "+N more"', () => {
		const users = ['a', 'b', 'c', 'd', 'e'].map((n) => ({id: n, name: n, state: 'running'}));
		const [head, row] = renderImageList([img({repo_tags: [], dangling: true, used_by: users})], 'amd64');
		assert.match(head!, /DANGLING$/);
		assert.match(row!, /^<none> +<none> +aaaaaaaaaaaa +1\.50MB +1 hour ago +amd64 +a, b, c \+2 more +yes$/);
	});

	it('hostile bytes in any cell or event attribute are inert and stay on one line', () => {
		const evil = 'x\u001b]0;t\u0007\u001b[2J\u202e\nY';
		const lines = [
			...renderImageList([img({repo_tags: [`${evil}:t`], used_by: [{id: '1', name: evil, state: 'running'}]})], 'amd64'),
			...renderVolumeList([{name: evil, driver: evil, mountpoint: evil, scope: 'local', created: null, labels: {}, size: null, used_by: [], dangling: true}]),
			...renderNetworkList([{id: '1', name: evil, driver: 'bridge', scope: 'local', internal: false, subnets: [evil], gateways: [], created: '', labels: {}, containers: [], builtin: false}]),
			eventLine({time: '2026-01-01T00:00:00.000Z', time_nano: 0, type: 'container', action: evil, actor: 'f'.repeat(64), attributes: {[evil]: evil}, scope: 'local'}),
		];
		for (const l of lines) {
			assert.ok(!ESC.test(l), JSON.stringify(l));
			assert.ok(!l.includes('\n'), JSON.stringify(l));
		}
		assert.match(lines.at(-1)!, /^2026-01-01T00:00:00\.000Z container x.*<U\+202E>\^JY ffffffffffff \(/);
	});

	it('events: times and filters', () => {
		const now = Date.parse('2026-01-01T12:00:00Z');
		assert.equal(parseTime('10m', now), (now - 600_000) / 1000);
		assert.equal(parseTime('2h', now), (now - 7_200_000) / 1000);
		assert.equal(parseTime('1700000000', now), 1_700_000_000);
		assert.equal(parseTime('2026-01-01T11:00:00Z', now), (now - 3_600_000) / 1000);
		assert.equal(parseTime('soonish', now), null);
		assert.deepEqual(parseFilters(['type=container', 'event=start', 'event=die', 'label=a=b']), {type: ['container'], event: ['start', 'die'], label: ['a=b']});
		assert.match(parseFilters(['bogus=1']) as string, /unknown filter key "bogus"/);
		assert.match(parseFilters(['=x']) as string, /bad filter/);
	});
});
