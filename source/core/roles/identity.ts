/** Who is running berth: OS user name, uid and group names (from /etc/group, as `id -Gn` shows). */
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

export function currentIdentity(env: NodeJS.ProcessEnv = process.env): Identity {
	const info = userInfo();
	let etc = '';
	try {
		etc = readFileSync('/etc/group', 'utf8');
	} catch {
		// no /etc/group (some containers): numeric groups only
	}
	const names = groupNames(etc);
	const gids = [info.gid, ...(process.getgroups?.() ?? [])];
	const groups = [...new Set(gids.map((g) => names.get(g) ?? String(g)))];
	const id: Identity = {user: info.username, uid: info.uid, groups};
	if (info.uid === 0 && env['SUDO_USER']) id.sudoUser = env['SUDO_USER'];
	return id;
}
