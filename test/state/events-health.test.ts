/**
 * The events feed and healthcheck probes (unit, no engine): which exec events count as a probe
 * (CMD-SHELL at once, a CMD probe once its command has repeated, an exec's die by its execID, a
 * user's exec never), and that probes never push real events out of the ring.
 */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import type {EngineEvent} from '../../source/model/event.js';
import {createEventFeed, healthProbes} from '../../source/state/effects/events.js';
import {selectEventRows} from '../../source/state/events.js';
import {initialState, reducer} from '../../source/state/reducer.js';
import {createStore} from '../../source/state/store.js';
import {record} from '../helpers/records.js';

const HC = 'a'.repeat(64);
const PLAIN = 'b'.repeat(64);
let t = 1_000_000;
const ev = (actor: string, action: string, attributes: Record<string, string> = {}): EngineEvent => ({time: new Date(t).toISOString(), time_nano: (t++) * 1e6, type: 'container', action, actor, attributes, scope: 'local'});
const probe = (actor: string, cmd: string, exec: string) => [ev(actor, `exec_create: ${cmd}`, {execID: exec}), ev(actor, `exec_start: ${cmd}`, {execID: exec}), ev(actor, 'exec_die', {execID: exec, exitCode: '0'})];

describe('health-check probes', () => {
	it('CMD-SHELL probes at once; CMD probes once repeated; exec_die by execID; a user exec and a container without healthcheck never', () => {
		const isProbe = healthProbes((id) => id === HC);
		assert.deepEqual(probe(HC, '/bin/sh -c curl -f localhost', 'e1').map(isProbe), [true, true, true]);
		// CMD form: the same command repeating
		const seen = [1, 2, 3, 4, 5].map((i) => probe(HC, 'wget -q -O- localhost', `c${i}`).map(isProbe));
		assert.deepEqual(seen, [[false, false, false], [false, false, false], [false, false, false], [true, true, true], [true, true, true]]);
		// a user's shell on the same container
		assert.deepEqual(probe(HC, 'sh ', 'u1').map(isProbe), [false, false, false]);
		// no healthcheck: nothing is a probe
		assert.deepEqual(probe(PLAIN, '/bin/sh -c exit 0', 'p1').map(isProbe), [false, false, false]);
		assert.equal(isProbe(ev(HC, 'start')), false);
		assert.equal(isProbe(ev(HC, 'health_status: healthy')), false, 'a health change is an ordinary event');
	});

	it('probes never push real events out of the ring; H merges them back in order', async () => {
		const store = createStore(reducer, initialState());
		store.dispatch({type: 'containers/replace', records: [record({id: HC, name: 'hc', health: 'healthy'}), record({id: PLAIN, name: 'plain'})]});
		const feed = createEventFeed(store, {keep: 5, batchMs: 1});
		feed.push(ev(PLAIN, 'create'));
		feed.push(ev(PLAIN, 'start'));
		for (let i = 0; i < 300; i++) for (const e of probe(HC, '/bin/sh -c exit 0', `h${i}`)) feed.push(e);
		feed.push(ev(PLAIN, 'stop'));
		await new Promise((r) => setTimeout(r, 20));
		feed.stop();
		const s = store.getState();
		assert.deepEqual(s.events.rows.map((r) => r.action), ['create', 'start', 'stop']);
		assert.equal(s.events.dropped, 0);
		assert.equal(s.events.healthHidden, 900);
		assert.equal(s.events.health.length, 200, 'the newest HEALTH_KEPT kept');
		assert.deepEqual(selectEventRows(s).map((r) => r.action), ['create', 'start', 'stop']);
		store.dispatch({type: 'ui/eventsView', patch: {health: true}});
		const all = selectEventRows(store.getState());
		assert.equal(all.length, 203);
		assert.deepEqual(all.map((r) => r.seq), [...all.map((r) => r.seq)].sort((a, b) => a - b));
		assert.equal(all.at(-1)!.action, 'stop');
	});
});
