/**
 * Stats read at the source (engine/cgroup-stats.ts): the parsers on kernel text, then the real
 * engine — the numbers must equal what `docker stats --no-stream` prints for the same containers.
 */
import assert from 'node:assert/strict';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, describe, it} from 'node:test';
import {blockIo, cgroupWatchCount, keyValues, locateCgroup, netDev, systemCpuNs, watchStatsCgroup} from '../../source/engine/cgroup-stats.js';
import type {RawStats} from '../../source/engine/stats.js';
import {toSample} from '../../source/core/stats.js';
import {cleanup, docker, dockerAsync, runContainer, testEngine, uniqueName} from '../helpers/engine.js';

describe('cgroup stats: parsing kernel text', () => {
	it('system CPU is /proc/stat\'s first seven cpu fields, ticks → ns', () => {
		const stat = 'cpu  10 20 30 40 50 60 70 80 90 100\ncpu0 1 2 3 4 5 6 7 8 9 10\n';
		assert.equal(systemCpuNs(stat), (10 + 20 + 30 + 40 + 50 + 60 + 70) * 1e7);
		assert.equal(systemCpuNs('garbage'), 0);
		assert.equal(systemCpuNs('cpu 1 2\n'), 0);
	});
	it('net/dev: every interface but lo, rx and tx bytes', () => {
		const text = `Inter-|   Receive |  Transmit\n face |bytes packets ...\n    lo: 500 5 0 0 0 0 0 0 500 5 0 0 0 0 0 0\n  eth0: 180 2 0 0 0 0 0 0 90 1 0 0 0 0 0 0\n  eth1: 20 1 0 0 0 0 0 0 10 1 0 0 0 0 0 0\n`;
		assert.deepEqual(netDev(text), {eth0: {rx_bytes: 180, tx_bytes: 90}, eth1: {rx_bytes: 20, tx_bytes: 10}});
	});
	it('block I/O: v1 Read/Write lines (not Total), v2 rbytes/wbytes', () => {
		const v1 = '8:0 Read 4096\n8:0 Write 8192\n8:0 Sync 1\n8:0 Total 12288\n8:16 Read 4\nTotal 12292\n';
		assert.deepEqual(blockIo(v1, 1), [{op: 'Read', value: 4100}, {op: 'Write', value: 8192}]);
		const v2 = '8:0 rbytes=100 wbytes=200 rios=1 wios=2 dbytes=0 dios=0\n8:16 rbytes=1 wbytes=2\n';
		assert.deepEqual(blockIo(v2, 2), [{op: 'Read', value: 101}, {op: 'Write', value: 202}]);
	});
	it('key value files', () => {
		assert.deepEqual(keyValues('usage_usec 12\nuser_usec 7\n'), {usage_usec: 12, user_usec: 7});
	});
	it('locates v1 and v2 files from /proc/<pid>/cgroup and mountinfo, and refuses a pid of another container', () => {
		const root = mkdtempSync(join(tmpdir(), 'berth-cg-'));
		try {
			const id = 'a'.repeat(64);
			const fs = join(root, 'fs');
			for (const c of ['cpuacct', 'memory']) mkdirSync(join(fs, c, 'docker', id), {recursive: true});
			writeFileSync(join(fs, 'cpuacct/docker', id, 'cpuacct.usage'), '5\n');
			writeFileSync(join(fs, 'memory/docker', id, 'memory.usage_in_bytes'), '7\n');
			mkdirSync(join(fs, 'unified/sys', id), {recursive: true});
			writeFileSync(join(fs, 'unified/sys', id, 'cpu.stat'), 'usage_usec 1\n');
			writeFileSync(join(fs, 'unified/sys', id, 'memory.current'), '1\n');
			mkdirSync(join(root, 'proc/self'), {recursive: true});
			mkdirSync(join(root, 'proc/42'), {recursive: true});
			writeFileSync(
				join(root, 'proc/self/mountinfo'),
				[
					`32 31 0:29 / ${fs}/cpuacct rw,relatime - cgroup cgroup rw,cpuacct`,
					`35 31 0:32 / ${fs}/memory rw,relatime - cgroup cgroup rw,memory`,
					`41 31 0:38 / ${fs}/unified rw,relatime - cgroup2 cgroup2 rw`,
				].join('\n'),
			);
			writeFileSync(join(root, 'proc/42/cgroup'), `2:cpuacct:/docker/${id}\n4:memory:/docker/${id}\n0::/sys/${id}\n`);
			const v1 = locateCgroup(42, id, join(root, 'proc'));
			assert.equal(v1?.version, 1);
			assert.equal(v1?.cpu, join(fs, 'cpuacct/docker', id));
			assert.equal(v1?.memory, join(fs, 'memory/docker', id));
			// a pid whose cgroup names another container (an engine in another pid namespace) is not ours
			assert.equal(locateCgroup(42, 'b'.repeat(64), join(root, 'proc')), null);
			// v2 only
			writeFileSync(join(root, 'proc/42/cgroup'), `0::/sys/${id}\n`);
			const v2 = locateCgroup(42, id, join(root, 'proc'));
			assert.equal(v2?.version, 2);
			assert.equal(v2?.cpu, join(fs, 'unified/sys', id));
			assert.equal(locateCgroup(43, id, join(root, 'proc')), null);
		} finally {
			rmSync(root, {recursive: true, force: true});
		}
	});
});

/** `docker stats --no-stream` for these containers: name → {cpu %, mem bytes, pids}. */
async function dockerStats(ids: string[]): Promise<Map<string, {cpu: number; mem: number; pids: number}>> {
	const out = await dockerAsync('stats', '--no-stream', '--format', '{{.ID}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.PIDs}}', ...ids);
	const res = new Map<string, {cpu: number; mem: number; pids: number}>();
	for (const line of out.split('\n')) {
		const [id = '', cpu = '', mem = '', pids = ''] = line.split('\t');
		res.set(id, {cpu: parseFloat(cpu), mem: bytes(mem.split(' / ')[0] ?? ''), pids: Number(pids)});
	}
	return res;
}

function bytes(s: string): number {
	const m = /^([\d.]+)\s*([KMGT]?i?B)$/.exec(s.trim());
	if (!m) return NaN;
	const mult: Record<string, number> = {B: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3, TiB: 1024 ** 4, kB: 1e3, KB: 1e3, MB: 1e6, GB: 1e9};
	return Number(m[1]) * (mult[m[2]!] ?? NaN);
}

describe('cgroup stats on the real engine: equal to `docker stats`', () => {
	after(cleanup);

	it('CPU %, memory and pids agree with docker stats --no-stream; the watch ends when the container goes', async () => {
		const engine = await testEngine();
		// one busy container, one holding 24 MiB in its /dev/shm (shmem: counted as docker stats counts it), one idle
		const busy = runContainer({name: uniqueName('cg-busy'), cmd: ['sh', '-c', 'while :; do :; done']});
		const fat = runContainer({name: uniqueName('cg-fat'), cmd: ['sh', '-c', 'dd if=/dev/zero of=/dev/shm/x bs=1048576 count=24 && touch /tmp/ready && sleep 600']});
		const idle = runContainer({name: uniqueName('cg-idle')});
		const ids = [busy, fat, idle];
		for (let i = 0; i < 50; i++) {
			try {
				docker('exec', fat, 'test', '-f', '/tmp/ready');
				break;
			} catch {
				await new Promise((r) => setTimeout(r, 200));
			}
		}
		const samples = new Map<string, RawStats[]>();
		const acs = ids.map(() => new AbortController());
		const watching = ids.map((id, i) => watchStatsCgroup(engine, id, acs[i]!.signal, (raw) => samples.set(id, [...(samples.get(id) ?? []), raw])));
		// docker stats --no-stream measures over its own ≈1–2 s window, taken while ours run
		await new Promise((r) => setTimeout(r, 1200));
		const theirs = await dockerStats(ids.map((id) => id.slice(0, 12)));
		await new Promise((r) => setTimeout(r, 1200));
		assert.equal(cgroupWatchCount() >= 3, true);
		for (const id of ids) {
			const ours = (samples.get(id) ?? []).map(toSample);
			assert.ok(ours.length >= 3, `${id.slice(0, 12)}: ${ours.length} samples in ≈2.4 s (one a second plus the first)`);
			assert.equal(ours[0]!.cpu, null, 'the first reading has no CPU yet, as the API stream');
			const t = theirs.get(id.slice(0, 12));
			assert.ok(t, `docker stats printed ${id.slice(0, 12)}`);
			const cpus = ours.slice(1).map((s) => s.cpu ?? NaN);
			const cpu = cpus.reduce((a, b) => a + b, 0) / cpus.length;
			assert.ok(Math.abs(cpu - t.cpu) <= 25, `${id.slice(0, 12)}: CPU ours ${cpu.toFixed(1)} % vs docker stats ${t.cpu} %`);
			const mem = ours.at(-1)!.memUsed;
			assert.ok(Math.abs(mem - t.mem) <= Math.max(2 * 1024 ** 2, t.mem * 0.1), `${id.slice(0, 12)}: memory ours ${mem} vs docker stats ${t.mem}`);
			assert.equal(ours.at(-1)!.pids, t.pids, `${id.slice(0, 12)}: pids`);
			assert.ok(ours.at(-1)!.memLimit > 0);
		}
		const busyCpu = toSample(samples.get(busy)!.at(-1)!).cpu!;
		const idleCpu = toSample(samples.get(idle)!.at(-1)!).cpu!;
		assert.ok(busyCpu > idleCpu + 5, `the busy loop (${busyCpu.toFixed(1)} %) reads above the idle container (${idleCpu.toFixed(1)} %)`);
		assert.ok(toSample(samples.get(fat)!.at(-1)!).memUsed > 20 * 1024 ** 2, 'the 24 MiB in /dev/shm show');
		// removing a container ends its watch; aborting ends the others; the shared timer stops
		docker('rm', '-f', busy);
		await watching[0];
		acs[1]!.abort();
		acs[2]!.abort();
		await Promise.all(watching);
		assert.equal(cgroupWatchCount(), 0);
	});
});
