/**
 * The floor under berth's CPU in issue 16's scenario: a bare Node process doing what berth must do
 * there, without drawing. berth's own selectors decide what that is, from the engine's container
 * list as berth would see it on a `--cols`×`--rows` screen with nothing pressed: the selected row's
 * members' logs (at most 24 streams, as the log manager caps them) and the cgroup stats of the
 * containers on the visible rows and the totals they show (selectStatsIds). Then it follows those
 * logs through engine/logs.ts from their last 200 lines, sanitises every line as the log manager
 * does and keeps them in the same bounded buffer; and reads the stats once a second through
 * engine/cgroup-stats.ts (the API's streams where the files cannot be read), computing each sample
 * as core/stats.ts does. No React, no Ink, no store, no frames.
 *
 * BERTH_BENCH_FLOOR=logs or =stats does only that half (bench/ab.ts --floor-parts: the floor split).
 *
 * Writes one short status line a second (the bench checks that its containers are named on the
 * screen); JSON on SIGTERM: {lines, samples, follows, reads, source}.
 */
import {parseArgs} from 'node:util';
import {sanitize} from '../../source/core/sanitize.js';
import {toSample} from '../../source/core/stats.js';
import {statsSource, watchStatsAuto} from '../../source/engine/cgroup-stats.js';
import {connectEngine} from '../../source/engine/connection.js';
import {listContainers} from '../../source/engine/containers.js';
import {containerLogs} from '../../source/engine/logs.js';
import {MAX_MERGED_LINES} from '../../source/state/effects/logs.js';
import {selectStatsIds} from '../../source/state/follow.js';
import {LineLog} from '../../source/state/loglines.js';
import {initialState, reducer} from '../../source/state/reducer.js';
import {selectMembers, selectSubjectKey} from '../../source/state/selectors.js';
import type {State} from '../../source/state/types.js';
import {layoutFor} from '../../source/ui/layout.js';

const MAX_SOURCES = 24;
/** ui/panes/ContainersPane.tsx's listVisible (the list's title row off its height), not imported: that module brings Ink and yoga */
const listVisible = (height: number) => Math.max(1, height - 1);
const TAIL = 200;
const PER_SOURCE = 5000;

async function main() {
	// the size berth would have: the terminal's (the bench runs the floor in the same tmux pane size)
	const {values} = parseArgs({options: {cols: {type: 'string', default: String(process.stdout.columns || 200)}, rows: {type: 'string', default: String(process.stdout.rows || 50)}}});
	const engine = await connectEngine({timeoutMs: 10_000});
	const records = await listContainers(engine);
	// berth's state on its first screen: the list, the layout's visible rows, the first row selected
	let state: State = initialState(engine.where);
	state = reducer(state, {type: 'containers/replace', records});
	const L = layoutFor(Number(values.cols), Number(values.rows), 'containers', 0);
	state = reducer(state, {type: 'view/set', view: {listRows: listVisible(L.main), listOffset: 0, preview: L.preview > 0}});
	const subject = selectSubjectKey(state);
	const members = selectMembers(state);
	const running = members.filter((c) => c.state === 'running');
	const allFollowed = members.length > MAX_SOURCES ? [...running, ...members.filter((c) => c.state !== 'running')].slice(0, MAX_SOURCES) : members;
	const parts = process.env.BERTH_BENCH_FLOOR ?? 'both';
	const followed = parts === 'stats' ? [] : allFollowed;
	const statIds = parts === 'logs' ? [] : selectStatsIds(state);

	const ac = new AbortController();
	const ring = new LineLog<{text: string; ts: string | null; stream: string; source: string}>(Math.min(MAX_MERGED_LINES, PER_SOURCE * Math.max(1, followed.length)));
	let lines = 0;
	let samples = 0;
	for (const c of followed) {
		void (async () => {
			const stream = await containerLogs(engine, c.id, {signal: ac.signal, tail: TAIL, follow: true});
			for await (const batch of stream) {
				for (const l of batch) {
					ring.push({text: sanitize(l.text, {keepColor: true}), ts: l.ts, stream: l.stream, source: c.name});
					lines++;
				}
			}
		})().catch(() => undefined);
	}
	const prev = new Map<string, unknown>();
	for (const id of statIds) {
		void watchStatsAuto(engine, id, ac.signal, (raw) => {
			prev.set(id, toSample(raw));
			samples++;
		}).catch(() => undefined);
	}
	const source = statsSource(engine);
	const status = () => process.stdout.write(`floor: ${subject} · logs of ${followed.length} (${followed[0]?.name ?? '-'} …) · stats of ${statIds.length} (${source}) · ${lines} lines, ${samples} samples\n`);
	status();
	const tick = setInterval(status, 1000);
	process.on('SIGTERM', () => {
		clearInterval(tick);
		ac.abort();
		process.stdout.write(JSON.stringify({lines, samples, follows: followed.length, reads: statIds.length, source}) + '\n', () => process.exit(0));
	});
}

main().catch((err: unknown) => {
	process.stderr.write(`scenario-floor worker: ${(err as Error).stack ?? String(err)}\n`);
	process.exit(1);
});
