/**
 * The audit log: one JSON line per step of an attempted action — its intent before it acts
 * (`result: "started"`), then its outcome (`ok`, `failed`, or `unknown` when berth was stopped by a
 * signal first); a refusal is one line (`refused`). An intent without an outcome line reads as
 * "outcome unknown" (`berth audit`).
 *
 * Tamper-evident: each line carries `prev` (the hash of the line before it; "" for the first) and
 * `hash` = sha256 of the line's own text without its hash field, so an edited, inserted or deleted
 * line breaks the chain (`berth audit verify` names the first broken link). The chain has no
 * secret: whoever may write the file may also rewrite it whole with fresh hashes. Only a log that
 * the users cannot write (root-owned, berth run through sudo) is out of their reach.
 *
 * Concurrent writers (several berth processes, several users on a shared log): each line is one
 * O_APPEND write(2) of at most MAX_LINE bytes, made under an exclusive flock(2) on the log (taken
 * with flock(1) on the inherited descriptor), after reading the last line's hash under that lock.
 * Without the flock binary the line is still appended whole; only the chain may then fork.
 */
import {createRequire} from 'node:module';
import {closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readSync, writeSync} from 'node:fs';
import {homedir} from 'node:os';
import {dirname, join, resolve, sep} from 'node:path';
import {terminalSafeJson} from './sanitize.js';

export type AuditResult = 'started' | 'ok' | 'refused' | 'failed' | 'unknown';

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
	/** ties an intent ("started") to its outcome line: pid-counter */
	attempt?: string;
}

/** Below PIPE_BUF (4096): one write, never split. */
export const MAX_LINE = 4000;
/** room kept for ,"prev":"<64 hex>","hash":"<64 hex>" */
const CHAIN_ROOM = 160;
/** Where the log is when a policy is in force but names no audit_log (never under $HOME). */
export const SYSTEM_AUDIT_LOG = '/var/log/berth/audit.log';
/** Pseudo file systems: a log there cannot exist (mkdir on them used to spin at 100 % CPU). */
const PSEUDO_FS = ['/proc', '/sys', '/dev'];

export function defaultAuditPath(env: NodeJS.ProcessEnv = process.env): string {
	const state = env['XDG_STATE_HOME'] || join(env['HOME'] || homedir(), '.local', 'state');
	return join(state, 'berth', 'audit.log');
}

const cut = (s: string, n: number) => (s.length > n ? s.slice(0, n) + '…' : s);

/** The entry as JSON of at most MAX_LINE - CHAIN_ROOM bytes (long fields are cut, never the JSON). No newline. */
export function auditBody(entry: AuditEntry): string {
	const max = MAX_LINE - CHAIN_ROOM;
	let line = terminalSafeJson(JSON.stringify(entry));
	if (Buffer.byteLength(line) <= max) return line;
	const target = Object.fromEntries(Object.entries(entry.target).map(([k, v]) => [k, typeof v === 'string' ? cut(v, 200) : v]));
	const small: AuditEntry = {...entry, target, rule: cut(entry.rule, 400), ...(entry.error === undefined ? {} : {error: cut(entry.error, 1000)})};
	line = terminalSafeJson(JSON.stringify(small));
	if (Buffer.byteLength(line) <= max) return line;
	return terminalSafeJson(JSON.stringify({...small, target: {truncated: true}, rule: cut(entry.rule, 100), error: cut(entry.error ?? '', 100)}));
}

/**
 * node:crypto and node:child_process when an entry is written or checked: the roles context
 * (`berth status`'s roles line) imports this module for its paths only, and loading those two
 * (with dgram and webcrypto) cost ≈15 ms of CPU there on a Node without a code cache for its own modules.
 */
const lazy = createRequire(import.meta.url);
const sha = (s: string) => (lazy('node:crypto') as typeof import('node:crypto')).createHash('sha256').update(s).digest('hex');

/** The chained line: the body with "prev" added, then "hash" over that text. Ends with a newline. */
export function chainLine(body: string, prev: string): string {
	const withPrev = `${body.slice(0, -1)},"prev":${JSON.stringify(prev)}}`;
	return `${withPrev.slice(0, -1)},"hash":"${sha(withPrev)}"}\n`;
}

/** One line as it would be written after a line of hash `prev` ("" for the first line). */
export function auditLine(entry: AuditEntry, prev = ''): string {
	return chainLine(auditBody(entry), prev);
}

const HASH_TAIL = /,"hash":"([0-9a-f]{64})"\}$/;

/** A line's own hash, when it has a well-formed one (no check). */
export function lineHash(line: string): string | null {
	return HASH_TAIL.exec(line)?.[1] ?? null;
}

export interface ChainBreak {
	/** 1-based line number */
	line: number;
	reason: string;
}

/** Check every link; the first broken one (null: intact). Lines without a newline at the end count. */
export function verifyChain(text: string): {lines: number; broken: ChainBreak | null} {
	const lines = text.split('\n');
	if (lines.at(-1) === '') lines.pop();
	let prev = '';
	for (let i = 0; i < lines.length; i++) {
		const l = lines[i]!;
		const n = i + 1;
		const m = HASH_TAIL.exec(l);
		if (!m) return {lines: lines.length, broken: {line: n, reason: 'no hash: not a line berth wrote, or cut'}};
		const withPrev = l.slice(0, m.index) + '}';
		if (sha(withPrev) !== m[1]) return {lines: lines.length, broken: {line: n, reason: 'the line was changed after it was written (its hash does not match its text)'}};
		let e: {prev?: unknown};
		try {
			e = JSON.parse(withPrev) as {prev?: unknown};
		} catch {
			return {lines: lines.length, broken: {line: n, reason: 'not JSON'}};
		}
		if (e.prev === 'unreadable') return {lines: lines.length, broken: {line: n, reason: 'its writer could not read the log, so it is not chained (make the log readable by whoever writes it)'}};
		if (e.prev !== prev) return {lines: lines.length, broken: {line: n, reason: n === 1 ? 'the first line follows a line that is gone (the start of the log was cut)' : `it does not follow line ${n - 1}: a line was removed, inserted or reordered here`}};
		prev = m[1]!;
	}
	return {lines: lines.length, broken: null};
}

export class AuditPathError extends Error {
	override readonly name = 'AuditPathError';
}

/**
 * Create the log's missing directories one by one (0700), failing fast and clearly on a pseudo
 * file system or a component that is not a directory — never a recursive retry loop.
 */
export function ensureAuditDir(path: string): void {
	const abs = resolve(path);
	if (PSEUDO_FS.some((p) => abs === p || abs.startsWith(p + sep))) throw new AuditPathError(`${abs} is on a pseudo file system (${abs.split(sep).slice(0, 2).join(sep)}): an audit log cannot be kept there`);
	const parts = dirname(abs).split(sep).filter(Boolean);
	let at: string = sep;
	for (const p of parts) {
		at = join(at, p);
		let st;
		try {
			st = lstatSync(at);
		} catch (err) {
			if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new AuditPathError(`cannot reach ${at} (${(err as NodeJS.ErrnoException).code})`);
			try {
				mkdirSync(at, {mode: 0o700});
			} catch (e) {
				if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new AuditPathError(`cannot create ${at} (${(e as NodeJS.ErrnoException).code})`);
			}
			continue;
		}
		if (st.isSymbolicLink()) continue; // followed by the kernel; a non-directory target fails at open
		if (!st.isDirectory()) throw new AuditPathError(`${at} is not a directory`);
	}
}

/** The last line's hash ("" for an empty log; "unreadable" when this writer may not read it). */
function lastHash(path: string): string {
	let fd: number;
	try {
		fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
	} catch {
		return 'unreadable';
	}
	try {
		const size = fstatSync(fd).size;
		if (size === 0) return '';
		const len = Math.min(size, MAX_LINE + 1);
		const buf = Buffer.alloc(len);
		readSync(fd, buf, 0, len, size - len);
		const lines = buf.toString('utf8').split('\n');
		if (lines.at(-1) === '') lines.pop();
		return lineHash(lines.at(-1) ?? '') ?? 'broken';
	} finally {
		closeSync(fd);
	}
}

let flockMissing = false;

/** Exclusive flock(2) on fd, held by the open file description until it is closed. */
function lock(fd: number): boolean {
	if (flockMissing) return false;
	const r = (lazy('node:child_process') as typeof import('node:child_process')).spawnSync('flock', ['-x', '-w', '10', '3'], {stdio: ['ignore', 'ignore', 'ignore', fd]});
	if (r.error) {
		flockMissing = true;
		return false;
	}
	return r.status === 0;
}

/** An audit log: checked before the action (so an unwritable log is known up front). */
export class AuditLog {
	private constructor(readonly path: string) {}

	/** Checks that the log can be opened for appending (creating it 0600 and its directories 0700). Throws when it cannot. */
	static open(path: string): AuditLog {
		ensureAuditDir(path);
		closeSync(openSync(path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT, 0o600));
		return new AuditLog(path);
	}

	/** Append one chained line (locked, one write). */
	write(entry: AuditEntry): void {
		const fd = openSync(this.path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT, 0o600);
		try {
			lock(fd);
			const buf = Buffer.from(chainLine(auditBody(entry), lastHash(this.path)));
			const n = writeSync(fd, buf, 0, buf.length);
			if (n !== buf.length) throw new Error(`audit log ${this.path}: short write (${n} of ${buf.length} bytes)`);
		} finally {
			closeSync(fd); // releases the lock
		}
	}

	close(): void {
		// nothing held between lines
	}
}

/** Append one entry. */
export function appendAudit(path: string, entry: AuditEntry): void {
	AuditLog.open(path).write(entry);
}
