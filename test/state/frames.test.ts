/** Frame folding: user actions notify at once; background updates at most once per idle window. */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {throttleFrames} from '../../source/state/frames.js';
import {initialState, reducer} from '../../source/state/reducer.js';
import {createStore} from '../../source/state/store.js';
import {sample} from '../ui/fixtures.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('frames', () => {
	it('folds background updates, passes user actions (and what follows them) at once', async () => {
		const raw = createStore(reducer, initialState());
		const screen = throttleFrames(raw, {idleMs: () => 200, interactiveMs: 100});
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

	it('a quiet stats batch (nothing on screen changed) draws no frame; the next frame reads it', async () => {
		const raw = createStore(reducer, initialState());
		const screen = throttleFrames(raw, {idleMs: () => 0, interactiveMs: 0});
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
});
