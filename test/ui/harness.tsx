/** Render the App into a fake terminal of a chosen size, with a store we fill; keys in, frames out. */
import {EventEmitter} from 'node:events';
import {render} from 'ink';
import React from 'react';
import type {ContainerRecord} from '../../source/model/container.js';
import type {Engine} from '../../source/engine/connection.js';
import {createDoctorManager} from '../../source/state/effects/doctor.js';
import {startFollow, type Followers} from '../../source/state/effects/follow.js';
import {createInspectManager} from '../../source/state/effects/inspect.js';
import {initialState, reducer} from '../../source/state/reducer.js';
import {createStore, type Store} from '../../source/state/store.js';
import type {Action, State} from '../../source/state/types.js';
import {App} from '../../source/ui/App.js';
import {StoreContext} from '../../source/ui/hooks/useStore.js';
import {NO_SERVICES, ServicesContext, type Services} from '../../source/ui/services.js';
import {makeTheme, type Theme} from '../../source/ui/theme.js';
import type {KeyBinding} from '../../source/ui/keymap.js';
import {plain} from '../helpers/frame.js';
import {prepareRoles} from '../../source/core/roles/context.js';

/** 2026-01-01T01:00:00Z: an hour after the records' started_at. */
export const NOW = Date.parse('2026-01-01T01:00:00Z');

class FakeStdout extends EventEmitter {
	frames: string[] = [];
	constructor(
		public columns: number,
		public rows: number,
	) {
		super();
	}
	isTTY = true;
	write = (frame: string) => {
		this.frames.push(frame);
		return true;
	};
	lastFrame = () => this.frames.at(-1) ?? '';
}

class FakeStdin extends EventEmitter {
	isTTY = true;
	data: string | null = null;
	write = (data: string) => {
		this.data = data;
		this.emit('readable');
		this.emit('data', data);
	};
	setEncoding() {}
	setRawMode() {}
	resume() {}
	pause() {}
	ref() {}
	unref() {}
	read = () => {
		const d = this.data;
		this.data = null;
		return d;
	};
}

export function storeWith(records: ContainerRecord[], patch: (s: State) => State = (s) => s): Store<State, Action> {
	const store = createStore(reducer, patch(initialState('unix:///test.sock')));
	store.dispatch({type: 'connection/connected', where: 'unix:///test.sock', engine: {version: '20.10.24', api: '1.41', arch: 'amd64'}});
	store.dispatch({type: 'containers/replace', records});
	return store;
}

export const tick = (ms = 30) => new Promise((r) => setTimeout(r, ms));

export interface Harness {
	frame(): string;
	press(...keys: string[]): Promise<string>;
	resize(columns: number, rows: number): Promise<string>;
	stdout: FakeStdout;
	unmount(): void;
	quit: {called: number};
}

export const KEY = {enter: '\r', esc: '\x1b', tab: '\t', down: '\x1b[B', up: '\x1b[A', backspace: '\x7f', space: ' '};

/** What a test hands the dashboard: the key handlers' services, and the managers the follow effect drives (as run.tsx does). */
export type TestServices = Partial<Services> & Followers & {engine?: () => Engine | null};

export async function mount(store: Store<State, Action>, opts: {columns?: number; rows?: number; services?: TestServices; bindings?: KeyBinding[]; theme?: Theme} = {}): Promise<Harness> {
	// as cli.tsx does before the dashboard: the roles' parser when a policy or roles setting exists
	await prepareRoles();
	const stdout = new FakeStdout(opts.columns ?? 100, opts.rows ?? 24);
	const stdin = new FakeStdin();
	const quit = {called: 0};
	const {engine = () => null, stats, logs, host, inspect, doctor, ...rest} = opts.services ?? {};
	const services: Services = {...NO_SERVICES, ...rest};
	const follow = startFollow(store, {stats, logs, host, inspect: inspect ?? createInspectManager(store, engine), doctor: doctor ?? createDoctorManager(store, engine)});
	const inst = render(
		<StoreContext.Provider value={store}>
			<ServicesContext.Provider value={services}>
				<App theme={opts.theme ?? makeTheme(false)} now={NOW} onQuit={() => quit.called++} {...(opts.bindings ? {bindings: opts.bindings} : {})} />
			</ServicesContext.Provider>
		</StoreContext.Provider>,
		{stdout: stdout as never, stdin: stdin as never, stderr: new FakeStdout(100, 24) as never, debug: true, exitOnCtrlC: false, patchConsole: false},
	);
	await tick();
	const frame = () => plain(stdout.lastFrame());
	return {
		frame,
		stdout,
		quit,
		async press(...keys) {
			for (const k of keys) {
				stdin.write(k);
				await tick(15);
			}
			await tick();
			return frame();
		},
		async resize(columns, rows) {
			stdout.columns = columns;
			stdout.rows = rows;
			stdout.emit('resize');
			await tick();
			return frame();
		},
		unmount: () => {
			follow.stop();
			inst.unmount();
		},
	};
}
