/**
 * `npm run bench [-- --quick] [-- --only launch,idle,…]`: berth's performance figures against the
 * targets of issue 7, measured on the real engine with the built CLI in a real terminal.
 * scripts/bench.mjs starts the engine and builds dist/cli.js first.
 */
import {readFileSync} from 'node:fs';
import {parseArgs} from 'node:util';
import {fileURLToPath} from 'node:url';
import {benchEngine, cleanupBench, composeNamer, createContainers, MAX_CONTAINERS, PROJECT, removeContainers, RUN_ID, type Made} from './containers.js';
import type {Ctx} from './context.js';
import {idle} from './figures/idle.js';
import {ingest} from './figures/ingest.js';
import {interactive} from './figures/interactive.js';
import {launch} from './figures/launch.js';
import {firstFrame, keys200, mainScenario, MAIN, statusVs, variant} from './figures/lighter.js';
import {engineOf, loadavg} from './figures/scenario.js';
import {profile} from './figures/profile.js';
import {killAllPanes} from './tmux.js';
import {sockets} from './figures/sockets.js';
import {stats} from './figures/stats.js';
import {versus} from './figures/versus.js';
import {line, machine, writeLatest, type Figure} from './report.js';
import {killAllTuis} from './tui.js';
import {killAllWorkers} from './worker.js';
import {dockerOf} from '../source/engine/client.js';

export const FIGURES = ['launch', 'idle', 'ingest', 'stats', 'sockets', 'keys', 'rss', 'versus', 'scenario', 'variants', 'keys200', 'first', 'status', 'profile'] as const;

const HELP = `npm run bench [-- options]
  --quick          short windows, 100 containers for the 200-container figures (about 7 minutes)
  --only a,b       only these figures: ${FIGURES.join(', ')} (profile: only when named)
  --cli PATH       measure this built cli.js instead of dist/cli.js (not rebuilt)
  --rounds N       rounds of each client's window in the issue-16 scenario (default 1)
  --help           this text
Writes .bench/latest.json. Containers are labelled berth.bench=<run id> and removed at the end.`;

async function main(): Promise<number> {
	const {values} = parseArgs({options: {quick: {type: 'boolean', default: false}, only: {type: 'string', multiple: true}, cli: {type: 'string'}, rounds: {type: 'string'}, help: {type: 'boolean', default: false}}});
	if (values.help) {
		console.log(HELP);
		return 0;
	}
	const only = new Set((values.only ?? []).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean));
	for (const o of only) {
		if (!(FIGURES as readonly string[]).includes(o)) {
			console.error(`bench: unknown figure "${o}" (one of ${FIGURES.join(', ')})`);
			return 2;
		}
	}
	// profile is opt-in: it measures nothing against a target
	const want = (f: (typeof FIGURES)[number]) => (only.size === 0 && f !== 'profile') || only.has(f);
	const root = fileURLToPath(new URL('..', import.meta.url));
	const quick = values.quick;
	const start = Date.now();
	const log = (msg: string) => process.stderr.write(`[bench ${((Date.now() - start) / 1000).toFixed(0).padStart(4)} s] ${msg}\n`);
	const engine = await benchEngine();
	const u = new URL(engine.target.url);
	const ctx: Ctx = {quick, root, cli: values.cli ?? `${root}dist/cli.js`, sock: u.protocol === 'unix:' ? u.pathname : '', log, window: (q, f) => (quick ? q : f), rounds: Math.max(1, Number(values.rounds ?? 1) || 1)};
	const figures: Figure[] = [];
	const errors: string[] = [];
	const step = async (id: string, fn: () => Promise<Figure | Figure[]>) => {
		log(`${id} …`);
		try {
			const r = await fn();
			for (const f of Array.isArray(r) ? r : [r]) {
				figures.push(f);
				process.stdout.write(line(f) + '\n');
			}
		} catch (err) {
			const msg = `${id}: ${(err as Error).message}`;
			errors.push(msg);
			const f: Figure = {id, label: `${id} (failed to measure)`, value: null, unit: '', target: '-', pass: false, note: (err as Error).message.slice(0, 160)};
			figures.push(f);
			process.stdout.write(line(f) + '\n');
		}
	};

	let interrupted = false;
	process.on('SIGINT', () => {
		if (interrupted) return;
		interrupted = true;
		log('interrupted: removing the bench containers …');
		killAllTuis();
		killAllWorkers();
		killAllPanes();
		void cleanupBench().finally(() => process.exit(130));
	});

	const load0 = readFileSync('/proc/loadavg', 'utf8').trim();
	const swept = await cleanupBench({sweepDead: true});
	if (swept) log(`removed ${swept} containers of earlier, dead bench runs`);
	const docker = dockerOf(engine);
	const others = (await docker.listContainers()).length;
	const m = machine();
	log(`run ${RUN_ID}${quick ? ' (quick)' : ''}; ${m.nproc} × ${m.model}, ${m.memoryGiB} GiB; ${others} other running containers on the engine`);

	// quick mode: 100 instead of 200 for the "200 containers" figures (creating 200 alone takes ~30 s here)
	const BIG = quick ? 100 : 200;
	const quiet: Made[] = [];
	let tickers: Made[] = [];
	const grow = async (n: number) => {
		if (quiet.length >= n) return;
		const t = Date.now();
		quiet.push(...(await createContainers('quiet', n - quiet.length, `q${quiet.length}`)));
		log(`${quiet.length} quiet containers running (${((Date.now() - t) / 1000).toFixed(1)} s to create)`);
	};
	/**
	 * Issue 16: N tickers, half one compose project of one service each, half standalone; `berth
	 * status` at 30 first, then the scenario and its variants, then 200 (half in the project).
	 */
	const lighter = async (earlier: Made[]) => {
		const gone = [...quiet.splice(0), ...earlier];
		if (gone.length) await removeContainers(gone);
		const N = quick ? 20 : 50;
		const SMALL = quick ? 10 : 30;
		const LARGE = quick ? 60 : 200;
		const half = N / 2;
		const proj: Made[] = [];
		const solo: Made[] = [];
		const t = Date.now();
		let lastAdded = Date.now();
		// berth redraws uptimes every 10 s in a container's first minute (then every 30 s): the
		// scenario is the steady state, so its windows start once the newest container is a minute old
		const settle = async () => {
			const wait = (quick ? 0 : 60_000) - (Date.now() - lastAdded);
			if (wait > 0) {
				log(`waiting ${(wait / 1000).toFixed(0)} s until the newest container is a minute old`);
				await new Promise((r) => setTimeout(r, wait));
			}
		};
		const add = async (projTo: number, soloTo: number) => {
			const [p, q] = await Promise.all([
				projTo > proj.length ? createContainers('ticker', projTo - proj.length, 'p', 4, composeNamer(PROJECT, proj.length)) : [],
				soloTo > solo.length ? createContainers('ticker', soloTo - solo.length, `s${solo.length}`, 4) : [],
			]);
			proj.push(...p);
			solo.push(...q);
			lastAdded = Date.now();
			log(`${proj.length} containers in project ${PROJECT} + ${solo.length} standalone, all printing a line a second (${((Date.now() - t) / 1000).toFixed(1)} s)`);
		};
		const total = async () => (await docker.listContainers({all: true})).length;
		await add(Math.min(half, SMALL), Math.max(0, SMALL - half));
		if (want('status')) {
			const n = await total();
			await step(`status-${SMALL}`, async () => statusVs(ctx, SMALL, n));
		}
		await add(half, half);
		// narrow panes cut names: the run's short prefix (bb-<pid>-) is enough to tell ours
		const markers = () => [PROJECT, `bb-${RUN_ID.split('-')[0]}-`, ...solo.map((m) => m.name)];
		const engineNow = () => engineOf([...proj, ...solo].map((m) => m.id));
		const sc = (cols: number, rows: number) => ({label: `scenario ${cols}×${rows}, ${N} tickers (${half} in one project)`, cols, rows, containers: N, inProject: half});
		const label = sc(MAIN.cols, MAIN.rows).label;
		if (want('scenario') || want('variants') || want('profile')) await settle();
		if (want('scenario')) await step('scenario', () => mainScenario(ctx, sc(MAIN.cols, MAIN.rows), engineNow(), markers()));
		if (want('variants')) {
			await step('variant-80x24', () => variant(ctx, sc(80, 24), engineNow(), markers()));
			await step('variant-160x50', () => variant(ctx, sc(160, 50), engineNow(), markers()));
		}
		if (want('profile')) await step('profile', () => profile(ctx, MAIN, label));
		if (want('keys200')) await step('keys200', () => keys200(ctx, label));
		if (want('first')) await step('first', () => firstFrame(ctx, label));
		if (want('variants') || want('status')) {
			await add(LARGE / 2, LARGE / 2);
			if (want('variants')) {
				await settle();
				const big = {label: `scenario 200×50, ${LARGE} tickers (${LARGE / 2} in one project)`, cols: MAIN.cols, rows: MAIN.rows, containers: LARGE, inProject: LARGE / 2};
				await step(`variant-${LARGE}`, () => variant(ctx, big, engineNow(), markers()));
			}
			if (want('status')) {
				const n = await total();
				await step(`status-${LARGE}`, async () => statusVs(ctx, LARGE, n));
			}
		}
		const all = [...proj, ...solo];
		const tr = Date.now();
		await removeContainers(all);
		log(`removed the ${all.length} scenario containers in batches of 25 (${((Date.now() - tr) / 1000).toFixed(1)} s)`);
	};

	try {
		if (want('idle')) await step('idle-0', () => idle(ctx, 0, others, 0.3));
		if (want('launch') || want('idle')) await grow(50);
		if (want('launch')) await step('launch', () => launch(ctx));
		if (want('idle')) await step('idle-50', () => idle(ctx, 50, others, 1.5));
		if (want('ingest')) {
			const [fh] = await createContainers('firehose', 1, 'firehose');
			await step('ingest', () => ingest(ctx, fh!));
			await removeContainers([fh!]);
		}
		if (want('idle') || want('stats') || want('sockets') || want('keys') || want('rss')) await grow(BIG);
		if (want('idle')) await step('idle-200', () => idle(ctx, BIG, others, 3));
		if (want('stats')) await step('stats', () => stats(ctx, quiet.length + others));
		if (want('sockets')) await step('sockets', () => sockets(ctx));
		if (want('keys') || want('rss')) {
			await removeContainers(quiet.splice(-1));
			const [busy] = await createContainers('busy', 1, 'busy');
			await step('keys+rss', () => interactive(ctx, busy!, quiet.length + 1));
			await removeContainers([busy!]);
		}
		if (want('versus')) {
			const t = Date.now();
			// removing the quiet ones and creating the tickers overlap when both fit under the cap
			const gone = quiet.splice(0);
			if (gone.length + 50 <= MAX_CONTAINERS) [, tickers] = await Promise.all([removeContainers(gone), createContainers('ticker', 50, 'tick')]);
			else {
				await removeContainers(gone);
				tickers = await createContainers('ticker', 50, 'tick');
			}
			log(`50 ticker containers running (${((Date.now() - t) / 1000).toFixed(1)} s to create)`);
			await step('versus', () => versus(ctx, tickers));
		}
		if (want('scenario') || want('variants') || want('keys200') || want('first') || want('status') || want('profile')) await lighter(tickers);
	} finally {
		killAllTuis();
		killAllWorkers();
		killAllPanes();
		const n = await cleanupBench();
		log(`removed ${n} bench containers`);
	}

	const pass = figures.filter((f) => f.pass === true).length;
	const miss = figures.filter((f) => f.pass === false).length;
	console.log(`\nberth bench${quick ? ' (quick)' : ''} — ${m.nproc} × ${m.model}, ${m.memoryGiB} GiB, node ${m.node}, ${((Date.now() - start) / 1000).toFixed(0)} s; /proc/loadavg ${load0} at the start, ${loadavg()} (1 min) at the end`);
	for (const f of figures) console.log(line(f));
	console.log(`${pass} pass, ${miss} miss${errors.length ? `, ${errors.length} could not be measured` : ''}`);
	const path = writeLatest(root.replace(/\/$/, ''), {runId: RUN_ID, quick, loadavgStart: load0, loadavgEnd: readFileSync('/proc/loadavg', 'utf8').trim(), started: new Date(start).toISOString(), finished: new Date().toISOString(), figures, errors});
	console.log(`figures written to ${path}`);
	return 0;
}

main().then(
	(code) => process.exit(code),
	async (err: unknown) => {
		console.error(`bench: ${(err as Error).stack ?? String(err)}`);
		killAllTuis();
		killAllWorkers();
		killAllPanes();
		await cleanupBench().catch(() => 0);
		process.exit(1);
	},
);
