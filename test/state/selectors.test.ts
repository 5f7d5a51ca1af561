/** Selectors and reducer: filter (substring, /regex/), sort, ports and conflicts, groups, subjects, targets, marks. */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {actionTargets, findSubject, selectRows, subjectContainers, subjectLabel} from '../../source/state/selectors.js';
import {HISTORY, initialState, reducer} from '../../source/state/reducer.js';
import type {Action, State} from '../../source/state/types.js';
import {makeMatcher} from '../../source/state/view/filter.js';
import {groupRows} from '../../source/state/view/groups.js';
import {portRows} from '../../source/state/view/ports.js';
import {Ring} from '../../source/state/effects/ring.js';
import {record} from '../helpers/records.js';
import {demoRecords, sample} from '../ui/fixtures.js';

const run = (actions: Action[], s: State = initialState()) => actions.reduce(reducer, s);
const withDemo = () => run([{type: 'containers/replace', records: demoRecords()}]);
const names = (s: State) => selectRows(s).map((r) => (r.kind === 'container' ? r.container.name : r.key));

describe('selectors', () => {
	it('filter: substring (case-insensitive) over name, service, project, group, image, state; /regex/; bad regex falls back', () => {
		const cases: Array<[string, string, boolean]> = [
			['WEB', 'demo_web_1', true],
			['/^demo_(api|db)_1$/', 'demo_api_1', true],
			['/^demo_(api|db)_1$/', 'demo_web_1', false],
			['/[unclosed/', 'x[unclosed', true],
		];
		for (const [filter, text, want] of cases) assert.equal(makeMatcher(filter).test(text), want, `${filter} ~ ${text}`);
		assert.ok(makeMatcher('/[unclosed/').error);
		assert.deepEqual(names(run([{type: 'ui/filter', text: 'SUPPORT'}], withDemo())), ['p:demo', 's:demo/metrics', 'demo_metrics_1'], 'matches the group');
		assert.deepEqual(names(run([{type: 'ui/filter', text: 'exited'}], withDemo())), ['p:standalone', 'lonely'], 'matches the state');
		assert.deepEqual(names(run([{type: 'ui/filter', text: 'group:application state:running'}], withDemo())), ['p:demo', 's:demo/web', 'demo_web_1', 's:demo/worker', 'demo_worker_1', 'demo_worker_2'], 'field terms, ANDed');
		assert.deepEqual(names(run([{type: 'ui/filter', text: 'health:/^unh/'}], withDemo())), ['p:demo', 's:demo/metrics', 'demo_metrics_1'], 'a regex in a field term');
		const s = run([{type: 'ui/filter', text: 'worker'}], withDemo());
		assert.deepEqual(names(s), ['p:demo', 's:demo/worker', 'demo_worker_1', 'demo_worker_2']);
	});

	it('sort: by cpu the busiest service and container first; reversed; rows are memoised', () => {
		let s = withDemo();
		assert.equal(selectRows(s), selectRows(s), 'same rows object while nothing changed');
		s = run([{type: 'stats/batch', samples: {['worker2'.padEnd(64, '0')]: sample({cpu: 90}), ['api'.padEnd(64, '0')]: sample({cpu: 10})}}, {type: 'ui/sort', by: 'cpu', desc: true}], s);
		const order = names(s).filter((n) => n.startsWith('s:'));
		assert.deepEqual(order.slice(0, 2), ['s:demo/worker', 's:demo/api']);
		assert.ok(names(s).indexOf('demo_worker_2') < names(s).indexOf('demo_worker_1'));
		s = run([{type: 'ui/sort', by: 'cpu', desc: false}], s);
		// ascending: the idlest first; rows without a sample (worker_1, db …) last either way
		assert.deepEqual(names(s).filter((n) => n.startsWith('s:')).slice(0, 2), ['s:demo/api', 's:demo/worker']);
		assert.ok(names(s).indexOf('demo_worker_2') < names(s).indexOf('demo_worker_1'));
		s = run([{type: 'ui/sort', by: 'health', desc: false}], s);
		assert.ok(names(s).length > 0);
	});

	it('ports: sorted by host port; overlapping addresses of one port and protocol conflict', () => {
		const rows = portRows([
			record({name: 'a', ports: [{host_ip: '0.0.0.0', host_port: 80, container_port: 80, protocol: 'tcp'}, {host_ip: '::', host_port: 80, container_port: 80, protocol: 'tcp'}]}),
			record({name: 'b', ports: [{host_ip: '127.0.0.1', host_port: 80, container_port: 8080, protocol: 'tcp'}]}),
			record({name: 'c', ports: [{host_ip: '127.0.0.1', host_port: 80, container_port: 53, protocol: 'udp'}, {host_ip: '127.0.0.1', host_port: 22, container_port: 22, protocol: 'tcp'}]}),
			record({name: 'd', ports: [{host_ip: '127.0.0.2', host_port: 22, container_port: 22, protocol: 'tcp'}]}),
		]);
		assert.deepEqual(rows.map((r) => `${r.container}:${r.host_ip}:${r.host_port}/${r.protocol}:${r.conflict}`), [
			'c:127.0.0.1:22/tcp:false',
			'd:127.0.0.2:22/tcp:false',
			'a::::80/tcp:true',
			'a:0.0.0.0:80/tcp:true',
			'b:127.0.0.1:80/tcp:true',
			'c:127.0.0.1:80/udp:false',
		]);
	});

	it('groups: four groups in start order then projects; totals over running members with samples', () => {
		const recs = demoRecords();
		const stats = run([{type: 'stats/batch', samples: {['db'.padEnd(64, '0')]: sample({cpu: 5, memUsed: 100})}}]).stats;
		const rows = groupRows(recs, stats);
		assert.deepEqual(rows.map((r) => r.key), ['g:foundation', 'g:core', 'g:application', 'g:support', 'p:demo']);
		assert.deepEqual([rows[0]!.cpu, rows[0]!.mem], [5, 100]);
		assert.equal(rows[1]!.cpu, null);
		assert.deepEqual(rows[3]!.counts, {total: 1, running: 1, unhealthy: 1});
	});

	it('subjects, names on the command line, targets in group order, marks win', () => {
		let s = withDemo();
		assert.deepEqual(subjectContainers(s, 's:demo/worker').map((c) => c.name), ['demo_worker_1', 'demo_worker_2']);
		assert.deepEqual(subjectContainers(s, 'g:support').map((c) => c.name), ['demo_metrics_1']);
		assert.equal(subjectContainers(s, 'p:standalone')[0]?.name, 'lonely');
		assert.equal(findSubject(s, 'demo_web_1'), `c:${'web'.padEnd(64, '0')}`);
		assert.equal(findSubject(s, 'worker'), 's:demo/worker');
		assert.equal(findSubject(s, 'core'), 'g:core');
		assert.equal(findSubject(s, 'demo'), 'p:demo');
		assert.equal(findSubject(s, 'nothing-like-it'), null);
		assert.deepEqual(actionTargets(s, 'p:demo').map((c) => c.service), ['db', 'api', 'web', 'worker', 'worker', 'metrics']);
		s = run([{type: 'ui/mark', ids: ['metrics'.padEnd(64, '0'), 'db'.padEnd(64, '0')]}], s);
		assert.deepEqual(actionTargets(s, 'p:demo').map((c) => c.service), ['db', 'metrics']);
		s = run([{type: 'ui/mark', ids: ['metrics'.padEnd(64, '0')]}, {type: 'containers/remove', ids: ['db'.padEnd(64, '0')]}], s);
		assert.deepEqual(Object.keys(s.ui.marked), [], 'unmarked by toggle, removed with the container');
	});

	it('stats of a removed container go with it', () => {
		const id = 'api'.padEnd(64, '0');
		let s = run([{type: 'stats/batch', samples: {[id]: sample()}}], withDemo());
		assert.ok(s.stats[id]);
		s = run([{type: 'containers/remove', ids: [id]}], s);
		assert.equal(s.stats[id], undefined);
	});

	it('stats history is bounded; ring buffer keeps the newest and counts drops', () => {
		let s = initialState();
		for (let i = 0; i < HISTORY + 20; i++) s = reducer(s, {type: 'stats/batch', samples: {x: sample({cpu: i})}});
		assert.equal(s.stats['x']!.cpu.length, HISTORY);
		assert.equal(s.stats['x']!.cpu.at(-1), HISTORY + 19);
		const r = new Ring<number>(3);
		for (let i = 1; i <= 5; i++) r.push(i);
		assert.deepEqual(r.toArray(), [3, 4, 5]);
		assert.equal(r.dropped, 2);
	});
});

describe('subjectLabel', () => {
	it('is inert: a hostile project or container name cannot reach the terminal as escapes', () => {
		const E = '\x1b';
		const hostile = `bthx${E}]2;PWNED-TITLE\x07${E}[2J`;
		let s = reducer(initialState(), {type: 'containers/replace', records: [record({id: 'h'.padEnd(64, '0'), name: `web${E}[?1049l`, project: hostile, service: 'svc'})]} as Action);
		for (const key of [`p:${hostile}`, `c:${'h'.padEnd(64, '0')}`, `s:${hostile}/svc`]) {
			const label = subjectLabel(s, key);
			assert.doesNotMatch(label, /[\x1b\x07\x9b]/, `${key} → ${JSON.stringify(label)}`);
		}
		assert.match(subjectLabel(s, `p:${hostile}`), /^project bthx.* \(1\)$/, 'the rest of the text stays');
	});
});
