/**
 * The selection flows one way: a cursor move (state) → the selectors of state/follow.ts → the one
 * follow effect → the managers. No screen here: the store alone drives stats, logs, inspect, doctor.
 */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {startFollow} from '../../source/state/effects/follow.js';
import type {LogManager} from '../../source/state/effects/logs.js';
import type {StatsManager} from '../../source/state/effects/stats.js';
import {selectDoctorTarget, selectLogsTarget, selectStatsIds} from '../../source/state/follow.js';
import {initialState, reducer} from '../../source/state/reducer.js';
import {selectSubjectKey} from '../../source/state/selectors.js';
import {createStore} from '../../source/state/store.js';
import {demoRecords} from '../ui/fixtures.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const id = (s: string) => s.padEnd(64, '0');

function setup() {
	const store = createStore(reducer, initialState());
	store.dispatch({type: 'containers/replace', records: demoRecords()});
	store.dispatch({type: 'view/set', view: {listRows: 20, listOffset: 0, preview: true}});
	const calls = {logs: [] as Array<string | null>, stats: [] as string[][], inspect: [] as Array<string | null>, doctor: [] as Array<{key: string | null; ids: string[]}>, host: [] as boolean[]};
	const logs = {show: (key: string | null) => void calls.logs.push(key), stop() {}} as unknown as LogManager;
	const stats: StatsManager = {want: (ids) => void calls.stats.push([...ids]), open: () => [], stop() {}};
	const follow = startFollow(
		store,
		{
			logs,
			stats,
			host: {active: (on) => void calls.host.push(on), stop() {}},
			inspect: {show: (i) => void calls.inspect.push(i), stop() {}},
			doctor: {
				run: (key, ids) => {
					calls.doctor.push({key, ids});
					store.dispatch({type: 'doctor/set', doctor: {subject: key, running: true, findings: [], error: null, at: null}});
				},
				stop() {},
			},
		},
		{logsRestMs: 10, statsRestMs: 10},
	);
	return {store, calls, follow};
}

describe('the follow effect', () => {
	it('a container selected on the list: its logs preview, the stats of the visible rows; inspect and doctor on their panes', async () => {
		const {store, calls, follow} = setup();
		try {
			store.dispatch({type: 'ui/cursor', key: `c:${id('api')}`});
			await sleep(40);
			assert.equal(calls.logs.at(-1), `c:${id('api')}`);
			assert.ok(calls.stats.at(-1)!.includes(id('api')), 'the visible rows have stats');
			assert.deepEqual(calls.inspect, [], 'inspect reads nothing off its pane');
			store.dispatch({type: 'ui/pane', pane: 'inspect'});
			assert.deepEqual(calls.inspect, [id('api')]);
			store.dispatch({type: 'ui/pane', pane: 'doctor'});
			assert.deepEqual(calls.doctor, [{key: `c:${id('api')}`, ids: [id('api')]}]);
			// another key of the state, not the selection: nothing runs again
			store.dispatch({type: 'ui/set', patch: {doctorCursor: 0, helpScroll: 3}});
			assert.equal(calls.doctor.length, 1);
			// "run again" is an action; the subject stays as it was
			store.dispatch({type: 'doctor/rerun'});
			assert.equal(calls.doctor.length, 2);
			assert.equal(store.getState().doctor.subject, `c:${id('api')}`);
			store.dispatch({type: 'ui/pane', pane: 'stats'});
			assert.deepEqual(calls.host, [false, true]);
		} finally {
			follow.stop();
		}
	});

	it('the standalone row: no merged preview, and only its visible rows get stats', async () => {
		const {store, calls, follow} = setup();
		try {
			store.dispatch({type: 'ui/cursor', key: 'p:standalone'});
			await sleep(40);
			assert.equal(calls.logs.at(-1), null);
			assert.equal(selectLogsTarget(store.getState()).key, null);
			store.dispatch({type: 'view/set', view: {listRows: 2, listOffset: 0, preview: true}});
			// rows 0–1: the project "demo" (all its containers count toward its total) and service "api"
			assert.deepEqual(selectStatsIds(store.getState()).length, 6);
			store.dispatch({type: 'view/set', view: {listRows: 1, listOffset: 2, preview: true}});
			assert.deepEqual(selectStatsIds(store.getState()), [id('api')]);
		} finally {
			follow.stop();
		}
	});

	it('the ports pane: the subject is the port row\'s container; off the lists, the last list selection', () => {
		const {store, follow} = setup();
		try {
			store.dispatch({type: 'ui/pane', pane: 'ports'});
			const key = selectSubjectKey(store.getState());
			assert.match(key ?? '', /^c:/);
			store.dispatch({type: 'ui/pane', pane: 'doctor'});
			assert.equal(selectDoctorTarget(store.getState())?.subject?.kind, 'project', 'off the lists: the last list selection');
		} finally {
			follow.stop();
		}
	});
});
