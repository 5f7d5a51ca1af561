/** The status line's life: one module says, clears and fades a message (state/status.ts), not the UI. */
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {setTimeout as sleep} from 'node:timers/promises';
import {initialState, reducer} from '../../source/state/reducer.js';
import {clearStatus, setStatus, startStatusFade} from '../../source/state/status.js';
import {createStore} from '../../source/state/store.js';

function store() {
	return createStore(reducer, initialState());
}

test('an info or ok message fades after its time; an error and a busy one stay', async () => {
	const s = store();
	const fade = startStatusFade(s, {ms: 40});
	try {
		setStatus(s, 'info', 'Sorted by name');
		assert.equal(s.getState().ui.status?.text, 'Sorted by name');
		await sleep(100);
		assert.equal(s.getState().ui.status, null, 'the info message faded');
		setStatus(s, 'error', 'restart failed');
		await sleep(100);
		assert.equal(s.getState().ui.status?.text, 'restart failed', 'an error stays until the next key');
		setStatus(s, 'busy', 'restarting web');
		await sleep(100);
		assert.equal(s.getState().ui.status?.kind, 'busy', 'a busy message stays until its outcome');
	} finally {
		fade.stop();
	}
});

test('a newer message is not cleared by the older one\'s timer', async () => {
	const s = store();
	const fade = startStatusFade(s, {ms: 80});
	try {
		setStatus(s, 'info', 'first');
		await sleep(50);
		setStatus(s, 'ok', 'second');
		await sleep(50);
		assert.equal(s.getState().ui.status?.text, 'second', 'the first timer did not clear the second message');
		await sleep(80);
		assert.equal(s.getState().ui.status, null);
	} finally {
		fade.stop();
	}
});

test('stop cancels a pending fade; clearStatus clears only the message it names', async () => {
	const s = store();
	const fade = startStatusFade(s, {ms: 30});
	setStatus(s, 'info', 'kept');
	fade.stop();
	await sleep(60);
	assert.equal(s.getState().ui.status?.text, 'kept', 'no timer runs after stop');
	const shown = s.getState().ui.status;
	setStatus(s, 'error', 'newer');
	clearStatus(s, shown);
	assert.equal(s.getState().ui.status?.text, 'newer', 'clearing an older message leaves the newer one');
	clearStatus(s);
	assert.equal(s.getState().ui.status, null);
	clearStatus(s);
	assert.equal(s.getState().ui.status, null, 'clearing nothing is harmless');
});
