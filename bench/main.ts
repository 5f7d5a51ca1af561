/**
 * `npm run bench [-- --quick] [-- --only launch,idle,…]`: berth's performance figures against the
 * targets of issue 7, measured on the real engine with the built CLI in a real terminal.
 * scripts/bench.mjs starts the engine and builds dist/cli.js first.
 */
import {parseArgs} from 'node:util';
import {fileURLToPath} from 'node:url';
import {benchEngine, cleanupBench, createContainers, MAX_CONTAINERS, removeContainers, RUN_ID, type Made} from './containers.js';
import type {Ctx} from './context.js';
import {idle} from './figures/idle.js';
import {ingest} from './figures/ingest.js';
import {interactive} from './figures/interactive.js';
import {launch} from './figures/launch.js';
import {sockets} from './figures/sockets.js';
import {stats} from './figures/stats.js';
import {versus} from './figures/versus.js';
import {line, machine, writeLatest, type Figure} from './report.js';
import {killAllTuis} from './tui.js';
import {killAllWorkers} from './worker.js';

export const FIGURES = ['launch', 'idle', 'ingest', 'stats', 'sockets', 'keys', 'rss', 'versus'] as const;

const HELP = `npm run bench [-- options]
  --quick          short windows, 100 containers for the 200-container figures (about 2 minutes)
  --only a,b       only these figures: ${FIGURES.join(', ')}
  --cli PATH       measure this built cli.js instead of dist/cli.js (not rebuilt)
  --help           this text
Writes .bench/latest.json. Containers are labelled berth.bench=<run id> and removed at the end.`;

async function main(): Promise<number> {
	const {values} = parseArgs({options: {quick: {type: 'boolean', default: false}, only: {type: 'string', multiple: true}, cli: {type: 'string'}, help: {type: 'boolean', default: false}}});
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
	const want = (f: (typeof FIGURES)[number]) => only.size === 0 || only.has(f);
	const root = fileURLToPath(new URL('..', import.meta.url));
	const quick = values.quick;
	const start = Date.now();
	const log = (msg: string) => process.stderr.write(`[bench ${((Date.now() - start) / 1000).toFixed(0).padStart(4)} s] ${msg}\n`);
	const engine = await benchEngine();
	const u = new URL(engine.target.url);
	const ctx: Ctx = {quick, root, cli: values.cli ?? `${root}dist/cli.js`, sock: u.protocol === 'unix:' ? u.pathname : '', log, window: (q, f) => (quick ? q : f)};
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
		void cleanupBench().finally(() => process.exit(130));
	});

	const swept = await cleanupBench({sweepDead: true});
	if (swept) log(`removed ${swept} containers of earlier, dead bench runs`);
	const {docker} = engine;
	const others = (await docker.listContainers()).length;
	const m = machine();
	log(`run ${RUN_ID}${quick ? ' (quick)' : ''}; ${m.nproc} × ${m.model}, ${m.memoryGiB} GiB; ${others} other running containers on the engine`);

	// quick mode: 100 instead of 200 for the "200 containers" figures (creating 200 alone takes ~30 s here)
	const BIG = quick ? 100 : 200;
	const quiet: Made[] = [];
	const grow = async (n: number) => {
		if (quiet.length >= n) return;
		const t = Date.now();
		quiet.push(...(await createContainers('quiet', n - quiet.length, `q${quiet.length}`)));
		log(`${quiet.length} quiet containers running (${((Date.now() - t) / 1000).toFixed(1)} s to create)`);
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
			let tickers: Made[];
			if (gone.length + 50 <= MAX_CONTAINERS) [, tickers] = await Promise.all([removeContainers(gone), createContainers('ticker', 50, 'tick')]);
			else {
				await removeContainers(gone);
				tickers = await createContainers('ticker', 50, 'tick');
			}
			log(`50 ticker containers running (${((Date.now() - t) / 1000).toFixed(1)} s to create)`);
			await step('versus', () => versus(ctx, tickers));
		}
	} finally {
		killAllTuis();
		killAllWorkers();
		const n = await cleanupBench();
		log(`removed ${n} bench containers`);
	}

	const pass = figures.filter((f) => f.pass === true).length;
	const miss = figures.filter((f) => f.pass === false).length;
	console.log(`\nberth bench${quick ? ' (quick)' : ''} — ${m.nproc} × ${m.model}, ${m.memoryGiB} GiB, node ${m.node}, ${((Date.now() - start) / 1000).toFixed(0)} s`);
	for (const f of figures) console.log(line(f));
	console.log(`${pass} pass, ${miss} miss${errors.length ? `, ${errors.length} could not be measured` : ''}`);
	const path = writeLatest(root.replace(/\/$/, ''), {runId: RUN_ID, quick, started: new Date(start).toISOString(), finished: new Date().toISOString(), figures, errors});
	console.log(`figures written to ${path}`);
	return 0;
}

main().then(
	(code) => process.exit(code),
	async (err: unknown) => {
		console.error(`bench: ${(err as Error).stack ?? String(err)}`);
		killAllTuis();
		killAllWorkers();
		await cleanupBench().catch(() => 0);
		process.exit(1);
	},
);
