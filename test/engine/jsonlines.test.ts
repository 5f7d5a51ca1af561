/** JSON lines from engine streams, as async values (events) and as callbacks (stats). */
import assert from 'node:assert/strict';
import {PassThrough} from 'node:stream';
import {describe, it} from 'node:test';
import {jsonLines, onJsonLines} from '../../source/engine/jsonlines.js';

describe('onJsonLines', () => {
	it('splits across chunks (a multi-byte character cut in two too), skips blank and torn lines', async () => {
		const s = new PassThrough();
		const got: unknown[] = [];
		const done = onJsonLines(s, new AbortController().signal, (v) => got.push(v));
		const text = Buffer.from('{"a":1}\n\n{"b":"é"}\r\n{"torn\n{"c":[1,2]}\n{"d":1}');
		const cut = text.indexOf(Buffer.from('é')) + 1; // inside the two bytes of é
		s.write(text.subarray(0, 3));
		s.write(text.subarray(3, cut));
		s.write(text.subarray(cut));
		s.end();
		await done;
		assert.deepEqual(got, [{a: 1}, {b: 'é'}, {c: [1, 2]}], 'an unterminated last line is not a value');
	});

	it('an abort resolves and destroys the stream; a stream error rejects', async () => {
		const s = new PassThrough();
		const ac = new AbortController();
		const got: unknown[] = [];
		const done = onJsonLines(s, ac.signal, (v) => got.push(v));
		s.write('{"x":1}\n');
		await new Promise((r) => setImmediate(r));
		ac.abort();
		await done;
		assert.equal(s.destroyed, true);
		assert.deepEqual(got, [{x: 1}]);

		const e = new PassThrough();
		const failed = onJsonLines(e, new AbortController().signal, () => undefined);
		e.destroy(new Error('socket hang up'));
		await assert.rejects(failed, /socket hang up/);
	});

	it('gives the same values as the async form', async () => {
		const lines = Array.from({length: 50}, (_, i) => JSON.stringify({i, s: 'x'.repeat(i)})).join('\n') + '\n';
		const a = new PassThrough();
		const b = new PassThrough();
		const viaCallback: unknown[] = [];
		const cb = onJsonLines(a, new AbortController().signal, (v) => viaCallback.push(v));
		a.end(lines);
		b.end(lines);
		const viaIterator: unknown[] = [];
		for await (const v of jsonLines(b, new AbortController().signal)) viaIterator.push(v);
		await cb;
		assert.equal(viaCallback.length, 50);
		assert.deepEqual(viaCallback, viaIterator);
	});
});
