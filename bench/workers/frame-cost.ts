/**
 * What one of berth's frames costs in issue 16's scenario, drawing only: berth's App rendered by
 * Ink (the options run.tsx uses) into a `--cols`×`--rows` terminal that discards what it is sent,
 * from a store holding the engine's real container list (the bench's containers, as berth lists
 * them), with the first row selected. No streams and no reads: every `--every` ms the worker
 * hands the store what one frame of the scenario carries — a new line from each followed
 * container (the preview's batch) and a stats batch for the visible containers with changed
 * figures — and Ink draws a frame. The process's CPU (process.cpuUsage: every thread, V8's
 * background threads and the collector included) over `--frames` frames, minus the same window
 * with the timer but no update, divided by the frames drawn.
 *
 * Run bundled as berth is (production React, Ink with berth's patches; bench/figures/lighter.ts
 * builds it), with berth's node flags.
 *
 * Prints one JSON line: {frames, cpuMs, idleCpuMs, msPerFrame, bytesPerFrame, follows, statIds}.
 */
import {EventEmitter} from 'node:events';
import {parseArgs} from 'node:util';
import {render} from 'ink';
import React from 'react';
import type {StatsSample} from '../../source/core/stats.js';
import {connectEngine} from '../../source/engine/connection.js';
import {listContainers} from '../../source/engine/containers.js';
import {MAX_MERGED_LINES, shortName} from '../../source/state/effects/logs.js';
import {selectStatsIds} from '../../source/state/follow.js';
import {LineLog} from '../../source/state/loglines.js';
import {initialState, reducer} from '../../source/state/reducer.js';
import {selectMembers, selectSubjectKey} from '../../source/state/selectors.js';
import {createStore} from '../../source/state/store.js';
import type {LogLineView} from '../../source/state/types.js';
import {App} from '../../source/ui/App.js';
import {StoreContext} from '../../source/ui/hooks/useStore.js';
import {layoutFor} from '../../source/ui/layout.js';
import {listVisible} from '../../source/ui/panes/ContainersPane.js';
import {NO_SERVICES, ServicesContext} from '../../source/ui/services.js';
import {makeTheme} from '../../source/ui/theme.js';

class Term extends EventEmitter {
	isTTY = true;
	bytes = 0;
	/** frames: Ink wraps each in synchronized-output marks */
	frames = 0;
	constructor(
		public columns: number,
		public rows: number,
	) {
		super();
	}
	write = (s: string) => {
		this.bytes += Buffer.byteLength(s);
		for (let i = s.indexOf(BSU); i >= 0; i = s.indexOf(BSU, i + 1)) this.frames++;
		return true;
	};
}

class Keys extends EventEmitter {
	isTTY = true;
	setEncoding() {}
	setRawMode() {}
	resume() {}
	pause() {}
	ref() {}
	unref() {}
	read = () => null;
}

const BSU = '\x1b[?2026h';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const cpuMs = () => {
	const u = process.cpuUsage();
	return (u.user + u.system) / 1000;
};

async function main() {
	const {values} = parseArgs({options: {cols: {type: 'string', default: '200'}, rows: {type: 'string', default: '50'}, frames: {type: 'string', default: '150'}, every: {type: 'string', default: '100'}}});
	const cols = Number(values.cols);
	const rows = Number(values.rows);
	const every = Number(values.every);
	const engine = await connectEngine({timeoutMs: 10_000});
	const records = await listContainers(engine);
	const store = createStore(reducer, initialState(engine.where));
	store.dispatch({type: 'connection/connected', where: engine.where, engine: {version: engine.serverVersion, api: engine.apiVersion, arch: engine.arch}});
	store.dispatch({type: 'containers/replace', records});
	const L = layoutFor(cols, rows, 'containers', 0);
	store.dispatch({type: 'view/set', view: {listRows: listVisible(L.main), listOffset: 0, preview: L.preview > 0}});
	const subject = selectSubjectKey(store.getState());
	const members = selectMembers(store.getState()).filter((c) => c.state === 'running').slice(0, 24);
	const statIds = selectStatsIds(store.getState());

	const ring = new LineLog<LogLineView>(Math.min(MAX_MERGED_LINES, 5000 * Math.max(1, members.length)));
	let seq = 0;
	const t0 = Date.now();
	const addLines = () => {
		members.forEach((c, i) => ring.push({seq: ++seq, ts: new Date(t0 + seq * 40).toISOString(), text: `tick ${Math.floor((t0 + seq * 40) / 1000)}`, stream: 'stdout', source: shortName(c), sourceIndex: i}));
		store.dispatch({type: 'logs/set', logs: {subject, lines: ring.view(), dropped: ring.dropped, sources: members.length, total: members.length, error: null}});
	};
	let k = 0;
	const stats = () => {
		k++;
		const samples: Record<string, StatsSample> = {};
		statIds.forEach((id, i) => {
			samples[id] = {at: Date.now(), cpu: ((i * 7 + k * 13) % 97) / 10, onlineCpus: 2, memUsed: (600 + ((i * 31 + k * 17) % 400)) * 1024, memLimit: 2 ** 31, netRx: k * 90, netTx: k * 40, blkRead: 0, blkWrite: 0, pids: 2};
		});
		store.dispatch({type: 'stats/batch', samples});
	};
	// the tail the follower starts with: 200 lines of each
	for (let i = 0; i < 200; i++) {
		members.forEach((c, j) => ring.push({seq: ++seq, ts: new Date(t0 - 200_000 + i * 1000).toISOString(), text: `tick ${i}`, stream: 'stdout', source: shortName(c), sourceIndex: j}));
	}
	const term = new Term(cols, rows);
	const app = render(
		React.createElement(StoreContext.Provider, {value: store}, React.createElement(ServicesContext.Provider, {value: NO_SERVICES}, React.createElement(App, {theme: makeTheme(true)}))),
		{stdout: term as never, stdin: new Keys() as never, stderr: new Term(cols, rows) as never, exitOnCtrlC: false, patchConsole: false, maxFps: 60},
	);
	const frame = async () => {
		addLines();
		stats();
		await sleep(every);
	};
	for (let i = 0; i < 20; i++) await frame();
	// the same window with the timer and nothing to draw
	const n = Number(values.frames);
	const i0 = cpuMs();
	for (let i = 0; i < n; i++) await sleep(every);
	const idle = cpuMs() - i0;
	const w0 = term.frames;
	const b0 = term.bytes;
	const c0 = cpuMs();
	for (let i = 0; i < n; i++) await frame();
	const cpu = cpuMs() - c0;
	const writes = term.frames - w0;
	app.unmount();
	process.stdout.write(JSON.stringify({frames: writes, cpuMs: cpu, idleCpuMs: idle, msPerFrame: (cpu - idle) / Math.max(1, writes), bytesPerFrame: (term.bytes - b0) / Math.max(1, writes), follows: members.length, statIds: statIds.length, subject}) + '\n');
	process.exit(0);
}

main().catch((err: unknown) => {
	process.stderr.write(`frame-cost worker: ${(err as Error).stack ?? String(err)}\n`);
	process.exit(1);
});
