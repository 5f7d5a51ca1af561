/**
 * The images, volumes and networks panes and the events pane stay true under random outside churn
 * (a property, over several seeds). The store runs with every effect (startEffects) against the
 * real engine while a seeded random sequence of outside operations runs in parallel bursts, half
 * through the docker CLI and half through the engine API: volumes and networks created and
 * removed, containers run and removed that mount a volume (by name; a missing one is created by
 * the engine) or join a network, renamed (the "used by" names change), connected to networks
 * (running ones: connecting a container that is not running emits no event at all, a limit of the
 * engine that no event-fed pane can see) and disconnected from them, tags of the test image added (`docker tag`) and removed
 * (`docker rmi`). Meanwhile the shown pane switches (hidden, shown again) and, in some seeds, the
 * dashboard's one /events stream is cut (the sync reconnects).
 *
 * Then, BOUND_MS after the last event about the seed's objects:
 * - the pane shown at the end (never re-shown: only the events kept it up to date) equals the
 *   engine: its objects, and for each the containers that use it (names), restricted to the seed's;
 * - each other resource pane, once shown, equals the engine within BOUND_MS;
 * - the events pane holds every event the engine emitted about the seed's objects (a watcher
 *   stream of the test's own, opened before the churn), exactly once and in order (the engine's
 *   order, up to events a few ms apart, which the engine itself hands two streams in either order).
 * Only the seed's objects are compared: other runs share the engine. Every object carries the
 * berth.test label or the seed's name prefix, and is removed in `finally`.
 */
import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import type {Readable} from 'node:stream';
import {promisify} from 'node:util';
import {after, before, describe, it} from 'node:test';
import {dockerOf} from '../../source/engine/client.js';
import type {Engine} from '../../source/engine/connection.js';
import {toEngineEvent} from '../../source/engine/events.js';
import {onJsonLines} from '../../source/engine/jsonlines.js';
import type {EngineEvent} from '../../source/model/event.js';
import {startEffects, type Effects} from '../../source/state/effects/index.js';
import {eventRow, EVENTS_KEPT, type EventRow} from '../../source/state/events.js';
import {initialState, reducer} from '../../source/state/reducer.js';
import type {ResourceKind} from '../../source/state/resources.js';
import {createStore, type Store} from '../../source/state/store.js';
import type {Action, PaneId, State} from '../../source/state/types.js';
import {connectCapturingEvents, mulberry32} from '../helpers/churn.js';
import {IMAGE, RUN_ID, sleep, TEST_LABEL, testEngine, waitFor} from '../helpers/engine.js';

const execFileP = promisify(execFile);
const CHURN = 'berth.churn2';
const SEEDS = process.env['BERTH_CHURN_SEEDS'] ? process.env['BERTH_CHURN_SEEDS'].split(',').map(Number) : [21, 22, 23, 24];
/** the property: the model equals the engine this long after the last event */
const BOUND_MS = 3000;
const KINDS: ResourceKind[] = ['volumes', 'networks', 'images'];


/** The docker CLI; stdout even when it exits non-zero (an inspect of several, one gone). */
async function cli(...args: string[]): Promise<string> {
	try {
		return (await execFileP('docker', args, {encoding: 'utf8'})).stdout.trim();
	} catch (err) {
		const out = (err as {stdout?: string}).stdout;
		if (out !== undefined && args[0] === 'inspect') return out.trim();
		throw err;
	}
}

/** Per object: the names of the seed's containers that use it (sorted). */
type Usage = Record<string, string[]>;
type Truth = Record<ResourceKind, Usage>;

/** The engine's truth about the seed's objects, from the docker CLI. */
async function truth(prefix: string, repo: string): Promise<Truth> {
	const [vols, nets, imgs, ids] = await Promise.all([
		cli('volume', 'ls', '-q', '--filter', `name=${prefix}`),
		cli('network', 'ls', '--filter', `name=${prefix}`, '--format', '{{.Name}}'),
		cli('images', repo, '--format', '{{.Repository}}:{{.Tag}}'),
		cli('ps', '-aq', '--no-trunc', '--filter', `label=${CHURN}=${prefix}`),
	]);
	const t: Truth = {volumes: {}, networks: {}, images: {}};
	for (const v of vols.split('\n').filter((x) => x.startsWith(prefix))) t.volumes[v] = [];
	for (const n of nets.split('\n').filter((x) => x.startsWith(prefix))) t.networks[n] = [];
	for (const i of imgs.split('\n').filter((x) => x.startsWith(`${repo}:`))) t.images[i] = [];
	const list = ids.split('\n').filter(Boolean);
	const rows = list.length ? await cli('inspect', '-f', '{{.Name}}|{{.State.Status}}|{{range .Mounts}}{{if eq .Type "volume"}}{{.Name}},{{end}}{{end}}|{{range $k, $v := .NetworkSettings.Networks}}{{$k}},{{end}}', ...list) : '';
	for (const line of rows.split('\n').filter(Boolean)) {
		const [name, state, mounts, networks] = line.split('|') as [string, string, string, string];
		if (state === 'removing' || state === 'dead') continue;
		const n = name.replace(/^\//, '');
		for (const v of mounts.split(',').filter(Boolean)) t.volumes[v]?.push(n);
		for (const x of networks.split(',').filter(Boolean)) t.networks[x]?.push(n);
		// every container of the seed runs the test image: each of the seed's tags names it
		for (const i of Object.keys(t.images)) t.images[i]!.push(n);
	}
	for (const u of Object.values(t)) for (const k of Object.keys(u)) u[k]!.sort();
	return t;
}

/** The model's view of the same objects. */
function model(s: State, kind: ResourceKind, prefix: string, repo: string): Usage {
	const mine = (refs: Array<{name: string; state: string}>) =>
		refs
			.filter((r) => r.name.startsWith(prefix) && r.state !== 'removing' && r.state !== 'dead')
			.map((r) => r.name)
			.sort();
	const u: Usage = {};
	if (kind === 'volumes') for (const v of s.resources.volumes.items) if (v.name.startsWith(prefix)) u[v.name] = mine(v.used_by);
	if (kind === 'networks') for (const n of s.resources.networks.items) if (n.name.startsWith(prefix)) u[n.name] = mine(n.containers);
	if (kind === 'images') for (const i of s.resources.images.items) for (const t of i.repo_tags) if (t.startsWith(`${repo}:`)) u[t] = mine(i.used_by);
	return sortKeys(u);
}

const sortKeys = (u: Usage): Usage => Object.fromEntries(Object.entries(u).sort(([a], [b]) => a.localeCompare(b)));

function diff(kind: string, m: Usage, t: Usage): string {
	const lines: string[] = [];
	for (const k of new Set([...Object.keys(m), ...Object.keys(t)])) {
		if (!(k in t)) lines.push(`  ${kind}: the model has ${k} that the engine does not`);
		else if (!(k in m)) lines.push(`  ${kind}: the engine has ${k} that the model does not`);
		else if (JSON.stringify(m[k]) !== JSON.stringify(t[k])) lines.push(`  ${kind} ${k}: used by, engine [${t[k]!.join(' ')}], model [${m[k]!.join(' ')}]`);
	}
	return lines.join('\n');
}

/** Is this event about the seed's objects? (the same test on the watcher's events and the pane's rows) */
const about = (r: EventRow, prefix: string) => r.actor.includes(prefix) || r.attrs.includes(prefix) || r.image.includes(prefix);
const rowKey = (r: EventRow) => `${r.time} ${r.type} ${r.action} ${r.actor} ${r.id} ${r.image} ${r.attrs}`;

/** The test's own /events stream: every event about the seed's objects, and the time of the last one. */
async function watch(engine: Engine, prefix: string, signal: AbortSignal) {
	const stream = (await dockerOf(engine).getEvents({abortSignal: signal} as never)) as unknown as Readable;
	const w = {last: Date.now(), rows: [] as EventRow[], all: 0};
	onJsonLines<Record<string, unknown>>(stream, signal, (raw) => {
		const e: EngineEvent = toEngineEvent(raw);
		w.all++;
		const r = eventRow(e, 0);
		if (!about(r, prefix)) return;
		w.rows.push(r);
		w.last = Date.now();
	}).catch(() => undefined);
	return w;
}

interface Rig {
	store: Store<State, Action>;
	fx: Effects;
	/** the sync's /events streams as opened */
	streams: Readable[];
}

async function rig(): Promise<Rig> {
	const store = createStore(reducer, initialState());
	const streams: Readable[] = [];
	const fx = startEffects(store, {
		events: {batchMs: 50},
		sync: {
			backoffMs: {initial: 300, max: 2000},
			connect: async () => {
				return connectCapturingEvents(streams);
			},
		},
	});
	await waitFor(() => store.getState().connection.status === 'connected', 'connected', 15_000);
	return {store, fx, streams};
}

const show = (r: Rig, pane: PaneId) => r.store.dispatch({type: 'ui/pane', pane});

type Op = () => Promise<unknown>;

/** One seed's objects and its random plan. */
function plan(engine: Engine, seed: number, prefix: string, repo: string, log: string[]) {
	const rnd = mulberry32(seed);
	const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
	const api = () => dockerOf(engine);
	const viaCli = () => rnd() < 0.5;
	let n = 0;
	const vols: string[] = [];
	const nets: string[] = [];
	const tags: string[] = [];
	const ctrs: string[] = [];
	/** started ones: the engine emits no event at all when a container that is not running is connected to a network */
	const running = new Set<string>();
	const labels = {[TEST_LABEL]: RUN_ID, [CHURN]: prefix};
	const labelArgs = ['--label', `${TEST_LABEL}=${RUN_ID}`, '--label', `${CHURN}=${prefix}`];
	const newVolume = (): Op => {
		const name = `${prefix}v${++n}`;
		vols.push(name);
		return () => (viaCli() ? cli('volume', 'create', ...labelArgs, name) : api().createVolume({Name: name, Labels: labels}));
	};
	// few networks at once: the engine's address pools are shared with every other run
	const newNetwork = (): Op => {
		const name = `${prefix}n${++n}`;
		nets.push(name);
		return () => (viaCli() ? cli('network', 'create', ...labelArgs, name) : api().createNetwork({Name: name, Labels: labels, CheckDuplicate: true}));
	};
	const newTag = (): Op => {
		const t = `${repo}:t${++n}`;
		tags.push(t);
		return () => (viaCli() ? cli('tag', IMAGE, t) : api().getImage(IMAGE).tag({repo, tag: t.slice(repo.length + 1)}));
	};
	const run = (): Op => {
		const name = `${prefix}c${++n}`;
		ctrs.push(name);
		const start = rnd() < 0.7;
		if (start) running.add(name);
		// a volume by name (a missing one is created by the engine, unlabelled: it still carries the prefix)
		const vol = rnd() < 0.7 ? (vols.length && rnd() < 0.8 ? pick(vols) : `${prefix}v${++n}`) : null;
		if (vol && !vols.includes(vol)) vols.push(vol);
		const net = nets.length && rnd() < 0.5 ? pick(nets) : null;
		const image = tags.length && rnd() < 0.5 ? pick(tags) : IMAGE;
		return () => (viaCli() ? cli(start ? 'run' : 'create', ...(start ? ['-d'] : []), '--init', ...labelArgs, '--name', name, ...(vol ? ['-v', `${vol}:/data`] : []), ...(net ? ['--network', net] : []), image, 'sleep', '600') : api().createContainer({name, Image: image, Cmd: ['sleep', '600'], Labels: labels, HostConfig: {Init: true, ...(vol ? {Binds: [`${vol}:/data`]} : {}), ...(net ? {NetworkMode: net} : {})}}).then((c) => (start ? c.start() : undefined)));
	};
	type Kind = 'volume' | 'volume-rm' | 'network' | 'network-rm' | 'tag' | 'rmi' | 'run' | 'rm' | 'rename' | 'connect' | 'disconnect';
	const ops: Array<[number, Kind, () => Op | null]> = [
		[3, 'volume', newVolume],
		[2, 'volume-rm', () => (vols.length ? ((v) => () => (viaCli() ? cli('volume', 'rm', v) : api().getVolume(v).remove()))(pick(vols)) : null)],
		[1, 'network', () => (nets.length < 3 ? newNetwork() : null)],
		[1, 'network-rm', () => (nets.length ? ((x) => () => (viaCli() ? cli('network', 'rm', x) : api().getNetwork(x).remove()))(pick(nets)) : null)],
		[2, 'tag', newTag],
		[2, 'rmi', () => (tags.length ? ((t) => () => (viaCli() ? cli('rmi', t) : api().getImage(t).remove()))(pick(tags)) : null)],
		[4, 'run', run],
		[3, 'rm', () => (ctrs.length ? ((c) => () => (viaCli() ? cli('rm', '-f', c) : api().getContainer(c).remove({force: true})))(pick(ctrs)) : null)],
		[2, 'rename', () => {
			if (!ctrs.length) return null;
			const i = Math.floor(rnd() * ctrs.length);
			const from = ctrs[i]!;
			const to = `${prefix}r${++n}`;
			ctrs[i] = to;
			if (running.delete(from)) running.add(to);
			return () => (viaCli() ? cli('rename', from, to) : api().getContainer(from).rename({name: to}));
		}],
		[2, 'connect', () => (running.size && nets.length ? ((c, x) => () => (viaCli() ? cli('network', 'connect', x, c) : api().getNetwork(x).connect({Container: c})))(pick([...running]), pick(nets)) : null)],
		[2, 'disconnect', () => (ctrs.length && nets.length ? ((c, x) => () => (viaCli() ? cli('network', 'disconnect', x, c) : api().getNetwork(x).disconnect({Container: c})))(pick(ctrs), pick(nets)) : null)],
	];
	const weighted = ops.flatMap(([w, kind, f]) => Array.from({length: w}, () => ({kind, f})));
	return {
		rnd,
		pick,
		/** a few objects of each kind before the panes first list */
		async seedObjects() {
			await Promise.allSettled([newVolume(), newVolume(), newNetwork(), newTag(), newTag()].map((op) => op()));
			await Promise.allSettled([run(), run(), run()].map((op) => op()));
		},
		/** one burst of parallel operations (failures — a volume in use, a rename of a removed one — are part of the churn) */
		async burst(r: number) {
			const t0 = Date.now();
			const burst: Op[] = [];
			// Docker 20.10 leaves a ghost when a rename races a removal of one container: never both in one burst
			const size = 3 + Math.floor(rnd() * 6);
			const touched = new Set<string>();
			for (let k = 0; k < size; k++) {
				const {kind, f} = pick(weighted);
				if ((kind === 'rm' || kind === 'rename') && [...touched].some((x) => x.startsWith('c:'))) continue;
				const op = f();
				if (!op) continue;
				if (kind === 'rm' || kind === 'rename') touched.add('c:');
				burst.push(op);
			}
			const results = await Promise.allSettled(burst.map((op) => op()));
			log.push(`round ${r}: ${results.filter((x) => x.status === 'fulfilled').length}/${burst.length} ok in ${Date.now() - t0} ms`);
		},
	};
}

/** Remove everything a seed made: containers (by label), then volumes, networks (by prefix), tags (by repo). */
async function sweep(prefix: string, repo: string) {
	const ids = (await cli('ps', '-aq', '--filter', `label=${CHURN}=${prefix}`).catch(() => '')).split('\n').filter(Boolean);
	if (ids.length) await cli('rm', '-f', ...ids).catch(() => undefined);
	const vols = (await cli('volume', 'ls', '-q', '--filter', `name=${prefix}`).catch(() => '')).split('\n').filter((v) => v.startsWith(prefix));
	if (vols.length) await cli('volume', 'rm', '-f', ...vols).catch(() => undefined);
	const nets = (await cli('network', 'ls', '--filter', `name=${prefix}`, '--format', '{{.Name}}').catch(() => '')).split('\n').filter((v) => v.startsWith(prefix));
	for (const x of nets) await cli('network', 'rm', x).catch(() => undefined);
	const tags = (await cli('images', repo, '--format', '{{.Repository}}:{{.Tag}}').catch(() => '')).split('\n').filter((t) => t.startsWith(`${repo}:`));
	if (tags.length) await cli('rmi', ...tags).catch(() => undefined);
}

describe('images, volumes, networks and events panes converge on the engine under random churn (property, several seeds)', () => {
	let engine: Engine;
	before(async () => {
		engine = await testEngine();
	});
	after(() => undefined);

	for (const seed of SEEDS) {
		const final = KINDS[seed % KINDS.length]!;
		const cut = seed % 2 === 0;
		it(`seed ${seed}: ${BOUND_MS} ms after the last event the ${final} pane (kept up by events${cut ? ', the /events stream cut mid-run' : ''}) and then the others equal the engine; the events pane has every event once, in order`, async () => {
			const id = `${process.pid.toString(36)}${seed}${Date.now().toString(36)}`;
			const prefix = `bt-churn2-${id}-`;
			const repo = `bt-churn2-${id}`;
			const log: string[] = [];
			const ac = new AbortController();
			let r: Rig | null = null;
			try {
				const w = await watch(engine, prefix, ac.signal);
				const p = plan(engine, seed, prefix, repo, log);
				await p.seedObjects();
				r = await rig();
				// the events pane promises the events from its start on (it may have a few from before: the sync replays)
				const from = new Date(Date.now()).toISOString();
				show(r, p.pick(KINDS));
				const rounds = 9;
				const budget = Date.now() + 5000;
				for (let k = 0; k < rounds; k++) {
					// bounded in time as well as in size (a loaded engine slows every op): the middle rounds go first
					if (k >= 3 && k < rounds - 4 && Date.now() > budget) continue;
					// the last rounds run with the final pane shown; before, the pane wanders (hidden, shown again)
					if (k === rounds - 4 || (k >= rounds - 4 && r.store.getState().ui.pane !== final)) show(r, final);
					else if (k < rounds - 4 && p.rnd() < 0.4) show(r, p.pick<PaneId>(['containers', 'events', ...KINDS]));
					if (cut && k === rounds - 3) {
						// the dashboard's one /events stream dies under it (as a proxy or the engine would cut it)
						const s = r.streams.at(-1)! as Readable & {socket?: {destroy(): void}};
						s.socket!.destroy();
						log.push('stream cut');
					}
					await p.burst(k);
					if (p.rnd() < 0.5) await sleep(Math.floor(p.rnd() * 150));
				}
				show(r, final);
				if (cut) await waitFor(() => r!.streams.length >= 2 && r!.store.getState().connection.status === 'connected', 'the sync reopened /events', 10_000).catch((err) => assert.fail(`${(err as Error).message}: ${r!.streams.length} streams, ${JSON.stringify(r!.store.getState().connection)}`));
				// quiet: BOUND_MS after the last event about the seed's objects
				const deadline = Date.now() + 30_000;
				for (;;) {
					const wait = w.last + BOUND_MS - Date.now();
					if (wait > 0) {
						assert.ok(Date.now() < deadline, `seed ${seed}: never went quiet`);
						await sleep(wait);
						continue;
					}
					const seen = w.rows.length;
					const t = await truth(prefix, repo);
					const m = model(r.store.getState(), final, prefix, repo);
					if (w.rows.length !== seen) continue;
					const d = diff(final, m, t[final]);
					assert.ok(!d, `seed ${seed}: ${BOUND_MS} ms after the last of ${seen} events the ${final} pane (shown) differs from the engine:\n${d}\n${log.join('; ')}`);
					assert.deepEqual(m, sortKeys(t[final]));
					log.push(`${final}: ${Object.keys(m).length} objects`);
					break;
				}
				// the other panes: shown now, equal within BOUND_MS
				for (const kind of KINDS.filter((k) => k !== final)) {
					show(r, kind);
					const shown = Date.now();
					const t = await truth(prefix, repo);
					let m = model(r.store.getState(), kind, prefix, repo);
					while (diff(kind, m, t[kind]) && Date.now() - shown < BOUND_MS) {
						await sleep(100);
						m = model(r.store.getState(), kind, prefix, repo);
					}
					const d = diff(kind, m, t[kind]);
					assert.ok(!d, `seed ${seed}: ${BOUND_MS} ms after it was shown the ${kind} pane differs from the engine:\n${d}\n${log.join('; ')}`);
					log.push(`${kind}: ${Object.keys(m).length} objects`);
				}
				// the events pane: every event about the seed's objects, once each, in order
				await sleep(200);
				const ev = r.store.getState().events;
				const got = ev.rows.filter((x) => about(x, prefix) && x.time >= from).map(rowKey);
				const want = w.rows.filter((x) => x.time >= from).map(rowKey);
				// other runs' events may have pushed the oldest of ours out of the ring: then compare what is kept
				const expect = ev.dropped > 0 ? want.slice(Math.max(0, want.length - got.length)) : want;
				const count = (xs: string[]) => xs.reduce((m, k) => m.set(k, (m.get(k) ?? 0) + 1), new Map<string, number>());
				const [cg, ce] = [count(got), count(expect)];
				const missing = [...ce].filter(([k, c]) => (cg.get(k) ?? 0) < c).map(([k]) => k);
				const extra = [...cg].filter(([k, c]) => (ce.get(k) ?? 0) < c).map(([k]) => k);
				assert.ok(missing.length === 0 && extra.length === 0, `seed ${seed}: the events pane lacks ${missing.length} and has ${extra.length} too many (twice, or never emitted) of the engine's ${want.length} events about the seed (it has ${got.length}, dropped ${ev.dropped}):\n- ${missing.slice(0, 8).join('\n- ')}\n+ ${extra.slice(0, 8).join('\n+ ')}\n${log.join('; ')}`);
				// in order: the engine publishes concurrent events to each subscriber in its own goroutine
				// (and replays them in log order), so two streams may differ in the order of events a few
				// ms apart; beyond that, the pane shows no event before one the engine stamped earlier
				const JITTER_MS = 50;
				let newest = '';
				for (const k of got) {
					const t = k.slice(0, 24);
					assert.ok(!newest || Date.parse(t) >= Date.parse(newest) - JITTER_MS, `seed ${seed}: the events pane shows ${k} after an event of ${newest}`);
					if (t > newest) newest = t;
				}
				log.push(`${want.length} events`);
				console.log(`seed ${seed}: ${log.join('; ')}`);
			} catch (err) {
				console.log(`seed ${seed} failed (${log.join('; ')})`);
				throw err;
			} finally {
				r?.fx.stop();
				ac.abort();
				await sweep(prefix, repo);
			}
		});
	}
});
