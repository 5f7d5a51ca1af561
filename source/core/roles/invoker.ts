/**
 * Files under sudo: berth runs as root, but a file a user names (a compose file, its env_file, a
 * path to save logs to) must be read or written only as that user could. Two ways:
 *
 * - dropToInvoker(): read-only one-shot commands (`validate`, `config`) become the invoking user for
 *   the rest of the process (setgroups/setgid/setuid, no way back) — the kernel then checks every
 *   open, including each file the compose file pulls in.
 * - asInvoker(fn): the dashboard (which keeps root for the engine) runs one synchronous file
 *   operation with the invoking user's effective uid/gid/groups, then takes root back.
 *
 * Outside a trusted sudo (see identity.ts) both just run as the process is.
 */
import {sudoInvoker, userGids, type PasswdEntry} from './identity.js';

/** Become the sudo invoker for good (no-op outside sudo). Returns who, or null. */
export function dropToInvoker(env: NodeJS.ProcessEnv = process.env): PasswdEntry | null {
	const who = sudoInvoker(env);
	if (!who) return null;
	process.setgroups!(userGids(who));
	process.setgid!(who.gid);
	process.setuid!(who.uid);
	if (process.geteuid!() !== who.uid || process.getuid!() !== who.uid) throw new Error(`could not become ${who.user}`);
	return who;
}

/** Run fn (synchronous file work) as the sudo invoker, then back to root (fn as is outside sudo). */
export function asInvoker<T>(fn: () => T, env: NodeJS.ProcessEnv = process.env): T {
	const who = sudoInvoker(env);
	if (!who) return fn();
	const groups = process.getgroups!();
	const egid = process.getegid!();
	process.setgroups!(userGids(who));
	process.setegid!(who.gid);
	process.seteuid!(who.uid);
	try {
		return fn();
	} finally {
		process.seteuid!(0);
		process.setegid!(egid);
		process.setgroups!(groups);
	}
}
