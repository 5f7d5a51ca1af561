/**
 * Host ports: who publishes what (from the engine), who listens where (from /proc/net on a local
 * engine, sockets mapped to processes through /proc/<pid>/fd), a bind attempt as the last resort,
 * and conflicts between containers that want one host port (pure, for the TUI's ports pane).
 */
import {createSocket} from 'node:dgram';
import {createServer} from 'node:net';
import {readFile, readdir, readlink} from 'node:fs/promises';
import type {Engine} from '../engine/connection.js';
import {inspectRaw, listContainers} from '../engine/containers.js';
import {engineIsLocal} from '../engine/system.js';
import type {Protocol} from '../model/container.js';
import {addressesOverlap} from '../model/port.js';

export interface PortUse {
	container: string;
	container_id: string;
	project: string | null;
	service: string | null;
	state: string;
	host_ip: string;
	host_port: number;
	container_port: number;
	protocol: Protocol;
}

export interface Conflict {
	protocol: string;
	host_port: number;
	/** the containers that want it, with the address each binds */
	users: Array<{container: string; host_ip: string}>;
}

// the one overlap rule (0.0.0.0 is IPv4 only, :: is dual-stack): model/port.ts
export {addressesOverlap};

/** Pure: host ports wanted by more than one container (overlapping addresses, same protocol). */
export function findConflicts(uses: Array<{container: string; host_ip: string; host_port: number; protocol: string}>): Conflict[] {
	const groups = new Map<string, typeof uses>();
	for (const u of uses) {
		if (!u.host_port) continue;
		const k = `${u.protocol}/${u.host_port}`;
		groups.set(k, [...(groups.get(k) ?? []), u]);
	}
	const out: Conflict[] = [];
	for (const list of groups.values()) {
		const clash = list.filter((u, i) => list.some((v, j) => i !== j && v.container !== u.container && addressesOverlap(u.host_ip, v.host_ip)));
		const names = new Set(clash.map((c) => c.container));
		if (names.size < 2) continue;
		const seen = new Set<string>();
		const users = clash.filter((c) => !seen.has(`${c.container}@${c.host_ip}`) && seen.add(`${c.container}@${c.host_ip}`)).map((c) => ({container: c.container, host_ip: c.host_ip}));
		out.push({protocol: list[0]!.protocol, host_port: list[0]!.host_port, users});
	}
	return out.sort((a, b) => a.host_port - b.host_port || a.protocol.localeCompare(b.protocol));
}

/** Every published port of every container (running ones publish; the engine lists those). */
export async function publishedPorts(engine: Engine): Promise<PortUse[]> {
	const rows = await listContainers(engine);
	const out: PortUse[] = [];
	for (const c of rows) {
		for (const p of c.ports) {
			out.push({container: c.name, container_id: c.id, project: c.project, service: c.service, state: c.state, host_ip: p.host_ip, host_port: p.host_port, container_port: p.container_port, protocol: p.protocol});
		}
	}
	return out.sort((a, b) => a.host_port - b.host_port || a.protocol.localeCompare(b.protocol) || a.container.localeCompare(b.container));
}

/** Host ports that stopped/created containers will ask for when started (from HostConfig.PortBindings). */
export async function wantedPorts(engine: Engine): Promise<PortUse[]> {
	const out: PortUse[] = [];
	for (const c of (await listContainers(engine)).filter((x) => x.state !== 'running' && x.state !== 'paused' && x.state !== 'restarting')) {
		const raw = await inspectRaw(engine, c.id);
		const bindings = raw?.HostConfig?.PortBindings ?? {};
		for (const [spec, list] of Object.entries(bindings)) {
			const [num, proto = 'tcp'] = spec.split('/');
			for (const b of list ?? []) {
				const hp = Number(b.HostPort);
				if (hp > 0) out.push({container: c.name, container_id: c.id, project: c.project, service: c.service, state: c.state, host_ip: b.HostIp ?? '', host_port: hp, container_port: Number(num), protocol: proto as Protocol});
			}
		}
	}
	return out;
}

export interface ProcSocket {
	protocol: 'tcp' | 'udp';
	ip: string;
	port: number;
	/** kernel state: 0A = LISTEN (tcp), 07 = unconnected (udp) */
	state: string;
	inode: number;
}

/** "0100007F" → 127.0.0.1; 32 hex digits → IPv6 (the kernel prints each 32-bit word little-endian). */
export function decodeHexIp(hex: string): string {
	if (hex.length === 8) return [6, 4, 2, 0].map((i) => parseInt(hex.slice(i, i + 2), 16)).join('.');
	const words: string[] = [];
	for (let w = 0; w < 4; w++) {
		const part = hex.slice(w * 8, w * 8 + 8);
		const bytes = [6, 4, 2, 0].map((i) => part.slice(i, i + 2));
		words.push(bytes[0]! + bytes[1]!, bytes[2]! + bytes[3]!);
	}
	const groups = words.map((g) => parseInt(g, 16).toString(16));
	const v4mapped = groups.slice(0, 5).every((g) => g === '0') && groups[5] === 'ffff';
	if (v4mapped) {
		const n = words.slice(6).join('');
		return `::ffff:${[0, 2, 4, 6].map((i) => parseInt(n.slice(i, i + 2), 16)).join('.')}`;
	}
	const full = groups.join(':');
	if (full === '0:0:0:0:0:0:0:0') return '::';
	return full.replace(/(^|:)0(:0)+(:|$)/, '::').replace(/:::+/, '::');
}

/** Pure: the bound sockets of one /proc/net/{tcp,tcp6,udp,udp6} file (tcp: LISTEN only). */
export function parseProcNet(text: string, protocol: 'tcp' | 'udp'): ProcSocket[] {
	const out: ProcSocket[] = [];
	for (const line of text.split('\n').slice(1)) {
		const f = line.trim().split(/\s+/);
		if (f.length < 10) continue;
		const [ipHex, portHex] = f[1]!.split(':');
		const state = f[3]!;
		if (protocol === 'tcp' && state !== '0A') continue;
		out.push({protocol, ip: decodeHexIp(ipHex!), port: parseInt(portHex!, 16), state, inode: Number(f[9])});
	}
	return out;
}

/** Sockets bound on this machine (empty where /proc/net is unreadable). */
export async function hostSockets(protocol: 'tcp' | 'udp'): Promise<ProcSocket[]> {
	const out: ProcSocket[] = [];
	for (const file of [protocol, `${protocol}6`]) {
		try {
			out.push(...parseProcNet(await readFile(`/proc/net/${file}`, 'utf8'), protocol));
		} catch {
			// no /proc (not Linux) or not readable
		}
	}
	return out;
}

/** socket inode → the process holding it, from /proc/<pid>/fd links "socket:[inode]". */
export async function socketOwners(inodes: Set<number>): Promise<Map<number, {pid: number; command: string}>> {
	const found = new Map<number, {pid: number; command: string}>();
	if (!inodes.size) return found;
	let pids: string[] = [];
	try {
		pids = (await readdir('/proc')).filter((p) => /^\d+$/.test(p));
	} catch {
		return found;
	}
	for (const pid of pids) {
		let fds: string[];
		try {
			fds = await readdir(`/proc/${pid}/fd`);
		} catch {
			continue;
		}
		for (const fd of fds) {
			let link: string;
			try {
				link = await readlink(`/proc/${pid}/fd/${fd}`);
			} catch {
				continue;
			}
			const m = /^socket:\[(\d+)\]$/.exec(link);
			if (!m || !inodes.has(Number(m[1])) || found.has(Number(m[1]))) continue;
			let command = '?';
			try {
				command = (await readFile(`/proc/${pid}/comm`, 'utf8')).trim();
			} catch {
				// gone meanwhile
			}
			found.set(Number(m[1]), {pid: Number(pid), command});
		}
		if (found.size === inodes.size) break;
	}
	return found;
}

/** Try to bind; 'in-use' on EADDRINUSE, 'denied' on EACCES (privileged port), else 'free'. */
export async function bindProbe(port: number, bind: string, protocol: 'tcp' | 'udp'): Promise<'free' | 'in-use' | 'denied' | 'unknown'> {
	const classify = (err: NodeJS.ErrnoException) => (err.code === 'EADDRINUSE' ? 'in-use' : err.code === 'EACCES' ? 'denied' : 'unknown');
	if (protocol === 'udp') {
		return new Promise((resolve) => {
			const s = createSocket(bind.includes(':') ? 'udp6' : 'udp4');
			s.once('error', (err) => {
				s.close();
				resolve(classify(err));
			});
			s.bind(port, bind, () => s.close(() => resolve('free')));
		});
	}
	return new Promise((resolve) => {
		const srv = createServer();
		srv.once('error', (err: NodeJS.ErrnoException) => resolve(classify(err)));
		srv.listen({port, host: bind, exclusive: true}, () => srv.close(() => resolve('free')));
	});
}

export interface PortHolderInfo {
	kind: 'container' | 'process' | 'unknown';
	/** container name or process command */
	name: string;
	pid?: number;
	container_id?: string;
	host_ip: string;
}

/**
 * Who holds host port PORT/PROTO at an address overlapping BIND: containers publishing it (from the
 * engine), and on a local engine the processes listening on it (docker-proxy lines for a container
 * already found are dropped). `exclude` is a container id not to count (the one being diagnosed);
 * `published` saves the engine round trip when the caller already has publishedPorts().
 */
export async function portHolders(engine: Engine, port: number, protocol: 'tcp' | 'udp', bind = '0.0.0.0', exclude?: string, published?: PortUse[]): Promise<PortHolderInfo[]> {
	const holders: PortHolderInfo[] = [];
	for (const u of published ?? (await publishedPorts(engine))) {
		if (u.host_port !== port || u.protocol !== protocol || u.container_id === exclude || !addressesOverlap(u.host_ip, bind)) continue;
		if (!holders.some((h) => h.container_id === u.container_id)) holders.push({kind: 'container', name: u.container, container_id: u.container_id, host_ip: u.host_ip});
	}
	if (!engineIsLocal(engine)) return holders;
	const socks = (await hostSockets(protocol)).filter((s) => s.port === port && addressesOverlap(s.ip, bind));
	const owners = await socketOwners(new Set(socks.map((s) => s.inode)));
	for (const s of socks) {
		const o = owners.get(s.inode);
		if (o?.command === 'docker-proxy' && holders.some((h) => h.kind === 'container')) continue;
		if (o && holders.some((h) => h.pid === o.pid)) continue;
		holders.push(o ? {kind: 'process', name: o.command, pid: o.pid, host_ip: s.ip} : {kind: 'unknown', name: 'a process berth may not inspect', host_ip: s.ip});
	}
	return holders;
}

export interface PortCheck {
	port: number;
	protocol: 'tcp' | 'udp';
	bind: string;
	free: boolean;
	holders: PortHolderInfo[];
	/** how it was decided */
	method: 'engine+proc' | 'bind-attempt' | 'engine';
}

/** `berth ports check`: is PORT free at BIND, and if not, who holds it. */
export async function checkPort(engine: Engine, port: number, opts: {bind?: string; udp?: boolean} = {}): Promise<PortCheck> {
	const bind = opts.bind ?? '0.0.0.0';
	const protocol = opts.udp ? 'udp' : 'tcp';
	const holders = await portHolders(engine, port, protocol, bind);
	if (holders.length) return {port, protocol, bind, free: false, holders, method: 'engine+proc'};
	if (!engineIsLocal(engine)) return {port, protocol, bind, free: true, holders, method: 'engine'};
	const probe = await bindProbe(port, bind, protocol);
	if (probe === 'in-use') return {port, protocol, bind, free: false, holders: [{kind: 'unknown', name: 'another program (in another network namespace or not visible to berth)', host_ip: bind}], method: 'bind-attempt'};
	return {port, protocol, bind, free: true, holders, method: 'bind-attempt'};
}
