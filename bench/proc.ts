/**
 * /proc readers for the bench: CPU time and memory of a process tree, the engine's processes,
 * and the unix sockets a process has open to the Docker socket. Parsing is pure (tested); the
 * readers are thin wrappers around readFileSync.
 */
import {execFileSync} from 'node:child_process';
import {readdirSync, readFileSync, readlinkSync} from 'node:fs';

export interface ProcStat {
	pid: number;
	comm: string;
	state: string;
	ppid: number;
	/** clock ticks */
	utime: number;
	stime: number;
	cutime: number;
	cstime: number;
	/** resident pages */
	rssPages: number;
}

/** One line of /proc/<pid>/stat. comm may hold spaces and parentheses: split after the last ')'. */
export function parseStat(line: string): ProcStat {
	const open = line.indexOf('(');
	const close = line.lastIndexOf(')');
	if (open < 0 || close < open) throw new Error(`not a /proc stat line: ${line.slice(0, 60)}`);
	const rest = line.slice(close + 2).trim().split(/\s+/);
	// rest[0] is field 3 (state); field n is rest[n - 3]
	const f = (n: number) => Number(rest[n - 3]);
	return {
		pid: Number(line.slice(0, open).trim()),
		comm: line.slice(open + 1, close),
		state: rest[0] ?? '?',
		ppid: f(4),
		utime: f(14),
		stime: f(15),
		cutime: f(16),
		cstime: f(17),
		rssPages: f(24),
	};
}

export function readStat(pid: number): ProcStat | null {
	try {
		return parseStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
	} catch {
		return null;
	}
}

export function allStats(): ProcStat[] {
	const out: ProcStat[] = [];
	for (const e of readdirSync('/proc')) {
		if (!/^\d+$/.test(e)) continue;
		const s = readStat(Number(e));
		if (s) out.push(s);
	}
	return out;
}

/** The root and all its live descendants, from a ppid table. */
export function descendants(root: number, stats: Array<Pick<ProcStat, 'pid' | 'ppid'>>): number[] {
	const kids = new Map<number, number[]>();
	for (const s of stats) kids.set(s.ppid, [...(kids.get(s.ppid) ?? []), s.pid]);
	const out: number[] = [];
	const todo = [root];
	while (todo.length) {
		const p = todo.pop()!;
		out.push(p);
		todo.push(...(kids.get(p) ?? []));
	}
	return out;
}

export const CLK_TCK = (() => {
	try {
		return Number(execFileSync('getconf', ['CLK_TCK'], {encoding: 'utf8'}).trim()) || 100;
	} catch {
		return 100;
	}
})();

/** CPU seconds of a tree: utime+stime of every live member, plus the reaped children of the root. */
export function treeCpuSeconds(root: number): number {
	const stats = allStats();
	const pids = new Set(descendants(root, stats));
	let ticks = 0;
	for (const s of stats) {
		if (!pids.has(s.pid)) continue;
		ticks += s.utime + s.stime + (s.pid === root ? s.cutime + s.cstime : 0);
	}
	return ticks / CLK_TCK;
}

/** CPU seconds of a set of processes (no descendants). Gone processes count as 0. */
export function cpuSecondsOf(pids: number[]): number {
	let ticks = 0;
	for (const p of pids) {
		const s = readStat(p);
		if (s) ticks += s.utime + s.stime;
	}
	return ticks / CLK_TCK;
}

/** VmRSS of /proc/<pid>/status in bytes. */
export function parseVmRss(status: string): number {
	const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
	return m ? Number(m[1]) * 1024 : 0;
}

export function treeRssBytes(root: number): number {
	let total = 0;
	for (const p of descendants(root, allStats())) {
		try {
			total += parseVmRss(readFileSync(`/proc/${p}/status`, 'utf8'));
		} catch {
			// exited
		}
	}
	return total;
}

function cmdline(pid: number): string[] {
	try {
		return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
	} catch {
		return [];
	}
}

/**
 * The engine's processes: dockerd, its containerd, and the shims of the given containers (shims of
 * other people's containers are left out: they are noise for a comparison of two clients).
 */
export function enginePids(containerIds: Set<string>): number[] {
	const out: number[] = [];
	for (const s of allStats()) {
		if (s.comm === 'dockerd' || s.comm === 'containerd') out.push(s.pid);
		else if (s.comm.startsWith('containerd-shim')) {
			const args = cmdline(s.pid);
			const i = args.indexOf('-id');
			if (i >= 0 && containerIds.has(args[i + 1] ?? '')) out.push(s.pid);
		}
	}
	return out;
}

/** Socket inodes open in a process: /proc/<pid>/fd/* → socket:[inode]. */
export function socketInodes(pid: number): number[] {
	const out: number[] = [];
	let fds: string[] = [];
	try {
		fds = readdirSync(`/proc/${pid}/fd`);
	} catch {
		return out;
	}
	for (const fd of fds) {
		try {
			const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
			if (m) out.push(Number(m[1]));
		} catch {
			// closed meanwhile
		}
	}
	return out;
}

/**
 * From `ss -xa` output: the inodes of client sockets connected to `path` (the server-side rows carry
 * the path as local address and the client's inode as peer).
 */
export function clientsOfSocket(ssOutput: string, path: string): Set<number> {
	const out = new Set<number>();
	for (const line of ssOutput.split('\n')) {
		const cols = line.trim().split(/\s+/);
		// Netid State Recv-Q Send-Q Local Port Peer Port
		if (cols.length < 8 || cols[1] !== 'ESTAB') continue;
		if (cols[4] !== path) continue;
		const peer = Number(cols[7]);
		if (peer > 0) out.add(peer);
	}
	return out;
}

/** How many sockets the process tree of `root` has open to the engine's unix socket. */
export function engineSocketCount(root: number, sockPath: string): number {
	const clients = clientsOfSocket(execFileSync('ss', ['-xa'], {encoding: 'utf8', maxBuffer: 64 * 1024 * 1024}), sockPath);
	let n = 0;
	for (const p of descendants(root, allStats())) for (const ino of socketInodes(p)) if (clients.has(ino)) n++;
	return n;
}
