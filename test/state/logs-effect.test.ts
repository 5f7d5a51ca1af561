/**
 * The log manager on the real engine: starts with the last N lines (tail, not since), batches,
 * bounds the ring per container and counts what it dropped, sanitises control sequences, aborts
 * the streams of a subject no longer shown, and follows a restarted container from its new start.
 */
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {connectEngine, type Engine} from '../../source/engine/connection.js';
import {inspectContainer} from '../../source/engine/containers.js';
import {createLogManager} from '../../source/state/effects/logs.js';
import {initialState, reducer} from '../../source/state/reducer.js';
import {createStore} from '../../source/state/store.js';
import {cleanup, docker, runContainer, sleep, uniqueName, waitFor} from '../helpers/engine.js';

describe('log manager (real engine)', () => {
	let engine: Engine;
	before(async () => {
		engine = await connectEngine();
	});
	after(() => cleanup());

	it('tail, ring bound with a drop count, sanitised text, abort on subject change, restart followed', async () => {
		const name = uniqueName('logfx');
		// 300 numbered lines at once, one with a clear-screen and a title escape, then one a second
		const id = runContainer({name, cmd: ['sh', '-c', 'if [ -f /tmp/ran ]; then echo second-run; else touch /tmp/ran; i=0; while [ $i -lt 300 ]; do i=$((i+1)); echo "n$i"; done; printf "evil\\033[2J\\033]0;pwned\\007 \\033[31mred\\033[0m\\n"; fi; while :; do echo "late"; sleep 1; done']});
		await waitFor(async () => (await docker('logs', id)).includes('evil'), 'container wrote its lines', 10_000);
		const store = createStore(reducer, initialState());
		const mgr = createLogManager(store, () => engine, {tail: 100, perSource: 50, batchMs: 50});
		const rec = (await inspectContainer(engine, id))!;
		try {
			mgr.show(`c:${id}`, [rec]);
			await waitFor(() => store.getState().logs.lines.slice().some((l) => l.text.includes('evil')), 'lines in the store', 10_000);
			const logs = store.getState().logs;
			assert.equal(logs.lines.length, 50, 'ring holds perSource lines');
			assert.ok(logs.dropped >= 50, `dropped ${logs.dropped}`);
			// tail 100 of 301+: the first line seen is late in the sequence, not n1
			assert.ok(!logs.lines.slice().some((l) => l.text === 'n1'));
			const evil = logs.lines.slice().find((l) => l.text.includes('evil'))!;
			assert.doesNotMatch(evil.text, /\x1b\[2J|\x1b\]0;/, 'clear-screen and OSC title made inert');
			assert.match(evil.text, /\x1b\[31mred/, 'plain SGR colour kept');
			assert.ok(logs.lines.slice().every((l) => l.ts), 'engine timestamps');

			// restart: the stream ends with the container; shown again, it reads from the new start only
			docker('restart', '-t', '1', id);
			await sleep(300);
			const again = (await inspectContainer(engine, id))!;
			mgr.show(`c:${id}`, [again]);
			const seqBefore = store.getState().logs.lines.at(-1)!.seq;
			await waitFor(() => store.getState().logs.lines.slice().some((l) => l.seq > seqBefore && l.text === 'second-run'), 'lines of the new run', 10_000);
			const fresh = store.getState().logs.lines.slice().filter((l) => l.seq > seqBefore);
			assert.ok(!fresh.some((l) => /^n\d+$|evil/.test(l.text)), `earlier run not repeated: ${fresh.map((l) => l.text).join(',')}`);

			mgr.show(null, []);
			await sleep(200);
			assert.equal(store.getState().logs.subject, null);
			assert.equal(store.getState().logs.lines.length, 0);
		} finally {
			mgr.stop();
		}
	});
});
