/**
 * The audit log: one JSON line per attempted action (time, OS user, role, action, target, result,
 * error). Lines are appended with O_APPEND, each in ONE write(2) of at most MAX_LINE bytes, so
 * concurrent writers (several berth processes, several users on a shared log) never interleave or
 * lose lines. Default path: $XDG_STATE_HOME/berth/audit.log (~/.local/state/berth/audit.log).
 */
import {closeSync, mkdirSync, openSync, writeSync} from 'node:fs';
import {homedir} from 'node:os';
import {dirname, join} from 'node:path';
import {terminalSafeJson} from './sanitize.js';

export type AuditResult = 'ok' | 'refused' | 'failed';

export interface AuditEntry {
	time: string;
	user: string;
	uid: number;
	sudo_user?: string;
	role: string;
	action: string;
	target: Record<string, unknown>;
	result: AuditResult;
	/** the rule that allowed or refused */
	rule: string;
	error?: string;
	exit_code?: number;
	pid: number;
	/** where: cli, tui */
	via: string;
}

/** Below PIPE_BUF (4096): one write, never split. */
export const MAX_LINE = 4000;

export function defaultAuditPath(env: NodeJS.ProcessEnv = process.env): string {
	const state = env['XDG_STATE_HOME'] || join(env['HOME'] || homedir(), '.local', 'state');
	return join(state, 'berth', 'audit.log');
}

const cut = (s: string, n: number) => (s.length > n ? s.slice(0, n) + '…' : s);

/** The entry as one line of at most MAX_LINE bytes (long fields are cut, never the JSON). */
export function auditLine(entry: AuditEntry): string {
	let line = terminalSafeJson(JSON.stringify(entry));
	if (Buffer.byteLength(line) + 1 <= MAX_LINE) return line + '\n';
	const target = Object.fromEntries(Object.entries(entry.target).map(([k, v]) => [k, typeof v === 'string' ? cut(v, 200) : v]));
	const small: AuditEntry = {...entry, target, rule: cut(entry.rule, 400), ...(entry.error === undefined ? {} : {error: cut(entry.error, 1000)})};
	line = terminalSafeJson(JSON.stringify(small));
	if (Buffer.byteLength(line) + 1 <= MAX_LINE) return line + '\n';
	return terminalSafeJson(JSON.stringify({...small, target: {truncated: true}, rule: cut(entry.rule, 100), error: cut(entry.error ?? '', 100)})) + '\n';
}

/** An open audit log: opened before the action (so an unwritable log is known up front). */
export class AuditLog {
	private constructor(
		readonly path: string,
		private fd: number | null,
	) {}

	/** Opens (creating it 0600, and its directory 0700, when missing). Throws when it cannot. */
	static open(path: string): AuditLog {
		mkdirSync(dirname(path), {recursive: true, mode: 0o700});
		return new AuditLog(path, openSync(path, 'a', 0o600));
	}

	write(entry: AuditEntry): void {
		if (this.fd === null) throw new Error(`audit log ${this.path} is closed`);
		const buf = Buffer.from(auditLine(entry));
		const n = writeSync(this.fd, buf, 0, buf.length);
		if (n !== buf.length) throw new Error(`audit log ${this.path}: short write (${n} of ${buf.length} bytes)`);
	}

	close(): void {
		if (this.fd !== null) closeSync(this.fd);
		this.fd = null;
	}
}

/** Append one entry (open, one write, close). */
export function appendAudit(path: string, entry: AuditEntry): void {
	const log = AuditLog.open(path);
	try {
		log.write(entry);
	} finally {
		log.close();
	}
}
