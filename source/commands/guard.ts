/**
 * The roles gate of the one-shot commands. A command that changes something parses its argv
 * once (its own meow flags), then hands `gated()` the action, what the command line named, and a
 * resolver that finds the exact targets it will touch (commands/targets.ts). The gate authorizes
 * exactly those resolved targets, audits the attempt (refused: exit 4, nothing done), runs the
 * command with them, and audits the outcome (exit code and the first error line it printed).
 * There is no second reading of argv: the value the command acts on is the one resolve() returned.
 */
import {GROUPS} from '../core/groups.js';
import type {AuditEntry} from '../core/audit.js';
import {authorize, rolesSummary, type RolesContext} from '../core/roles/authorize.js';
import {rolesContext} from '../core/roles/context.js';
import {audit, guard} from '../core/roles/guard.js';
import {ConfigError} from '../core/roles/policy.js';
import {requiredRole, roleRank, type Target} from '../core/roles/types.js';
import {sanitize} from '../core/sanitize.js';
import {EXIT, stdio, type Output} from './common.js';

export const EXIT_REFUSED = 4;

/** Load the roles context, printing a malformed policy/config as file:line (null: exit 2). */
export function contextOrReport(io: Pick<Output, 'err'> = stdio): RolesContext | null {
	try {
		return rolesContext();
	} catch (err) {
		if (!(err instanceof ConfigError)) throw err;
		for (const p of err.problems) io.err(sanitize(`berth: ${p.file}:${p.line}:${p.col} ${p.message}`));
		io.err('  → fix the file above; nothing was done');
		return null;
	}
}

export interface Resolved<R> {
	/** exactly what the command will touch (the audit line names it) */
	target: Target;
	/** what the command acts on: the resolved containers, project, engine … */
	value: R;
}

export interface GateRequest<R> {
	/** the roles action (null: this invocation changes nothing, e.g. --dry-run) */
	action: string | null;
	/** what the command line named, from the command's own parse (audited when refused up front) */
	named: Target;
	/** find the exact targets (may ask the engine); a number is an exit code already reported on io */
	resolve: (io: Output) => Promise<Resolved<R> | number>;
}

/** An Output that remembers the first line written to err (for the audit line). */
function recording(io: Output): {io: Output; first: () => string | undefined} {
	let first: string | undefined;
	return {
		io: {
			out: io.out,
			err: (s) => {
				if (first === undefined) {
					const line = s.split('\n').find((l) => l.trim());
					if (line) first = line.replace(/^berth: /, '').slice(0, 500);
				}
				io.err(s);
			},
		},
		first: () => first,
	};
}

export async function gated<R>(io: Output, req: GateRequest<R>, act: (value: R, io: Output) => Promise<number>): Promise<number> {
	if (req.action === null) {
		const r = await req.resolve(io);
		return typeof r === 'number' ? r : act(r.value, io);
	}
	const action = req.action;
	const ctx = contextOrReport(io);
	if (!ctx) return EXIT.usage;
	// an action the user may not do on any group is refused whatever it targets: no lookup (and no
	// engine) needed; anything else is decided on the resolved targets
	if (!allowedSomewhere(ctx, action)) return refuse(io, guard(ctx, {action, target: req.named}, 'cli'));
	const found = recording(io);
	const r = await req.resolve(found.io);
	if (typeof r === 'number') {
		// the attempt failed before anything was touched (no such container, engine unreachable …)
		const warning = auditUnresolved(ctx, action, req.named, r, found.first());
		if (warning) io.err(`berth: warning: ${warning}`);
		return r;
	}
	const attempt = guard(ctx, {action, target: r.target}, 'cli');
	if (!attempt.allowed) return refuse(io, attempt);
	if (attempt.warning) io.err(`berth: warning: ${attempt.warning}`);
	const rec = recording(io);
	try {
		const code = await act(r.value, rec.io);
		const error = rec.first();
		attempt.finish(code === 0 ? {ok: true, exitCode: 0} : {ok: false, exitCode: code, ...(error ? {error} : {})});
		return code;
	} catch (err) {
		attempt.finish({ok: false, error: (err as Error)?.message ?? String(err)});
		throw err;
	}
}

/** One "failed" line for an attempt whose targets could not be resolved (nothing was done). */
function auditUnresolved(ctx: RolesContext, action: string, named: Target, exitCode: number, error: string | undefined): string | undefined {
	const d = authorize(ctx, {action, target: named});
	const e: AuditEntry = {time: new Date().toISOString(), user: ctx.identity.user, uid: ctx.identity.uid, role: d.role, action, target: {...named}, result: 'failed', rule: d.rule, pid: process.pid, via: 'cli', exit_code: exitCode};
	if (ctx.identity.sudoUser) e.sudo_user = ctx.identity.sudoUser;
	if (error) e.error = error;
	try {
		audit(e, ctx);
		return undefined;
	} catch (err) {
		return `could not write the audit log ${ctx.auditPath}: ${(err as Error).message}`;
	}
}

function allowedSomewhere(ctx: RolesContext, action: string): boolean {
	const best = Math.max(...GROUPS.map((g) => roleRank(ctx.grants[g].role)));
	return best >= roleRank(requiredRole(action));
}

function refuse(io: Output, attempt: ReturnType<typeof guard>): number {
	if (attempt.warning) io.err(`berth: warning: ${attempt.warning}`);
	io.err(sanitize(`berth: refused: ${attempt.decision.reason}`));
	return EXIT_REFUSED;
}

/** The roles line of `berth status` (never throws: a broken policy is reported on the line). */
export function rolesStatus(): {line: string; json: Record<string, unknown>} {
	try {
		const ctx = rolesContext();
		const grants = Object.fromEntries(Object.entries(ctx.grants).map(([g, v]) => [g, v.role]));
		return {
			line: rolesSummary(ctx) + ctx.warnings.map((w) => `\n  ! ${w}`).join(''),
			json: {user: ctx.identity.user, policy: ctx.policy?.file ?? null, read_only: ctx.readOnly, roles: grants, audit_log: ctx.auditPath},
		};
	} catch (err) {
		if (!(err instanceof ConfigError)) throw err;
		const first = err.problems[0]!;
		const where = `${first.file}:${first.line}:${first.col} ${first.message}`;
		return {line: sanitize(`roles: policy error at ${where} — changes are refused until it is fixed`), json: {error: err.message}};
	}
}
