/**
 * The gate around one-shot commands (cli.tsx calls runCommandGuarded for every command): read
 * commands run as they are; a mutating one is authorized first (refused: exit 4, nothing done,
 * the refusal audited), then run, then its outcome audited (exit code and the first error line).
 */
import {connectEngine} from '../../engine/connection.js';
import {sanitize, terminalText} from '../sanitize.js';
import {rolesSummary, type RolesContext} from './authorize.js';
import {commandGuard, scan} from './commands.js';
import {rolesContext} from './context.js';
import {guard} from './guard.js';
import {ConfigError} from './policy.js';
import {resolveGroups, uniformGrants} from './resolve.js';
import type {Target} from './types.js';

export const EXIT_REFUSED = 4;

export interface GateIo {
	err: (s: string) => void;
}

// the CLI's output rule (core/sanitize terminalText, as commands/common.ts stdio): refusal reasons
// quote targets and groups, which come from argv and from container labels
const stderrIo: GateIo = {err: (s) => process.stderr.write(terminalText(s.endsWith('\n') ? s : s + '\n'))};

/** Load the roles context, printing a malformed policy/config as file:line (null: exit 2). */
export function contextOrReport(io: GateIo = stderrIo): RolesContext | null {
	try {
		return rolesContext();
	} catch (err) {
		if (!(err instanceof ConfigError)) throw err;
		for (const p of err.problems) io.err(sanitize(`berth: ${p.file}:${p.line}:${p.col} ${p.message}`));
		io.err('  → fix the file above; nothing was done');
		return null;
	}
}

async function withGroups(ctx: RolesContext, argv: string[], t: Target): Promise<Target> {
	// the groups a compose file proposes are checked against the containers' own (resolveGroups)
	if (uniformGrants(ctx) || (!t.container && !t.project)) return t;
	try {
		const host = scan(argv).flags['host'];
		const engine = await connectEngine(typeof host === 'string' ? {host} : {});
		return await resolveGroups(engine, t);
	} catch {
		// engine unreachable: groups unknown, the role is then needed on every group
		const {group: _g, groups: _gs, ...rest} = t;
		return rest;
	}
}

export async function runCommandGuarded(name: string, argv: string[], run: () => Promise<number>, io: GateIo = stderrIo): Promise<number> {
	if (argv.includes('--help') || argv.includes('-h')) return run();
	const g = commandGuard(name);
	if (g === 'read') return run();
	// a command nobody classified needs admin (fail safe)
	const action = g ? g.action(argv) : name;
	if (action === null) return run();
	const ctx = contextOrReport(io);
	if (!ctx) return 2;
	const target = await withGroups(ctx, argv, g ? g.target(argv) : {});
	const attempt = guard(ctx, {action, target}, 'cli');
	if (attempt.warning) io.err(`berth: warning: ${attempt.warning}`);
	if (!attempt.allowed) {
		io.err(`berth: refused: ${attempt.decision.reason}`);
		return EXIT_REFUSED;
	}
	// the first "berth: …" line the command prints on stderr goes into the audit line
	let firstError: string | undefined;
	const write = process.stderr.write.bind(process.stderr);
	process.stderr.write = ((chunk: unknown, ...rest: unknown[]) => {
		if (firstError === undefined) {
			const line = String(chunk).split('\n').find((l) => l.trim());
			if (line) firstError = line.replace(/^berth: /, '').slice(0, 500);
		}
		return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
	}) as typeof process.stderr.write;
	try {
		const code = await run();
		attempt.finish(code === 0 ? {ok: true, exitCode: 0} : {ok: false, exitCode: code, ...(firstError ? {error: firstError} : {})});
		return code;
	} catch (err) {
		attempt.finish({ok: false, error: (err as Error)?.message ?? String(err)});
		throw err;
	} finally {
		process.stderr.write = write;
	}
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
