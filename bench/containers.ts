/**
 * The bench's own containers: labelled berth.bench=<run id>, named bb-*, always --init, created in
 * parallel through the engine layer's dockerode client, and removed by label (also after Ctrl-C).
 */
import {connectEngine, type Engine} from '../source/engine/connection.js';
import {dockerOf} from '../source/engine/client.js';

export const IMAGE = 'tuitest/busybox:latest';
export const LABEL = 'berth.bench';
export const RUN_ID = `${process.pid}-${Date.now().toString(36)}`;
/** the issue allows the bench at most this many containers at once */
export const MAX_CONTAINERS = 220;

/** busybox awk: `n` numbered lines, then 0.1 s of sleep, forever (busybox seq has no -f) */
function burst(n: number, word: string): string {
	return `BEGIN{for(;;){for(i=0;i<${n};i++) print "${word} line " k++ " the quick brown fox jumps over the lazy dog"; fflush(); system("usleep 100000")}}`;
}

export const CMD = {
	/** a line a second (the reference load) */
	ticker: ['sh', '-c', 'while :; do echo tick $(date +%s); sleep 1; done'],
	/** running, printing nothing: "nothing changing" */
	quiet: ['sleep', '3600'],
	/** about 10,000 lines a second: 1,000 lines every 0.1 s */
	busy: ['awk', burst(1000, 'busy')],
	/** for the ingestion figure: 3,000 lines every 0.1 s (≤ 30,000/s) */
	firehose: ['awk', burst(3000, 'firehose')],
} as const;
export type Kind = keyof typeof CMD;

let engine: Engine | null = null;
export async function benchEngine(): Promise<Engine> {
	engine ??= await connectEngine({timeoutMs: 10_000});
	return engine;
}

export interface Made {
	id: string;
	name: string;
}

let made = 0;

/** Name and extra labels of the i-th container of a batch (default: bb-<run>-<tag>-<i>, no labels). */
export type Namer = (i: number) => {name: string; labels?: Record<string, string>};

/**
 * A compose project as docker-compose 1.29.2 labels it (`docker-compose -p PROJECT up -d` of one
 * service per container): berth, lazydocker and `docker-compose ps` group these as one project.
 * Set by hand through the engine API so creating 100 of them takes seconds, not a compose run.
 */
export function composeNamer(project: string, firstService = 0): Namer {
	return (i) => {
		const service = `svc${String(firstService + i).padStart(3, '0')}`;
		return {
			name: `${project}_${service}_1`,
			labels: {
				'com.docker.compose.project': project,
				'com.docker.compose.service': service,
				'com.docker.compose.container-number': '1',
				'com.docker.compose.oneoff': 'False',
				'com.docker.compose.version': '1.29.2',
				'com.docker.compose.config-hash': '0'.repeat(64),
				'com.docker.compose.project.working_dir': `/tmp/${project}`,
				'com.docker.compose.project.config_files': `/tmp/${project}/docker-compose.yml`,
			},
		};
	};
}

/** The compose project name of this run (compose v1 allows [a-z0-9_-]). */
export const PROJECT = `bbproj${RUN_ID.replace(/[^a-z0-9]/gi, '').toLowerCase()}`;

/** Create and start `count` containers of a kind, `parallel` at a time. */
export async function createContainers(kind: Kind, count: number, tag: string, parallel = 8, namer?: Namer): Promise<Made[]> {
	// containers being removed still count until removeContainers() has finished
	if (made + count > MAX_CONTAINERS) throw new Error(`the bench may create at most ${MAX_CONTAINERS} containers (asked ${made + count})`);
	made += count;
	const docker = dockerOf(await benchEngine());
	const out: Made[] = [];
	let next = 0;
	const worker = async () => {
		while (next < count) {
			const i = next++;
			const named = namer?.(i);
			const name = named?.name ?? `bb-${RUN_ID}-${tag}-${String(i).padStart(3, '0')}`;
			const c = await docker.createContainer({
				name,
				Image: IMAGE,
				Cmd: [...CMD[kind]],
				Labels: {...named?.labels, [LABEL]: RUN_ID, 'berth.bench.kind': kind},
				HostConfig: {Init: true, NetworkMode: 'none', LogConfig: {Type: 'json-file', Config: {'max-size': '5m', 'max-file': '2'}}},
			});
			await c.start();
			out.push({id: c.id, name});
		}
	};
	await Promise.all(Array.from({length: Math.min(parallel, count)}, worker));
	return out.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Remove some of this run's containers (force, with volumes): in batches of 25, 6 at a time, with a
 * short pause between batches (removing 200 at once has hung dockerd 20.10).
 */
export async function removeContainers(list: Made[], parallel = 6, batch = 25): Promise<void> {
	const docker = dockerOf(await benchEngine());
	for (let b = 0; b < list.length; b += batch) {
		const part = list.slice(b, b + batch);
		let next = 0;
		const worker = async () => {
			while (next < part.length) {
				const c = part[next++]!;
				try {
					await docker.getContainer(c.id).remove({force: true, v: true});
				} catch {
					// gone already
				}
			}
		};
		await Promise.all(Array.from({length: Math.min(parallel, part.length)}, worker));
		made = Math.max(0, made - part.length);
		if (b + batch < list.length) await new Promise((r) => setTimeout(r, 300));
	}
}

/** Remove everything labelled with this run id, or (sweep) of bench runs whose process is gone. */
export async function cleanupBench(opts: {sweepDead?: boolean} = {}): Promise<number> {
	const docker = dockerOf(await benchEngine());
	const all = await docker.listContainers({all: true, filters: {label: [LABEL]}});
	const doomed = all.filter((c) => {
		const run = c.Labels[LABEL] ?? '';
		if (run === RUN_ID) return true;
		if (!opts.sweepDead) return false;
		const pid = Number(run.split('-')[0]);
		try {
			return !(pid > 0 && process.kill(pid, 0));
		} catch {
			return true;
		}
	});
	await removeContainers(doomed.map((c) => ({id: c.Id, name: c.Names[0] ?? c.Id})));
	made = 0;
	return doomed.length;
}
