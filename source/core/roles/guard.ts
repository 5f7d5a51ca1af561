/**
 * The one gate every mutating action passes (CLI and TUI): authorize, then audit the attempt.
 * A refusal is audited at once; an allowed action opens the audit log first (when a policy is in
 * force and the log cannot be written, the action is refused: no trail, no action) and writes its
 * line with the outcome when it finishes.
 */
import {AuditLog, appendAudit, type AuditEntry, type AuditResult} from '../audit.js';
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

function entry(ctx: RolesContext, req: Request, d: Decision, result: AuditResult, via: string, o?: Outcome): AuditEntry {
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
	return e;
}

const why = (err: unknown) => (err as NodeJS.ErrnoException).code ?? (err as Error).message;

export function guard(ctx: RolesContext, req: Request, via = 'tui'): Attempt {
	const decision = authorize(ctx, req);
	if (!decision.allowed) {
		let warning: string | undefined;
		try {
			appendAudit(ctx.auditPath, entry(ctx, req, decision, 'refused', via, {ok: false, error: decision.reason}));
		} catch (err) {
			warning = `could not write the audit log ${ctx.auditPath}: ${why(err)}`;
		}
		return {allowed: false, decision, finish: () => undefined, ...(warning ? {warning} : {})};
	}
	let log: AuditLog | null = null;
	let warning: string | undefined;
	try {
		log = AuditLog.open(ctx.auditPath);
	} catch (err) {
		if (ctx.policy) {
			const refused: Decision = {...decision, allowed: false, rule: `${ctx.policy.file} (audit log required)`, reason: `cannot write the audit log ${ctx.auditPath} (${why(err)}); with a policy in force, actions without an audit line are refused`};
			return {allowed: false, decision: refused, finish: () => undefined};
		}
		warning = `could not write the audit log ${ctx.auditPath}: ${why(err)}`;
	}
	let done = false;
	return {
		allowed: true,
		decision,
		...(warning ? {warning} : {}),
		finish(o: Outcome) {
			if (done) return;
			done = true;
			try {
				log?.write(entry(ctx, req, decision, o.ok ? 'ok' : 'failed', via, o));
			} finally {
				log?.close();
			}
		},
	};
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
