/**
 * Who is running berth: OS user name, uid and group names (from /etc/group, as `id -Gn` shows).
 *
 * Under sudo the person is the one who typed it: when the real uid is 0, SUDO_USER and SUDO_UID
 * are set, they agree with /etc/passwd, and a `sudo` process is among berth's ancestors, the
 * identity is that user's (their name, uid and groups: their rules apply), with `sudo` recorded.
 * Otherwise SUDO_* are ignored (anyone can set them; root without sudo is root).
 */
import {readFileSync} from 'node:fs';
import {userInfo} from 'node:os';
import type {Identity} from './types.js';

/** gid → name from /etc/group text (name:password:gid:members). */
export function groupNames(etcGroup: string): Map<number, string> {
	const out = new Map<number, string>();
	for (const line of etcGroup.split('\n')) {
		const [name, , gid] = line.split(':');
		if (name && gid !== undefined && /^\d+$/.test(gid) && !out.has(Number(gid))) out.set(Number(gid), name);
	}
	return out;
}

const read = (f: string) => {
	try {
		return readFileSync(f, 'utf8');
	} catch {
		return '';
	}
};

export interface PasswdEntry {
	user: string;
	uid: number;
	gid: number;
}

/** A user's passwd entry by name (null: unknown). */
export function passwdEntry(user: string, etcPasswd = read('/etc/passwd')): PasswdEntry | null {
	for (const line of etcPasswd.split('\n')) {
		const [name, , uid, gid] = line.split(':');
		if (name === user && uid && gid && /^\d+$/.test(uid) && /^\d+$/.test(gid)) return {user, uid: Number(uid), gid: Number(gid)};
	}
	return null;
}

/** The gids of a user: the primary one, then every group listing them as a member (as initgroups does). */
export function userGids(p: PasswdEntry, etcGroup = read('/etc/group')): number[] {
	const out = [p.gid];
	for (const line of etcGroup.split('\n')) {
		const [, , gid, members] = line.split(':');
		if (gid && /^\d+$/.test(gid) && (members ?? '').split(',').includes(p.user)) out.push(Number(gid));
	}
	return [...new Set(out)];
}

/** Is a `sudo` process among our ancestors (up to 8 levels, from /proc)? */
export function startedBySudo(pid = process.ppid): boolean {
	for (let i = 0, p = pid; i < 8 && p > 1; i++) {
		const stat = read(`/proc/${p}/stat`);
		const m = /^\d+ \((.*)\) \S+ (\d+)/s.exec(stat);
		if (!m) return false;
		if (m[1] === 'sudo') return true;
		p = Number(m[2]);
	}
	return false;
}

/** The invoking user under sudo (null: not under a sudo we trust). */
export function sudoInvoker(env: NodeJS.ProcessEnv = process.env, realUid = process.getuid?.() ?? -1, bySudo = startedBySudo): PasswdEntry | null {
	const name = env['SUDO_USER'];
	const uid = env['SUDO_UID'];
	if (realUid !== 0 || !name || !uid || !/^\d+$/.test(uid) || name === 'root') return null;
	const p = passwdEntry(name);
	if (!p || p.uid !== Number(uid) || !bySudo()) return null;
	return p;
}

export function currentIdentity(env: NodeJS.ProcessEnv = process.env): Identity {
	const names = groupNames(read('/etc/group'));
	const sudo = sudoInvoker(env);
	if (sudo) {
		const groups = [...new Set(userGids(sudo).map((g) => names.get(g) ?? String(g)))];
		return {user: sudo.user, uid: sudo.uid, groups, sudoUser: sudo.user, sudoGid: sudo.gid};
	}
	const info = userInfo();
	const gids = [info.gid, ...(process.getgroups?.() ?? [])];
	const groups = [...new Set(gids.map((g) => names.get(g) ?? String(g)))];
	return {user: info.username, uid: info.uid, groups};
}
