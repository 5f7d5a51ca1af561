/** `berth audit [verify]`: show the audit log (filters, --json), or check its hash chain. */
import {readFileSync} from 'node:fs';
import {lineHash, verifyChain, type AuditEntry} from '../core/audit.js';
import {contextOrReport} from './guard.js';
import {sanitize} from '../core/sanitize.js';
import {EXIT, parseFlags, printJson, stdio, type Output} from './common.js';

const HELP = `
  Usage
    $ berth audit [--user U] [--action A] [--target T] [--since TIME] [--until TIME] [--file F] [--json]
    $ berth audit verify [--file F] [--json]

  The audit log: one line per attempt (intent "started", then ok / failed / unknown; refusals
  "refused"). An intent without an outcome line is shown as "outcome unknown".
  \`verify\` checks the hash chain and names the first broken link (a line changed, removed,
  inserted or reordered).

  Options
    --user U         lines of OS user U (or of the sudo user U)
    --action A       lines of action A (restart, stop, up …)
    --target T       lines whose target mentions T (container, service, project or group)
    --since TIME     from TIME on: an ISO time (2026-11-30T10:00) or an age (30m, 2h, 7d)
    --until TIME     up to TIME (same forms)
    --file F         another log than the one in force (the policy's audit_log, else your own)
    --json           the matching entries as a JSON array (verify: {ok, lines, broken})

  Exit codes: 0 ok · 1 the chain is broken (verify) or the log cannot be read · 2 usage
`;

/** An ISO time or an age (30s, 15m, 2h, 7d) → epoch ms; NaN when neither. */
export function parseTime(s: string, now = Date.now()): number {
	const m = /^(\d+)\s*([smhd])$/.exec(s.trim());
	if (m) return now - Number(m[1]) * {s: 1e3, m: 6e4, h: 36e5, d: 864e5}[m[2] as 's' | 'm' | 'h' | 'd'];
	return Date.parse(s);
}

export interface Shown extends AuditEntry {
	/** intents whose outcome line never came (berth was killed, or the line was lost) */
	outcome_unknown?: boolean;
	line: number;
}

export function readEntries(text: string): Shown[] {
	const out: Shown[] = [];
	const lines = text.split('\n');
	const ended = new Set<string>();
	lines.forEach((l, i) => {
		if (!l.trim()) return;
		try {
			const e = JSON.parse(l) as AuditEntry & {prev?: string; hash?: string};
			delete e.prev;
			delete e.hash;
			if (e.attempt && e.result !== 'started') ended.add(e.attempt);
			out.push({...e, line: i + 1});
		} catch {
			// not JSON: verify reports it
		}
	});
	for (const e of out) if (e.result === 'started' && e.attempt && !ended.has(e.attempt)) e.outcome_unknown = true;
	return out;
}

const targetText = (t: Record<string, unknown>) => Object.entries(t).filter(([k]) => k !== 'groups').map(([k, v]) => `${k} ${String(v)}`).join(', ');

export async function run(argv: string[], io: Output = stdio): Promise<number> {
	const cli = parseFlags(argv, HELP, {
		user: {type: 'string'},
		action: {type: 'string'},
		target: {type: 'string'},
		since: {type: 'string'},
		until: {type: 'string'},
		file: {type: 'string', shortFlag: 'f'},
		json: {type: 'boolean', default: false},
	}, io);
	if (typeof cli === 'number') return cli;
	const sub = cli.input[0];
	if (cli.input.length > 1 || (sub !== undefined && sub !== 'verify')) {
		io.err(`berth: audit takes no arguments but "verify" (got ${cli.input.join(' ')})`);
		return EXIT.usage;
	}
	const f = cli.flags as Record<string, string | boolean | undefined>;
	let path = f['file'] as string | undefined;
	if (!path) {
		const ctx = contextOrReport({err: io.err});
		if (!ctx) return EXIT.usage;
		path = ctx.auditPath;
	}
	let text: string;
	try {
		text = readFileSync(path, 'utf8');
	} catch (err) {
		const code = (err as NodeJS.ErrnoException).code;
		if (code === 'ENOENT' && sub !== 'verify') {
			io.out(f['json'] ? '[]' : sanitize(`no audit log yet at ${path}`));
			return EXIT.ok;
		}
		io.err(sanitize(`berth: cannot read the audit log ${path}: ${code ?? (err as Error).message}`));
		return EXIT.failure;
	}
	if (sub === 'verify') {
		const r = verifyChain(text);
		if (f['json']) printJson(io, {ok: !r.broken, file: path, lines: r.lines, broken: r.broken});
		else if (r.broken) io.out(sanitize(`${path}: broken at line ${r.broken.line}: ${r.broken.reason} (${r.lines} lines)`));
		else io.out(sanitize(`${path}: ${r.lines} line${r.lines === 1 ? '' : 's'}, chain intact${r.lines ? ` (last hash ${lineHash(text.trimEnd().split('\n').at(-1) ?? '')?.slice(0, 16)}…)` : ''}`));
		return r.broken ? EXIT.failure : EXIT.ok;
	}
	const since = f['since'] === undefined ? -Infinity : parseTime(String(f['since']));
	const until = f['until'] === undefined ? Infinity : parseTime(String(f['until']));
	if (Number.isNaN(since) || Number.isNaN(until)) {
		io.err('berth: --since/--until take an ISO time (2026-11-30T10:00) or an age (30m, 2h, 7d)');
		return EXIT.usage;
	}
	const want = (e: Shown) => {
		const t = Date.parse(e.time);
		if (!(t >= since && t <= until)) return false;
		if (f['user'] && e.user !== f['user'] && e.sudo_user !== f['user']) return false;
		if (f['action'] && e.action !== f['action']) return false;
		if (f['target'] && !Object.values(e.target ?? {}).some((v) => String(v).includes(String(f['target'])))) return false;
		return true;
	};
	const shown = readEntries(text).filter(want);
	if (f['json']) {
		printJson(io, shown);
		return EXIT.ok;
	}
	for (const e of shown) {
		const result = e.outcome_unknown ? 'started, outcome unknown' : e.result;
		const who = e.sudo_user && e.sudo_user !== e.user ? `${e.user} (sudo ${e.sudo_user})` : e.sudo_user ? `${e.user} (sudo)` : e.user;
		const extra = e.error ? ` — ${e.error}` : e.exit_code !== undefined && e.exit_code !== 0 ? ` — exit ${e.exit_code}` : '';
		io.out(sanitize(`${e.time}  ${who}  ${e.via}  ${e.action}  ${targetText(e.target ?? {}) || 'everything'}  ${result}${extra}`));
	}
	if (!shown.length) io.out('no matching lines');
	return EXIT.ok;
}
