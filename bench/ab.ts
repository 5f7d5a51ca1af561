/**
 * `npx tsx bench/ab.ts --cli A.js --cli B.js [--rounds 3] [--window 30] [--cols 200 --rows 50]`:
 * interleaved A/B of berth builds in issue 16's scenario (50 tickers, 25 in one compose project),
 * each build alone in a tmux pane, nothing pressed. Per window: the process tree's CPU (utime +
 * stime from /proc), frames (Ink's synchronized-output marks in the pane's output), bytes written,
 * and from them CPU per frame and bytes per frame. For comparing builds on a shared machine, where
 * one 30 s window of one build says little: the builds take turns, so load drifts hit all of them.
 * `--containers N` (default 50), `--env K=V` (every client), `--settle S` (default 60: uptimes
 * redraw every 10 s in a container's first minute). Containers are the bench's (labelled, removed
 * at the end). `--floor` and `--docker-stats` add, in the same rounds, the floor (bench/workers/
 * scenario-floor.ts, bundled, with the first build's node flags: the same log streams and stats
 * reads as berth, no drawing) and `docker stats`, each alone in the same pane; `--frame-cost`
 * measures each build's CPU per frame drawing only (bench/workers/frame-cost.ts, after the rounds;
 * `--frame-every MS` a frame each MS, default 100); `--floor-parts` the floor's halves apart (its
 * log streams only, its stats reads only).
 */
import {mkdtempSync, readdirSync, readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {parseArgs} from 'node:util';
import {buckets, summarise} from './figures/profile.js';
import {keys200} from './figures/lighter.js';
import {cleanupBench, composeNamer, createContainers, PROJECT, removeContainers, type Made} from './containers.js';
import {shebangFlags} from './context.js';
import {bundleWorker} from './bundle.js';
import {spawnSync} from 'node:child_process';
import {treeCpuSeconds, treeRssBytes} from './proc.js';
import {sleep} from './stats.js';
import {killAllPanes, TmuxPane} from './tmux.js';

interface Win {
	cli: string;
	round: number;
	cpuPct: number;
	frames: number;
	framesPerS: number;
	cpuMsPerFrame: number;
	bytesPerFrame: number;
	bytesPerS: number;
	rssMB: number;
	load: string;
}

async function main() {
	const {values} = parseArgs({
		options: {
			cli: {type: 'string', multiple: true},
			rounds: {type: 'string', default: '3'},
			window: {type: 'string', default: '30'},
			warm: {type: 'string', default: '5'},
			settle: {type: 'string', default: '60'},
			containers: {type: 'string', default: '50'},
			cols: {type: 'string', default: '200'},
			rows: {type: 'string', default: '50'},
			env: {type: 'string', multiple: true},
			prof: {type: 'boolean', default: false},
			keys: {type: 'boolean', default: false},
			floor: {type: 'boolean', default: false},
			'docker-stats': {type: 'boolean', default: false},
			'frame-cost': {type: 'boolean', default: false},
			'frame-every': {type: 'string', default: '100'},
			'floor-parts': {type: 'boolean', default: false},
		},
	});
	const builds = values.cli ?? ['dist/cli.js'];
	const root = `${process.cwd()}/`;
	// what each entry runs in the pane: a build, the floor, `docker stats`
	const cmds = new Map<string, string[]>(builds.map((cli) => [cli, [process.execPath, ...shebangFlags(cli), cli]]));
	const paneEnv = new Map<string, Record<string, string>>();
	if (values.floor || values['floor-parts']) {
		const floorCmd = [process.execPath, ...shebangFlags(builds[0]!), await bundleWorker(root, 'scenario-floor')];
		if (values.floor) cmds.set('floor', floorCmd);
		if (values['floor-parts']) {
			for (const part of ['logs', 'stats']) {
				cmds.set(`floor:${part}`, floorCmd);
				paneEnv.set(`floor:${part}`, {BERTH_BENCH_FLOOR: part});
			}
		}
	}
	if (values['docker-stats']) cmds.set('docker-stats', ['docker', 'stats']);
	const clis = [...cmds.keys()];
	const rounds = Number(values.rounds);
	const windowS = Number(values.window);
	const warmS = Number(values.warm);
	const n = Number(values.containers);
	const env = Object.fromEntries((values.env ?? []).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
	const made: Made[] = [];
	const cleanup = async () => {
		killAllPanes();
		await cleanupBench();
	};
	process.on('SIGINT', () => void cleanup().finally(() => process.exit(130)));
	try {
		const half = n / 2;
		const [p, s] = await Promise.all([createContainers('ticker', half, 'p', 4, composeNamer(PROJECT, 0)), createContainers('ticker', half, 's', 4)]);
		made.push(...p, ...s);
		process.stderr.write(`${made.length} tickers (${half} in ${PROJECT}); settling ${values.settle} s\n`);
		await sleep(Number(values.settle) * 1000);
		const wins: Win[] = [];
		const keyP95 = new Map<string, number[]>();
		for (let r = 0; r < rounds; r++) {
			for (const cli of clis) {
				const profDir = values.prof ? mkdtempSync(join(tmpdir(), 'berth-ab-prof-')) : null;
				const cmd = cmds.get(cli)!;
				const pane = new TmuxPane(profDir && builds.includes(cli) ? [cmd[0]!, ...cmd.slice(1, -1), '--cpu-prof', `--cpu-prof-dir=${profDir}`, cli] : cmd, {cols: Number(values.cols), rows: Number(values.rows), env: {...env, ...paneEnv.get(cli)}});
				try {
					await sleep(warmS * 1000);
					const c0 = treeCpuSeconds(pane.pid);
					const b0 = pane.bytes();
					const t0 = process.hrtime.bigint();
					const fromUs = Number(t0 / 1000n);
					await sleep(windowS * 1000);
					const c1 = treeCpuSeconds(pane.pid);
					const b1 = pane.bytes();
					const wall = Number(process.hrtime.bigint() - t0) / 1e9;
					const frames = pane.framesBetween(b0, b1);
					const cpu = c1 - c0;
					const w: Win = {
						cli,
						round: r + 1,
						cpuPct: (cpu / wall) * 100,
						frames,
						framesPerS: frames / wall,
						cpuMsPerFrame: frames ? (cpu * 1000) / frames : NaN,
						bytesPerFrame: frames ? (b1 - b0) / frames : NaN,
						bytesPerS: (b1 - b0) / wall,
						rssMB: treeRssBytes(pane.pid) / 2 ** 20,
						load: readFileSync('/proc/loadavg', 'utf8').split(' ')[0]!,
					};
					wins.push(w);
					process.stderr.write(`round ${w.round} ${cli}: cpu ${w.cpuPct.toFixed(2)} %, ${w.frames} frames (${w.framesPerS.toFixed(2)}/s), ${w.cpuMsPerFrame.toFixed(1)} ms/frame, ${w.bytesPerFrame.toFixed(0)} B/frame, ${(w.bytesPerS / 1024).toFixed(1)} KiB/s, rss ${w.rssMB.toFixed(0)} MB, load ${w.load}\n`);
					if (r === rounds - 1 && cli === clis[clis.length - 1]) process.stderr.write(pane.capture().split('\n').slice(0, 6).join('\n') + '\n');
					if (profDir) {
						const toUs = Number(process.hrtime.bigint() / 1000n);
						pane.tmux('send-keys', '-t', '0', 'q');
						for (let i = 0; i < 100 && pane.alive(); i++) await sleep(100);
						const file = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
						if (file) {
							const prof = JSON.parse(readFileSync(join(profDir, file), 'utf8')) as Parameters<typeof summarise>[0];
							const s = summarise(prof, fromUs, toUs);
							process.stderr.write(`  profile ${join(profDir, file)}: main thread busy ${s.busyMs.toFixed(0)} ms; ${buckets(prof, fromUs, toUs).map((b) => `${b.bucket} ${b.ms.toFixed(0)}`).join('; ')}\n${s.top.slice(0, 25).map((t) => `    ${t.ms.toFixed(1).padStart(8)} ms  ${t.fn}`).join('\n')}\n`);
						}
					}
				} finally {
					pane.kill();
				}
				if (values.keys && builds.includes(cli)) {
					// key press → changed frame, 300 j/k at 200×50, the bench's own figure (bench/figures/lighter.ts)
					const ctx = {quick: false, root: `${process.cwd()}/`, cli, sock: '', log: (m: string) => process.stderr.write(`  ${m}\n`), window: (_q: number, f: number) => f, rounds: 1};
					const f = await keys200(ctx, 'ab');
					process.stderr.write(`round ${r + 1} ${cli}: keys p95 ${f.value?.toFixed(1)} ms (${f.note})\n`);
					keyP95.set(cli, [...(keyP95.get(cli) ?? []), f.value ?? NaN]);
				}
			}
		}
		const costs = new Map<string, string>();
		if (values['frame-cost']) {
			const js = await bundleWorker(root, 'frame-cost');
			for (const cli of builds) {
				const r = spawnSync(process.execPath, [...shebangFlags(cli), js, '--cols', values.cols!, '--rows', values.rows!, '--every', values['frame-every']!, '--frames', String(Math.min(150, Math.round(30_000 / Number(values['frame-every']))))], {encoding: 'utf8', timeout: 180_000});
				const line = String(r.stdout).split('\n').find((l) => l.startsWith('{'));
				costs.set(cli, line ?? `failed: ${String(r.stderr).slice(0, 200)}`);
				process.stderr.write(`frame cost ${cli}: ${costs.get(cli)}\n`);
			}
		}
		console.log(`load average at the end: ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
		console.log('cli\tcpu%\tframes/s\tms/frame\tB/frame\tKiB/s\trssMB\trounds cpu%');
		for (const cli of clis) {
			const ws = wins.filter((w) => w.cli === cli);
			const cpu = ws.reduce((a, w) => a + w.cpuPct, 0) / ws.length;
			const fps = ws.reduce((a, w) => a + w.framesPerS, 0) / ws.length;
			const fr = ws.reduce((a, w) => a + w.frames, 0);
			const cpuS = ws.reduce((a, w) => a + (w.cpuPct / 100) * windowS, 0);
			const bytes = ws.reduce((a, w) => a + w.bytesPerS * windowS, 0);
			if (keyP95.has(cli)) console.log(`${cli}\tkeys p95 ${keyP95.get(cli)!.map((v) => v.toFixed(1)).join(', ')} ms`);
			if (costs.has(cli)) console.log(`${cli}\tframe cost (drawing only) ${costs.get(cli)}`);
			console.log(`${cli}\t${cpu.toFixed(2)}\t${fps.toFixed(2)}\t${((cpuS * 1000) / fr).toFixed(1)}\t${(bytes / fr).toFixed(0)}\t${(bytes / ws.length / windowS / 1024).toFixed(1)}\t${Math.max(...ws.map((w) => w.rssMB)).toFixed(0)}\t${ws.map((w) => w.cpuPct.toFixed(2)).join(' ')}`);
		}
	} finally {
		await removeContainers(made);
		await cleanup();
	}
}

main().then(
	() => process.exit(0),
	(err: unknown) => {
		console.error((err as Error).stack);
		void cleanup2().finally(() => process.exit(1));
	},
);

async function cleanup2() {
	killAllPanes();
	await cleanupBench();
}
