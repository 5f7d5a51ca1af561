/** The resource lists' state: rows per tag, the filter syntax, the sort rule, the reducer; the tab bar with the new panes. */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import type {ImageRecord} from '../../source/model/image.js';
import type {VolumeRecord} from '../../source/model/volume.js';
import {initialState, reducer} from '../../source/state/reducer.js';
import type {State} from '../../source/state/types.js';
import {imageTagRows, resourceFilterError, resourceMatcher, selectResourceRows, shortAge, splitTag} from '../../source/state/view/resources.js';
import {PANE_TITLE, tabLabels} from '../../source/ui/components/Tabs.js';
import {cellContext, IMAGES} from '../../source/state/view/resources.js';
import {PANES} from '../../source/state/types.js';

const image = (id: string, tags: string[], size: number, extra: Partial<ImageRecord> = {}): ImageRecord => ({
	id: `sha256:${id.padEnd(64, '0')}`,
	repo_tags: tags,
	repo_digests: [],
	created: '2026-01-01T00:00:00Z',
	size,
	shared_size: -1,
	architecture: 'amd64',
	variant: null,
	os: 'linux',
	dangling: tags.length === 0,
	labels: {},
	used_by: [],
	...extra,
});
const volume = (name: string, size: number | null, used: string[] = []): VolumeRecord => ({name, driver: 'local', mountpoint: `/v/${name}`, scope: 'local', created: null, labels: {}, size, used_by: used.map((n) => ({id: n, name: n, state: 'running'})), dangling: used.length === 0});

function stateWith(f: (s: State) => State): State {
	let s = initialState();
	s = reducer(s, {type: 'connection/connected', where: 'x', engine: {version: '20.10', api: '1.41', arch: 'x86_64'}});
	return f(s);
}

describe('resource lists', () => {
	it('an image is a row per tag; a dangling one is one <none> row; a registry port is not a tag', () => {
		const rows = imageTagRows([image('a', ['web:1', 'web:latest'], 10), image('b', [], 5)]);
		assert.deepEqual(rows.map((r) => [r.repository, r.tag, r.ref.startsWith('sha256:') ? 'id' : r.ref]), [['web', '1', 'web:1'], ['web', 'latest', 'web:latest'], ['<none>', '<none>', 'id']]);
		assert.deepEqual(splitTag('127.0.0.1:5000/app'), {repository: '127.0.0.1:5000/app', tag: ''});
		assert.deepEqual(splitTag('127.0.0.1:5000/app:v2'), {repository: '127.0.0.1:5000/app', tag: 'v2'});
	});

	it('the filter: substring, /regex/, field:value terms ANDed, a bad regex reported (and matched as text)', () => {
		const f = {name: 'pgdata', driver: 'local', dangling: 'yes'};
		assert.equal(resourceMatcher('pgd', ['name', 'driver']).test(f), true);
		assert.equal(resourceMatcher('/^PG/', ['name']).test(f), true, 'case-insensitive');
		assert.equal(resourceMatcher('name:pg dangling:yes', ['name', 'dangling']).test(f), true);
		assert.equal(resourceMatcher('name:pg dangling:no', ['name', 'dangling']).test(f), false);
		assert.equal(resourceMatcher('driver:pg', ['name', 'driver']).test(f), false, 'a field term looks at that field only');
		const bad = resourceMatcher('/([/', ['name']);
		assert.ok(bad.error);
	});

	it('sorts as the header says: ▲ smallest first, ▼ largest first, no value last both ways; arch flag against the engine', () => {
		let s = stateWith((x) => reducer(x, {type: 'resources/set', kind: 'volumes', items: [volume('b', 300), volume('a', null), volume('c', 20)]}));
		const names = () => selectResourceRows(s, 'volumes').map((r) => r.key);
		assert.deepEqual(names(), ['a', 'b', 'c'], 'name ▲');
		s = reducer(s, {type: 'list/sort', kind: 'volumes', by: 'size', desc: true});
		assert.deepEqual(names(), ['b', 'c', 'a'], 'size ▼, unknown last');
		s = reducer(s, {type: 'list/sort', kind: 'volumes', by: 'size', desc: false});
		assert.deepEqual(names(), ['c', 'b', 'a'], 'size ▲, unknown still last');
		s = reducer(s, {type: 'list/filter', kind: 'volumes', text: 'name:/[ab]/'});
		assert.deepEqual(names(), ['b', 'a']);
		s = reducer(s, {type: 'list/filter', kind: 'volumes', text: '/(/'});
		assert.ok(resourceFilterError(s, 'volumes'));
		// arch: the engine says x86_64, an amd64 image is at home, an arm64 one is flagged
		const arch = IMAGES.columns.find((c) => c.id === 'arch')!;
		const ctx = cellContext(s, 0);
		const [home, away] = imageTagRows([image('h', ['h:1'], 1), image('f', ['f:1'], 1, {architecture: 'aarch64'})]);
		assert.equal(arch.text(home!, ctx), 'amd64');
		assert.equal(arch.warn!(home!, ctx), false);
		assert.equal(arch.text(away!, ctx), 'arm64 !');
		assert.equal(arch.warn!(away!, ctx), true);
	});

	it('the cursor, filter and sort of one list leave the others alone', () => {
		let s = initialState();
		s = reducer(s, {type: 'list/cursor', kind: 'images', key: 'k'});
		s = reducer(s, {type: 'list/filter', kind: 'networks', text: 'x'});
		assert.equal(s.ui.lists.images.cursor, 'k');
		assert.equal(s.ui.lists.images.filter, '');
		assert.equal(s.ui.lists.networks.filter, 'x');
		assert.equal(s.ui.lists.volumes.cursor, null);
		const same = reducer(s, {type: 'list/filter', kind: 'networks', text: 'x'});
		assert.equal(same, s, 'no change, same state');
	});

	it('short ages fit the CREATED column', () => {
		const now = Date.parse('2026-01-01T00:00:00Z');
		assert.equal(shortAge('2025-12-31T23:59:15Z', now), '45s');
		assert.equal(shortAge('2025-12-31T21:00:00Z', now), '3h');
		assert.equal(shortAge('2023-06-01T00:00:00Z', now), '2y');
		assert.equal(shortAge(null, now), '-');
	});

	it('tab labels fit 80 columns with every pane: the active one named, the others by key', () => {
		for (const pane of PANES) {
			const {tabs, used} = tabLabels(pane, 80, 30);
			assert.ok(used + 31 <= 80, `${pane}: ${used} columns leave no room for the subject`);
			assert.ok(tabs.find((t) => t.p === pane)!.text.includes(PANE_TITLE[pane]), pane);
		}
		const wide = tabLabels('images', 200, 10);
		assert.ok(wide.tabs.find((t) => t.p === 'networks')!.text.includes('0 Networks'), 'wide: every name, networks on 0');
	});
});

describe(':sort on a resource pane', () => {
	it('takes that list\'s columns, with its default direction or the one said', async () => {
		const {runCommandLine} = await import('../../source/ui/handlers/line.js');
		const {createStore} = await import('../../source/state/store.js');
		const store = createStore(reducer, initialState());
		store.dispatch({type: 'ui/pane', pane: 'volumes'});
		const ctx = () => ({store, state: store.getState(), services: {}, bindings: [], now: () => 0} as never);
		runCommandLine('sort size', ctx());
		assert.deepEqual(store.getState().ui.lists.volumes.sort, {by: 'size', desc: true});
		runCommandLine('sort name desc', ctx());
		assert.deepEqual(store.getState().ui.lists.volumes.sort, {by: 'name', desc: true});
		runCommandLine('sort cpu', ctx());
		assert.match(store.getState().ui.status?.text ?? '', /:sort needs a column: name, driver, size, used, dangling, mountpoint/);
		assert.deepEqual(store.getState().ui.sort, {by: 'name', desc: false}, 'the containers\' sort untouched');
	});
});
