/**
 * A row scrolled back into view: its cgroup watch opens again without asking the engine (the init
 * pid seen before, checked against the container's id in /proc/<pid>/cgroup); a container that
 * restarted since has another pid, and is asked about again.
 */
import assert from 'node:assert/strict';
import {after, describe, it} from 'node:test';
import {DOCKER} from '../../source/engine/client.js';
import type {Engine} from '../../source/engine/connection.js';
import {watchStatsCgroup} from '../../source/engine/cgroup-stats.js';
import {cleanup, docker, runContainer, testEngine, uniqueName, waitFor} from '../helpers/engine.js';

/** The engine with its container inspects counted. */
function counting(engine: Engine): {engine: Engine; inspects: () => number} {
	let n = 0;
	const real = engine[DOCKER];
	const dockerode = new Proxy(real, {
		get(t, k) {
			if (k === 'getContainer')
				return (id: string) => {
					const c = t.getContainer(id);
					return new Proxy(c, {
						get(ct, ck) {
							if (ck === 'inspect') n++;
							const v = Reflect.get(ct, ck) as unknown;
							return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(ct) : v;
						},
					});
				};
			const v = Reflect.get(t, k) as unknown;
			return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(t) : v;
		},
	});
	return {engine: Object.assign(Object.create(Object.getPrototypeOf(engine) as object) as Engine, engine, {[DOCKER]: dockerode}), inspects: () => n};
}

async function firstSample(engine: Engine, id: string): Promise<void> {
	const ac = new AbortController();
	let got = false;
	const done = watchStatsCgroup(engine, id, ac.signal, () => {
		got = true;
		ac.abort();
	});
	await waitFor(() => got, 'a reading', 10_000);
	await done;
}

describe('cgroup stats: a container watched again', () => {
	after(() => cleanup());

	it('reads again without an inspect; after a restart (another pid) it inspects again', async () => {
		const id = runContainer({name: uniqueName('firstmin-reopen')});
		const {engine, inspects} = counting(await testEngine());
		await firstSample(engine, id);
		assert.equal(inspects(), 1, 'the first watch asks the engine for the pid');
		await firstSample(engine, id);
		await firstSample(engine, id);
		assert.equal(inspects(), 1, 'watched again: no engine call');
		docker('restart', '-t', '0', id);
		await firstSample(engine, id);
		assert.equal(inspects(), 2, 'restarted: its old pid is not its process any more, the engine is asked');
	});
});
