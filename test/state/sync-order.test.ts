/**
 * The sync's ordering rules, one race at a time, against a scripted engine (no real engine: each
 * answer is released by the test, so every interleaving is exact and the test does not depend on
 * load). The churn property (churn.test.ts) checks the same rules against the real engine.
 */
import assert from 'node:assert/strict';
import {PassThrough} from 'node:stream';
import {describe, it} from 'node:test';
import type {Engine} from '../../source/engine/connection.js';
import {startContainerSync, type ContainerSync} from '../../source/state/effects/containers.js';
import {fromSummary} from '../../source/engine/containers.js';
import {initialState, reducer} from '../../source/state/reducer.js';
import {createStore, type Store} from '../../source/state/store.js';
import type {Action, State} from '../../source/state/types.js';
import {DOCKER} from '../../source/engine/client.js';

type Status = 'created' | 'running' | 'paused' | 'exited' | 'removing' | 'dead';

interface Pending<T> {
	id: string;
	answer(v: T): void;
}

const summary = (id: string, state: Status) => ({Id: id, Names: [`/${id}`], Labels: {}, State: state, Status: '', Image: 'img', ImageID: 'sha', Command: 'sleep', Created: 1, Ports: []});
const inspected = (id: string, state: Status) => ({
	Id: id,
	Name: `/${id}`,
	Config: {Labels: {}, Image: 'img'},
	Image: 'sha',
	Path: 'sleep',
	Args: [],
	Created: '2026-01-01T00:00:00Z',
	RestartCount: 0,
	NetworkSettings: {Ports: {}},
	State: {Status: state, Running: state === 'running' || state === 'paused', ExitCode: 0, StartedAt: '2026-01-01T00:00:00Z', FinishedAt: '0001-01-01T00:00:00Z', OOMKilled: false, Error: ''},
});

/** An engine whose every list and inspect waits for the test to answer it. */
function scriptedEngine() {
	const lists: Array<Pending<Array<[string, Status]>>> = [];
	const inspects: Array<Pending<Status | 'gone'>> = [];
	const subscriptions: Array<{since: unknown; stream: PassThrough}> = [];
	const docker = {
		async getEvents(opts: {since?: unknown}) {
			const stream = new PassThrough();
			subscriptions.push({since: opts.since, stream});
			return stream;
		},
		listContainers() {
			return new Promise((resolve) => lists.push({id: '', answer: (rows) => resolve(rows.map(([id, s]) => summary(id, s)))}));
		},
		getContainer(id: string) {
			return {
				inspect: () =>
					new Promise((resolve, reject) =>
						inspects.push({id, answer: (s) => (s === 'gone' ? reject(Object.assign(new Error('(HTTP code 404) no such container - No such container: ' + id), {statusCode: 404})) : resolve(inspected(id, s)))}),
					),
			};
		},
		async info() {
			return {SystemTime: '2026-01-01T00:00:10.500000000Z'};
		},
	};
	const engine = {[DOCKER]: docker, target: {url: 'unix:///fake.sock'}, where: 'unix:///fake.sock', apiVersion: '1.41', serverVersion: '20.10.24', arch: 'amd64', os: 'linux'} as unknown as Engine;
	const until = async <T>(f: () => T | undefined, what: string): Promise<T> => {
		for (let i = 0; i < 400; i++) {
			const v = f();
			if (v !== undefined) return v;
			await new Promise((r) => setTimeout(r, 5));
		}
		throw new Error(`timed out waiting for ${what}`);
	};
	return {
		engine,
		subscriptions,
		/** answer the next list */
		async list(rows: Array<[string, Status]>) {
			const p = await until(() => lists.shift(), 'a list request');
			p.answer(rows);
		},
		/** the next inspect request of this id (not answered yet) */
		async inspect(id: string) {
			return until(() => {
				const i = inspects.findIndex((p) => p.id === id);
				return i < 0 ? undefined : inspects.splice(i, 1)[0];
			}, `an inspect of ${id}`);
		},
		pendingInspects: () => inspects.map((p) => p.id),
		event(action: string, id: string) {
			subscriptions.at(-1)!.stream.write(JSON.stringify({Type: 'container', Action: action, Actor: {ID: id, Attributes: {}}, timeNano: 1}) + '\n');
		},
	};
}

const settle = (ms = 30) => new Promise((r) => setTimeout(r, ms));

async function started(): Promise<{fake: ReturnType<typeof scriptedEngine>; store: Store<State, Action>; sync: ContainerSync}> {
	const fake = scriptedEngine();
	const store = createStore(reducer, initialState());
	const sync = startContainerSync(store, {connect: async () => fake.engine, burstMs: 5});
	return {fake, store, sync};
}

const rowState = (store: Store<State, Action>, id: string) => store.getState().containers[id]?.state;

describe('sync ordering: a stale answer never overwrites a newer fact', () => {
	it('an inspect in flight when the destroy event arrives does not bring the row back ("removing" or not)', async () => {
		const {fake, store, sync} = await started();
		try {
			await fake.list([['a', 'running'], ['b', 'running']]);
			(await fake.inspect('a')).answer('running');
			(await fake.inspect('b')).answer('running');
			await settle();
			fake.event('kill', 'a');
			fake.event('kill', 'b');
			const ia = await fake.inspect('a');
			const ib = await fake.inspect('b');
			fake.event('die', 'a');
			fake.event('destroy', 'a');
			fake.event('destroy', 'b');
			await settle();
			assert.equal(rowState(store, 'a'), undefined);
			ia.answer('removing'); // answered after the destroy: stale
			ib.answer('exited');
			await settle();
			assert.equal(rowState(store, 'a'), undefined, 'a stale "removing" answer brought the row back');
			assert.equal(rowState(store, 'b'), undefined, 'a stale "exited" answer brought the row back');
			// and a late replay of its events changes nothing either
			fake.event('die', 'a');
			await settle();
			assert.deepEqual(fake.pendingInspects(), []);
			assert.equal(rowState(store, 'a'), undefined);
		} finally {
			sync.stop();
		}
	});

	it('an answer older than a newer event is dropped; the newer event\'s inspect decides', async () => {
		const {fake, store, sync} = await started();
		try {
			await fake.list([['a', 'running']]);
			(await fake.inspect('a')).answer('running');
			fake.event('pause', 'a');
			const first = await fake.inspect('a');
			fake.event('unpause', 'a'); // while the first inspect is out
			fake.event('pause', 'a');
			first.answer('running'); // taken before the last pause
			await settle();
			assert.equal(rowState(store, 'a'), 'running', 'the list\'s row stays until a current answer');
			(await fake.inspect('a')).answer('paused');
			await settle();
			assert.equal(rowState(store, 'a'), 'paused');
		} finally {
			sync.stop();
		}
	});

	it('a 404 is gone; a "removing" answer creates no row, and a row left "removing" is looked at again', async () => {
		const {fake, store, sync} = await started();
		try {
			await fake.list([['a', 'running'], ['b', 'running']]);
			(await fake.inspect('a')).answer('running');
			(await fake.inspect('b')).answer('running');
			fake.event('create', 'c');
			(await fake.inspect('c')).answer('removing');
			fake.event('kill', 'a');
			(await fake.inspect('a')).answer('removing');
			fake.event('die', 'b');
			(await fake.inspect('b')).answer('gone');
			await settle();
			assert.equal(rowState(store, 'c'), undefined, 'no row for a container that is going');
			assert.equal(rowState(store, 'b'), undefined, '404 is gone');
			assert.equal(rowState(store, 'a'), 'removing');
			// no destroy event follows (the removal of a failed; c's went through): a second look at
			// each, about a second later
			const t0 = Date.now();
			const againC = await fake.inspect('c');
			assert.ok(Date.now() - t0 > 700, 'looked again at once: that would be polling');
			againC.answer('gone');
			(await fake.inspect('a')).answer('dead');
			await settle();
			assert.equal(rowState(store, 'a'), 'dead');
			assert.equal(rowState(store, 'c'), undefined);
		} finally {
			sync.stop();
		}
	});

	it('events are asked from before the list (since, on the engine\'s clock); a replayed destroy removes a listed row', async () => {
		const {fake, store, sync} = await started();
		try {
			await fake.list([['a', 'removing'], ['b', 'running']]);
			await settle();
			const since = Number(fake.subscriptions[0]!.since);
			// the engine's clock says 00:00:10.5; the list began a moment before that answer
			assert.ok(since <= Date.parse("2026-01-01T00:00:10Z") / 1000 && since >= Date.parse('2026-01-01T00:00:08Z') / 1000, `since ${since}`);
			fake.event('destroy', 'a');
			await settle();
			assert.equal(rowState(store, 'a'), undefined);
			assert.equal(rowState(store, 'b'), 'running');
		} finally {
			sync.stop();
		}
	});

	it('a list taken while events flow keeps what the events said meanwhile; buried ids stay out', async () => {
		const {fake, store, sync} = await started();
		try {
			await fake.list([['a', 'running'], ['x', 'running']]);
			(await fake.inspect('a')).answer('running');
			(await fake.inspect('x')).answer('running');
			await settle();
			sync.resync(); // e.g. an action's answer contradicted the model
			await settle();
			fake.event('create', 'n'); // after the list was taken
			(await fake.inspect('n')).answer('created');
			fake.event('destroy', 'x');
			await settle();
			assert.equal(rowState(store, 'n'), 'created');
			await fake.list([['a', 'running'], ['x', 'running']]); // taken before both events
			await settle();
			assert.equal(rowState(store, 'n'), 'created', 'the older list dropped a row an event had made');
			assert.equal(rowState(store, 'x'), undefined, 'the older list brought a destroyed row back');
			assert.equal(rowState(store, 'a'), 'running');
		} finally {
			sync.stop();
		}
	});

	it('when the events stream ends, it reconnects and lists again (the new list replaces)', async () => {
		const fake = scriptedEngine();
		const store = createStore(reducer, initialState());
		const sync = startContainerSync(store, {connect: async () => fake.engine, burstMs: 5, backoffMs: {initial: 10, max: 10}});
		try {
			await fake.list([['a', 'running'], ['b', 'running']]);
			(await fake.inspect('a')).answer('running');
			(await fake.inspect('b')).answer('running');
			await settle();
			fake.subscriptions[0]!.stream.end(); // the engine dropped the stream; b was removed meanwhile
			await fake.list([['a', 'exited']]);
			await settle();
			assert.equal(rowState(store, 'b'), undefined);
			assert.equal(rowState(store, 'a'), 'exited');
			assert.equal(fake.subscriptions.length, 2);
			assert.equal(store.getState().connection.status, 'connected');
		} finally {
			sync.stop();
		}
	});

	it('gone(): an action\'s 404 buries the row; a late answer or event does not bring it back', async () => {
		const {fake, store, sync} = await started();
		try {
			await fake.list([['a', 'running']]);
			const late = await fake.inspect('a');
			sync.gone(['a']);
			assert.equal(rowState(store, 'a'), undefined);
			late.answer('running');
			fake.event('start', 'a');
			await settle();
			assert.equal(rowState(store, 'a'), undefined);
		} finally {
			sync.stop();
		}
	});
});

describe('sync: the prefetched first connection and list (ui/launch.ts asks before the screen loads)', () => {
	it('the first session uses them (no second connect, no second list), replays events from before that list, then inspects', async () => {
		const fake = scriptedEngine();
		const store = createStore(reducer, initialState());
		let connects = 0;
		const asked = Date.parse('2026-01-01T00:00:05Z');
		const head = {engine: Promise.resolve(fake.engine), list: Promise.resolve([fromSummary(summary('a', 'running') as never)]), asked};
		const sync = startContainerSync(store, {connect: async () => (connects++, fake.engine), head, burstMs: 5});
		try {
			await settle();
			assert.equal(rowState(store, 'a'), 'running', 'the prefetched list is on screen');
			assert.equal(connects, 0, 'no connect of its own');
			(await fake.inspect('a')).answer('running');
			await settle();
			assert.equal(fake.subscriptions.length, 1);
			// the engine's clock (info: 00:00:10.5) is ahead of ours by about its distance from now: since
			// is the prefetch's asking time on the engine's clock minus the margin, not the session's start
			const since = Number(fake.subscriptions[0]!.since);
			const offset = Date.parse('2026-01-01T00:00:10.5Z') - Date.now();
			assert.ok(Math.abs(since - Math.floor((asked + offset - 1000) / 1000)) <= 2, `events since ${since}`);
			// a reconnect lists anew
			fake.subscriptions[0]!.stream.end();
			await fake.list([['b', 'running']]);
			await settle();
			assert.equal(connects, 1);
			assert.equal(rowState(store, 'b'), 'running');
			assert.equal(rowState(store, 'a'), undefined);
		} finally {
			sync.stop();
		}
	});

	it('a failed prefetch is reported, and the retry connects anew', async () => {
		const fake = scriptedEngine();
		const store = createStore(reducer, initialState());
		let connects = 0;
		const failed = Promise.reject(new Error('connect ECONNREFUSED /fake.sock'));
		failed.catch(() => undefined);
		const head = {engine: failed as Promise<Engine>, list: failed as Promise<never>, asked: Date.now()};
		const sync = startContainerSync(store, {connect: async () => (connects++, fake.engine), head, burstMs: 5, backoffMs: {initial: 10, max: 10}});
		try {
			await fake.list([['a', 'running']]);
			await settle();
			assert.equal(connects, 1, 'connected anew after the prefetch failed');
			assert.equal(rowState(store, 'a'), 'running');
			assert.equal(store.getState().connection.status, 'connected');
		} finally {
			sync.stop();
		}
	});
});
