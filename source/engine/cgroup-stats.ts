/**
 * Stats read at the source: for an engine on this host, the kernel already holds every number
 * `docker stats` shows, in the container's cgroup files (v1 and v2) and its network namespace's
 * /proc/<pid>/net/dev. Reading them once a second costs the engine nothing, where one stats stream
 * per container costs it a collector loop each (ctop's runc connector does the same).
 *
 * The readings are handed out in the engine's own stats JSON shape (RawStats, with `precpu_stats`
 * from the previous reading), so core/stats.ts computes CPU % and memory with the very formulas it
 * applies to the API's samples: CPU % = Δcontainer / Δsystem × online CPUs × 100, where the system
 * figure is /proc/stat's first seven `cpu` fields in ns (as dockerd computes it); memory = usage −
 * inactive_file; the limit is capped at the host's memory (as dockerd reports it).
 *
 * One timer for every watched container (a tick reads them all, so their samples arrive together),
 * running only while something is watched. A container whose files vanish (stopped, removed) ends
 * its watch, as the API's stream ends.
 */
import {readFileSync, readdirSync} from 'node:fs';
import {availableParallelism, totalmem} from 'node:os';
import type {Engine} from './connection.js';
import {watchStats, type RawStats} from './stats.js';
import {containerOf} from './client.js';

/** Where one container's counters live. */
export interface CgroupFiles {
	version: 1 | 2;
	/** v1: the cpuacct, memory, blkio and pids directories; v2: all four are the one directory */
	cpu: string;
	memory: string;
	io: string;
	pids: string;
	/** the container's init process: its /proc/<pid>/net/dev is the container's network */
	pid: number;
}

const read = (p: string) => readFileSync(p, 'utf8');

/** Mount points of the cgroup hierarchies: controller (or '' for the v2 tree) → mount dir, root. */
function cgroupMounts(mountinfo: string): Map<string, {dir: string; root: string}> {
	const out = new Map<string, {dir: string; root: string}>();
	for (const line of mountinfo.split('\n')) {
		const sep = line.indexOf(' - ');
		if (sep < 0) continue;
		const left = line.slice(0, sep).split(' ');
		const [fstype, , superOpts = ''] = line.slice(sep + 3).split(' ');
		const root = unescapeMount(left[3] ?? '/');
		const dir = unescapeMount(left[4] ?? '');
		if (fstype === 'cgroup2') out.set('', {dir, root});
		else if (fstype === 'cgroup') for (const c of superOpts.split(',')) if (c !== 'rw' && c !== 'ro') out.set(c, {dir, root});
	}
	return out;
}

const unescapeMount = (s: string) => s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));

function join(mount: {dir: string; root: string}, path: string): string {
	// a path seen from inside a cgroup namespace or a bind-mounted sub-tree is relative to its root
	const rel = mount.root !== '/' && path.startsWith(mount.root) ? path.slice(mount.root.length) : path;
	return mount.dir + (rel.startsWith('/') ? rel : '/' + rel);
}

/**
 * The cgroup files of the process `pid` (a container's init), or null when they cannot be read.
 * With `id`, the cgroup path must name that container (cgroupfs `/docker/<id>`, systemd
 * `docker-<id>.scope`): a pid from an engine in another pid namespace (rootless, a VM) is some
 * other process here, and its counters must never pass for the container's.
 */
export function locateCgroup(pid: number, id?: string, procRoot = '/proc'): CgroupFiles | null {
	if (!Number.isInteger(pid) || pid <= 0) return null;
	let cg: string;
	let mounts: ReturnType<typeof cgroupMounts>;
	try {
		cg = read(`${procRoot}/${pid}/cgroup`);
		mounts = cgroupMounts(read(`${procRoot}/self/mountinfo`));
	} catch {
		return null;
	}
	const paths = new Map<string, string>();
	for (const line of cg.split('\n')) {
		const m = /^\d+:([^:]*):(.*)$/.exec(line);
		if (!m) continue;
		if (id && !m[2]!.includes(id)) continue;
		if (m[1] === '') paths.set('', m[2]!);
		else for (const c of m[1]!.split(',')) paths.set(c, m[2]!);
	}
	const v1 = (c: string) => {
		const mount = mounts.get(c);
		const path = paths.get(c);
		return mount && path !== undefined ? join(mount, path) : null;
	};
	const cpu = v1('cpuacct');
	const memory = v1('memory');
	if (cpu && memory && exists(`${cpu}/cpuacct.usage`) && exists(`${memory}/memory.usage_in_bytes`)) {
		return {version: 1, cpu, memory, io: v1('blkio') ?? '', pids: v1('pids') ?? '', pid};
	}
	const unified = mounts.get('');
	const path = paths.get('');
	if (unified && path !== undefined) {
		const dir = join(unified, path);
		if (exists(`${dir}/cpu.stat`) && exists(`${dir}/memory.current`)) return {version: 2, cpu: dir, memory: dir, io: dir, pids: dir, pid};
	}
	return null;
}

function exists(p: string): boolean {
	try {
		readFileSync(p);
		return true;
	} catch {
		return false;
	}
}

/** /proc/stat's first line as dockerd reads it: user … softirq (7 fields), clock ticks → ns. */
export function systemCpuNs(procStat: string, ticksPerSecond = 100): number {
	const line = procStat.slice(0, procStat.indexOf('\n') >>> 0);
	const parts = line.trim().split(/\s+/);
	if (parts[0] !== 'cpu' || parts.length < 8) return 0;
	let ticks = 0;
	for (const p of parts.slice(1, 8)) ticks += Number(p) || 0;
	return (ticks * 1e9) / ticksPerSecond;
}

/** "key value" lines (memory.stat, cpu.stat, pids) → numbers. */
export function keyValues(text: string): Record<string, number> {
	const out: Record<string, number> = {};
	for (const line of text.split('\n')) {
		const sp = line.indexOf(' ');
		if (sp > 0) out[line.slice(0, sp)] = Number(line.slice(sp + 1));
	}
	return out;
}

/** Interfaces of a network namespace as dockerd reports them: every one but loopback. */
export function netDev(text: string): Record<string, {rx_bytes: number; tx_bytes: number}> {
	const out: Record<string, {rx_bytes: number; tx_bytes: number}> = {};
	for (const line of text.split('\n').slice(2)) {
		const colon = line.indexOf(':');
		if (colon < 0) continue;
		const name = line.slice(0, colon).trim();
		if (name === 'lo') continue;
		const f = line.slice(colon + 1).trim().split(/\s+/).map(Number);
		out[name] = {rx_bytes: f[0] ?? 0, tx_bytes: f[8] ?? 0};
	}
	return out;
}

/** blkio (v1: "maj:min Read N" lines) or io.stat (v2: "maj:min rbytes=N wbytes=N …") → ops. */
export function blockIo(text: string, version: 1 | 2): Array<{op: string; value: number}> {
	let r = 0;
	let w = 0;
	for (const line of text.split('\n')) {
		if (version === 1) {
			const [, op, v] = line.split(' ');
			if (op === 'Read') r += Number(v) || 0;
			else if (op === 'Write') w += Number(v) || 0;
		} else {
			r += Number(/\brbytes=(\d+)/.exec(line)?.[1] ?? 0);
			w += Number(/\bwbytes=(\d+)/.exec(line)?.[1] ?? 0);
		}
	}
	return [
		{op: 'Read', value: r},
		{op: 'Write', value: w},
	];
}

function tryRead(p: string): string {
	try {
		return read(p);
	} catch {
		return '';
	}
}

/** One reading of a container's counters; throws when its cgroup is gone. */
export function readCgroup(f: CgroupFiles, procRoot = '/proc'): Omit<RawStats, 'read' | 'precpu_stats'> & {cpuNs: number} {
	const hostMem = totalmem();
	let cpuNs: number;
	let usage: number;
	let limit: number;
	let stats: Record<string, number>;
	let blk: string;
	let pids: number;
	if (f.version === 1) {
		cpuNs = Number(read(`${f.cpu}/cpuacct.usage`));
		usage = Number(read(`${f.memory}/memory.usage_in_bytes`));
		limit = Number(read(`${f.memory}/memory.limit_in_bytes`));
		stats = keyValues(read(`${f.memory}/memory.stat`));
		// blkio: the CFQ/BFQ counters when the kernel keeps them, else the throttle ones (as runc reads)
		blk = (f.io && tryRead(`${f.io}/blkio.io_service_bytes_recursive`).trim()) || (f.io ? tryRead(`${f.io}/blkio.throttle.io_service_bytes_recursive`) : '');
		pids = f.pids ? Number(tryRead(`${f.pids}/pids.current`)) || 0 : 0;
	} else {
		cpuNs = (keyValues(read(`${f.cpu}/cpu.stat`))['usage_usec'] ?? 0) * 1000;
		usage = Number(read(`${f.memory}/memory.current`));
		const max = tryRead(`${f.memory}/memory.max`).trim();
		limit = max === '' || max === 'max' ? hostMem : Number(max);
		stats = keyValues(read(`${f.memory}/memory.stat`));
		blk = tryRead(`${f.io}/io.stat`);
		pids = Number(tryRead(`${f.pids}/pids.current`)) || 0;
	}
	if (!Number.isFinite(limit) || limit <= 0 || limit > hostMem) limit = hostMem;
	return {
		cpuNs,
		memory_stats: {usage, limit, stats},
		networks: netDev(tryRead(`${procRoot}/${f.pid}/net/dev`)),
		blkio_stats: {io_service_bytes_recursive: blockIo(blk, f.version)},
		pids_stats: {current: pids},
	};
}

interface Watch {
	files: CgroupFiles;
	onSample: (raw: RawStats) => void;
	prev: {total: number; system: number} | null;
	/** when the last reading was taken (performance.now() ms) */
	at: number;
	end: () => void;
}

const watches = new Set<Watch>();
let ticker: NodeJS.Timeout | null = null;
const onlineCpus = availableParallelism();

function sample(w: Watch, systemNs: number): boolean {
	let r: ReturnType<typeof readCgroup>;
	try {
		r = readCgroup(w.files);
	} catch {
		return false;
	}
	const {cpuNs, ...rest} = r;
	const raw: RawStats = {
		read: new Date().toISOString(),
		cpu_stats: {cpu_usage: {total_usage: cpuNs}, system_cpu_usage: systemNs, online_cpus: onlineCpus},
		precpu_stats: w.prev ? {cpu_usage: {total_usage: w.prev.total}, system_cpu_usage: w.prev.system} : {},
		...rest,
	};
	w.prev = {total: cpuNs, system: systemNs};
	w.at = performance.now();
	w.onSample(raw);
	return true;
}

function tick() {
	const systemNs = systemCpuNs(tryRead('/proc/stat'));
	const now = performance.now();
	// a watch read moments ago (its early second reading) waits for the next tick: a CPU figure
	// over a few ms of /proc/stat's 10 ms clock ticks would be noise
	for (const w of [...watches]) if (now - w.at >= CGROUP_MIN_GAP_MS && !sample(w, systemNs)) w.end();
}

/** The period of the shared reading (the API's streams also sample once a second). */
export const CGROUP_PERIOD_MS = 1000;
/**
 * A new watch's second reading comes this soon after its first, not at the next shared tick (up to
 * a second away): a row that scrolls into view has its first CPU figure after ≈0.3 s. Over 300 ms
 * /proc/stat advances ≈30 clock ticks per CPU, enough for a figure to the shown precision.
 */
export const CGROUP_FIRST_MS = 300;
const CGROUP_MIN_GAP_MS = 200;

/**
 * Follow one container's counters until `signal` aborts or its cgroup goes away, with the same
 * contract as watchStats (engine/stats.ts): the first reading at once (no CPU % yet), then one a
 * second. Rejects when the container's files cannot be found (the caller falls back to the API).
 */
export async function watchStatsCgroup(engine: Engine, id: string, signal: AbortSignal, onSample: (raw: RawStats) => void): Promise<void> {
	if (signal.aborted) return;
	// a container seen before (a row scrolled back into view): its init pid, checked against the id
	// in /proc/<pid>/cgroup, spares the engine an inspect; a restarted container has another pid
	const seen = pids.get(id);
	let files = seen ? locateCgroup(seen.pid, seen.id) : null;
	if (!files) {
		const info = await containerOf(engine, id).inspect();
		if (signal.aborted) return;
		files = locateCgroup(info.State?.Pid ?? 0, info.Id);
		if (!files) throw new Error(`no readable cgroup for container ${id.slice(0, 12)}`);
		if (pids.size >= 1024) pids.clear();
		pids.set(id, {pid: files.pid, id: info.Id});
	}
	await new Promise<void>((resolve) => {
		const w: Watch = {
			files,
			onSample,
			prev: null,
			at: 0,
			end: () => {
				clearTimeout(early);
				watches.delete(w);
				signal.removeEventListener('abort', w.end);
				if (!watches.size && ticker) {
					clearInterval(ticker);
					ticker = null;
				}
				resolve();
			},
		};
		let early: NodeJS.Timeout | undefined;
		signal.addEventListener('abort', w.end, {once: true});
		watches.add(w);
		if (!sample(w, systemCpuNs(tryRead('/proc/stat')))) return w.end();
		// the first reading's receiver may have ended the watch (aborted at once): no timers for it
		if (!watches.has(w)) return;
		early = setTimeout(() => {
			if (watches.has(w) && performance.now() - w.at >= CGROUP_MIN_GAP_MS && !sample(w, systemCpuNs(tryRead('/proc/stat')))) w.end();
		}, CGROUP_FIRST_MS);
		ticker ??= setInterval(tick, CGROUP_PERIOD_MS);
	});
}

/** Init pids of containers watched before (by the id berth asked for; `id`: the full id the cgroup path names). */
const pids = new Map<string, {pid: number; id: string}>();

/** Containers watched at the source right now (tests). */
export const cgroupWatchCount = () => watches.size;

/**
 * Can this engine's containers be read at the source? Only an engine on this host (a unix socket)
 * whose containers' cgroups this process can read: tried on one running container when there is
 * one, else judged by whether the cgroup tree is readable at all.
 */
export function cgroupStatsPossible(engine: Engine): boolean {
	if (!engine.target.url.startsWith('unix:')) return false;
	// once per process: asked for every container the screen shows, and /proc/self/mountinfo lists
	// every container's mounts (≈100 KB with 100 containers): read 25 times it held up the first frame
	return (cgroupReadable ??= (() => {
		try {
			return readdirSync('/sys/fs/cgroup').length > 0 && read('/proc/self/mountinfo').includes('cgroup');
		} catch {
			return false;
		}
	})());
}
let cgroupReadable: boolean | undefined;

/** Which source the dashboard's stats come from: `BERTH_STATS=api|cgroup` forces one (auto: cgroup where possible). */
export function statsSource(engine: Engine): 'cgroup' | 'api' {
	const forced = process.env['BERTH_STATS'];
	if (forced === 'api') return 'api';
	return cgroupStatsPossible(engine) ? 'cgroup' : 'api';
}

/**
 * watchStats from the best source: the cgroup files when this engine's containers can be read here,
 * else (or when this container's cannot) the engine's stats stream.
 */
export async function watchStatsAuto(engine: Engine, id: string, signal: AbortSignal, onSample: (raw: RawStats) => void): Promise<void> {
	if (statsSource(engine) === 'cgroup') {
		try {
			await watchStatsCgroup(engine, id, signal, onSample);
			return;
		} catch {
			if (signal.aborted) return;
		}
	}
	await watchStats(engine, id, signal, onSample);
}
