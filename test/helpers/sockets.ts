/** Open connections from this process to an engine's unix socket (via /proc/self/fd and `ss -xa`). */
import {execFileSync} from 'node:child_process';
import {readdirSync, readlinkSync} from 'node:fs';

function ownSocketInodes(): Set<string> {
	const out = new Set<string>();
	for (const fd of readdirSync('/proc/self/fd')) {
		try {
			const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/self/fd/${fd}`));
			if (m) out.add(m[1]!);
		} catch {
			// closed meanwhile
		}
	}
	return out;
}

/** How many of this process's sockets are connected to the engine listening at sockPath. */
export function engineConnections(sockPath: string): number {
	const text = execFileSync('ss', ['-xa'], {encoding: 'utf8', maxBuffer: 64 * 1024 * 1024});
	const pathOf = new Map<string, string>();
	const peerOf = new Map<string, string>();
	for (const line of text.split('\n').slice(1)) {
		const f = line.trim().split(/\s+/);
		if (f.length < 8) continue;
		// Netid State Recv-Q Send-Q Local Port Peer PeerPort
		const [, , , , local, inode, , peer] = f;
		pathOf.set(inode!, local!);
		peerOf.set(inode!, peer!);
	}
	let n = 0;
	for (const ino of ownSocketInodes()) {
		const peer = peerOf.get(ino);
		if (peer && pathOf.get(peer) === sockPath) n++;
	}
	return n;
}
