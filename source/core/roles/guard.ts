/**
 * The one gate every mutating action passes (CLI and TUI): authorize, then audit the attempt.
 * A refusal is audited at once; an allowed action writes its intent line before it acts (when a
 * policy is in force and the log cannot be written, the action is refused: no trail, no action)
 * and its outcome when it finishes — or "unknown" when a signal ends berth first.
 */
import {AuditLog, AuditPathError, appendAudit, type AuditEntry, type AuditResult} from '../audit.js';
import {authorize, type RolesContext} from './authorize.js';
import type {Decision, Request} from './types.js';

export interface Outcome {
	ok: boolean;
	error?: string;
	exitCode?: number;
}

export interface Attempt {
	allowed: boolean;
	decision: Decision;
	/** record the outcome of an allowed action (no-op after a refusal) */
	finish(outcome: Outcome): void;
	/** audit-log trouble that did not stop the action (no policy in force) */
	warning?: string;
}

export class RefusedError extends Error {
	constructor(readonly decision: Decision) {
		super(`refused: ${decision.reason}`);
		this.name = 'RefusedError';
	}
}

let attempts = 0;
/** allowed attempts whose outcome is not written yet: written as "unknown" if a signal ends berth first */
const pending = new Map<string, () => void>();
let signalsHooked = false;

function hookSignals(): void {
	if (signalsHooked) return;
	signalsHooked = true;
	for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
		const on = () => {
			for (const write of [...pending.values()]) write();
			// the default action (end the process) unless someone else handles this signal
			if (process.listenerCount(sig) === 1) {
				process.removeListener(sig, on);
				process.kill(process.pid, sig);
			}
		};
		process.on(sig, on);
	}
	// another handler may end the process first (the dashboard exits on SIGTERM/SIGHUP)
	process.on('exit', () => {
		for (const write of [...pending.values()]) write();
	});
}

function entry(ctx: RolesContext, req: Request, d: Decision, result: AuditResult, via: string, o?: Outcome, attempt?: string): AuditEntry {
	const e: AuditEntry = {
		time: new Date().toISOString(),
		user: ctx.identity.user,
		uid: ctx.identity.uid,
		role: d.role,
		action: req.action,
		target: {...(req.target ?? {})},
		result,
		rule: d.rule,
		pid: process.pid,
		via,
	};
	if (ctx.identity.sudoUser) e.sudo_user = ctx.identity.sudoUser;
	if (o?.error) e.error = o.error;
	if (o?.exitCode !== undefined) e.exit_code = o.exitCode;
	if (attempt) e.attempt = attempt;
	return e;
}

const why = (err: unknown) => (err instanceof AuditPathError ? err.message : ((err as NodeJS.ErrnoException).code ?? (err as Error).message));

/** Write one refused line (for refusals decided before the gate, e.g. a key the dashboard hides). */
export function auditRefusal(ctx: RolesContext, req: Request, decision: Decision, via = 'tui'): string | undefined {
	try {
		appendAudit(ctx.auditPath, entry(ctx, req, decision, 'refused', via, {ok: false, error: decision.reason}));
		return undefined;
	} catch (err) {
		return `could not write the audit log ${ctx.auditPath}: ${why(err)}`;
	}
}

/**
 * Authorize, and audit: a refusal is one "refused" line; an allowed action writes its intent
 * ("started") now, before it acts — when a policy is in force and that line cannot be written, the
 * action is refused — and its outcome with finish().
 */
export function guard(ctx: RolesContext, req: Request, via = 'tui'): Attempt {
	const decision = authorize(ctx, req);
	if (!decision.allowed) {
		const warning = auditRefusal(ctx, req, decision, via);
		return {allowed: false, decision, finish: () => undefined, ...(warning ? {warning} : {})};
	}
	const id = `${process.pid}-${++attempts}`;
	let log: AuditLog | null = null;
	let warning: string | undefined;
	try {
		log = AuditLog.open(ctx.auditPath);
		log.write(entry(ctx, req, decision, 'started', via, undefined, id));
	} catch (err) {
		log = null;
		if (ctx.policy) {
			const refused: Decision = {...decision, allowed: false, rule: `${ctx.policy.file} (audit log required)`, reason: `cannot write the audit log ${ctx.auditPath} (${why(err)}); with a policy in force, actions without an audit line are refused`};
			return {allowed: false, decision: refused, finish: () => undefined};
		}
		warning = `could not write the audit log ${ctx.auditPath}: ${why(err)}`;
	}
	let done = false;
	const finish = (o: Outcome | 'unknown') => {
		if (done) return;
		done = true;
		pending.delete(id);
		const result: AuditResult = o === 'unknown' ? 'unknown' : o.ok ? 'ok' : 'failed';
		const out = o === 'unknown' ? {ok: false, error: 'berth was ended by a signal before the action finished: outcome unknown'} : o;
		try {
			log?.write(entry(ctx, req, decision, result, via, out, id));
		} catch {
			// the intent line is there; a lost outcome line reads as "outcome unknown"
		}
	};
	if (log) {
		pending.set(id, () => finish('unknown'));
		hookSignals();
	}
	return {allowed: true, decision, ...(warning ? {warning} : {}), finish};
}

/** Run fn through the gate; throws RefusedError when refused, audits the outcome either way. */
export async function guarded<T>(ctx: RolesContext, req: Request, fn: () => Promise<T>, via = 'tui'): Promise<T> {
	const a = guard(ctx, req, via);
	if (!a.allowed) throw new RefusedError(a.decision);
	try {
		const v = await fn();
		a.finish({ok: true});
		return v;
	} catch (err) {
		a.finish({ok: false, error: (err as Error)?.message ?? String(err)});
		throw err;
	}
}

/** Append one audit line to the context's log (for callers that audit on their own). */
export function audit(e: AuditEntry, ctx: RolesContext): void {
	appendAudit(ctx.auditPath, e);
}
