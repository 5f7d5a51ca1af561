/**
 * The roles gate for the resource commands' changes (images rm/prune/pull, volume create/rm/prune/
 * backup/restore, network create/rm/connect/disconnect): the command parses its argv once, resolves
 * what it will touch, and passes that here; authorized → run and audit the outcome, refused →
 * audit the refusal, print it, exit 4, nothing done.
 */
import {authorize} from '../core/roles/authorize.js';
import {rolesContext} from '../core/roles/context.js';
import {guard} from '../core/roles/guard.js';
import {ConfigError} from '../core/roles/policy.js';
import {uniformGrants} from '../core/roles/resolve.js';
import type {Target} from '../core/roles/types.js';
import {EXIT, type Output} from './common.js';

export const EXIT_REFUSED = 4;

export interface Resolved<R> {
	target: Target;
	value: R;
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

/**
 * `named`: what the command line named (audited when refused up front: when the role is the same on
 * every group no target can change the decision, so a refusal needs no lookup and no engine);
 * `resolve`: the exact targets (may ask the engine), a number being an exit code already reported.
 */
export async function gatedChange<R>(io: Output, action: string, named: Target, resolve: () => Promise<Resolved<R> | number>, act: (value: R, io: Output) => Promise<number>): Promise<number> {
	let ctx;
	try {
		ctx = rolesContext();
	} catch (err) {
		if (!(err instanceof ConfigError)) throw err;
		for (const p of err.problems) io.err(`berth: ${p.file}:${p.line}:${p.col} ${p.message}`);
		io.err('  → fix the file above; nothing was done');
		return EXIT.usage;
	}
	const refuse = (attempt: ReturnType<typeof guard>) => {
		if (attempt.warning) io.err(`berth: warning: ${attempt.warning}`);
		io.err(`berth: refused: ${attempt.decision.reason}`);
		return EXIT_REFUSED;
	};
	if (uniformGrants(ctx) && !authorize(ctx, {action, target: named}).allowed) return refuse(guard(ctx, {action, target: named}, 'cli'));
	const r = await resolve();
	if (typeof r === 'number') return r;
	const attempt = guard(ctx, {action, target: r.target}, 'cli');
	if (!attempt.allowed) return refuse(attempt);
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

/** A change whose target is what the command line says (no lookup): named and resolved are the same. */
export function fixed<R>(target: Target, value: R): [Target, () => Promise<Resolved<R>>] {
	return [target, async () => ({target, value})];
}
