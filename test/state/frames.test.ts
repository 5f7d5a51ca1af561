/** Frame folding: user actions notify at once; background updates at most once per idle window. */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {throttleFrames} from '../../source/state/frames.js';
import {initialState, reducer} from '../../source/state/reducer.js';
import {createStore} from '../../source/state/store.js';
import {record} from '../helpers/records.js';
import {demoRecords, sample} from '../ui/fixtures.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('frames', () => {
	it('folds background updates, passes user actions (and what follows them) at once', async () => {
		const raw = createStore(reducer, initialState());
		const screen = throttleFrames(raw, {idleMs: () => 200, glanceMs: () => 200, interactiveMs: 100});
		let frames = 0;
		screen.subscribe(() => frames++);
		// a burst of stats batches: the first notifies, the rest wait for the window
		for (let i = 0; i < 10; i++) raw.dispatch({type: 'stats/batch', samples: {x: sample({cpu: i})}});
		assert.equal(frames, 1);
		await sleep(260);
		assert.equal(frames, 2, 'one more frame for the rest of the burst');
		assert.equal(screen.getState().stats['x']!.last.cpu, 9, 'the screen reads the latest state');
		// a key: immediate, and background updates right after it are immediate too
		screen.dispatch({type: 'ui/pane', pane: 'groups'});
		assert.equal(frames, 3);
		raw.dispatch({type: 'stats/batch', samples: {x: sample({cpu: 1})}});
		assert.equal(frames, 4);
		await sleep(150);
		raw.dispatch({type: 'stats/batch', samples: {x: sample({cpu: 2})}});
		raw.dispatch({type: 'stats/batch', samples: {x: sample({cpu: 3})}});
		assert.ok(frames <= 5, `folded again once the user is idle (${frames})`);
	});

	it('the first list is drawn at once, not held back by the frame that said "connecting"', () => {
		const raw = createStore(reducer, initialState());
		const screen = throttleFrames(raw, {idleMs: () => 500, interactiveMs: 0});
		let frames = 0;
		screen.subscribe(() => frames++);
		raw.dispatch({type: 'connection/connecting', where: 'unix:///var/run/docker.sock'});
		assert.equal(frames, 1, 'the connecting frame');
		raw.dispatch({type: 'containers/replace', records: demoRecords().slice(0, 1)});
		assert.equal(frames, 2, 'the first list notifies at once (was: after the rest of the 500 ms window)');
		assert.equal(screen.getState().loaded, true);
		// later lists fold as any background update
		raw.dispatch({type: 'containers/replace', records: demoRecords().slice(0, 2)});
		assert.equal(frames, 2, 'a later list waits for the window');
	});

	it('a quiet stats batch (nothing on screen changed) draws no frame; the next frame reads it', async () => {
		const raw = createStore(reducer, initialState());
		const screen = throttleFrames(raw, {idleMs: () => 0, glanceMs: () => 0, interactiveMs: 0});
		let frames = 0;
		screen.subscribe(() => frames++);
		raw.dispatch({type: 'stats/batch', samples: {x: sample({cpu: 1})}});
		assert.equal(frames, 1);
		raw.dispatch({type: 'stats/batch', samples: {x: sample({cpu: 1.01})}, quiet: true});
		assert.equal(frames, 1, 'no frame for a quiet batch');
		assert.equal(screen.getState().stats['x']!.last.cpu, 1.01, 'the store has it');
		raw.dispatch({type: 'stats/batch', samples: {x: sample({cpu: 5})}});
		assert.equal(frames, 2);
	});

	it('on the list, the preview\'s log batch and a stats batch share one frame a second (the log pane: four)', async () => {
		const raw = createStore(reducer, initialState());
		const screen = throttleFrames(raw);
		let frames = 0;
		screen.subscribe(() => frames++);
		const logs = (n: number) => raw.dispatch({type: 'logs/set', logs: {subject: 'p:x', lines: [], dropped: 0, sources: n, error: null}});
		const t0 = Date.now();
		logs(1);
		assert.equal(frames, 1, 'the first background update after a quiet spell draws at once');
		await sleep(300);
		raw.dispatch({type: 'stats/batch', samples: {x: sample({cpu: 2})}});
		assert.equal(frames, 1, 'a stats batch 300 ms later waits for the next frame');
		await sleep(Math.max(0, t0 + 900 - Date.now()));
		logs(2);
		assert.equal(frames, 1, 'so does the next log batch');
		await sleep(Math.max(0, t0 + 1150 - Date.now()));
		assert.equal(frames, 2, 'one frame carries both, a second after the first');
		assert.equal(screen.getState().logs.sources, 2);
		assert.equal(screen.getState().stats['x']!.last.cpu, 2);
		// the log pane is read as it scrolls: four frames a second
		screen.dispatch({type: 'ui/pane', pane: 'logs'});
		const afterKey = frames;
		await sleep(1100);
		const t1 = Date.now();
		logs(3);
		logs(4);
		await sleep(Math.max(0, t1 + 350 - Date.now()));
		logs(5);
		assert.equal(frames, afterKey + 2, 'on the log pane a batch 350 ms after a frame draws at once');
	});

	it('a change the engine reports (an event) is not held for the glance period: it brings a waiting frame forward', async () => {
		const raw = createStore(reducer, initialState());
		const screen = throttleFrames(raw);
		let frames = 0;
		screen.subscribe(() => frames++);
		const t0 = Date.now();
		raw.dispatch({type: 'stats/batch', samples: {x: sample({cpu: 1})}});
		assert.equal(frames, 1);
		raw.dispatch({type: 'stats/batch', samples: {x: sample({cpu: 2})}});
		assert.equal(frames, 1, 'stats wait up to a second');
		raw.dispatch({type: 'containers/upsert', records: [record({id: 'c1', name: 'web'})]});
		await sleep(Math.max(0, t0 + 650 - Date.now()));
		assert.equal(frames, 2, 'the container list drew within the idle period (500 ms), carrying the stats too');
		assert.equal(screen.getState().stats['x']!.last.cpu, 2);
		await sleep(Math.max(0, t0 + 1200 - Date.now()));
		assert.equal(frames, 2, 'and no second frame for the stats batch it carried');
	});

	it('the events feed notifies only on the events pane: elsewhere it neither draws nor flushes a waiting frame early', async () => {
		const raw = createStore(reducer, initialState());
		const screen = throttleFrames(raw);
		let frames = 0;
		screen.subscribe(() => frames++);
		const events = () => raw.dispatch({type: 'events/set', events: {...raw.getState().events}});
		raw.dispatch({type: 'stats/batch', samples: {x: sample({cpu: 1})}});
		assert.equal(frames, 1);
		raw.dispatch({type: 'stats/batch', samples: {x: sample({cpu: 2})}});
		for (let i = 0; i < 5; i++) {
			await sleep(120);
			events();
		}
		assert.equal(frames, 1, 'the stats batch still waits for its second; the events drew nothing');
		await sleep(500);
		assert.equal(frames, 2);
		screen.dispatch({type: 'ui/pane', pane: 'events'});
		const n = frames;
		events();
		assert.equal(frames, n + 1, 'on the events pane the feed draws');
	});
});
