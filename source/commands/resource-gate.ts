/**
 * The roles gate for the resource commands' changes (images rm/prune/pull, volume create/rm/prune/
 * backup/restore, network create/rm/connect/disconnect): the project's one gate (commands/guard.ts
 * gated()) — the command parses its argv once, names what the command line named, resolves what
 * it will touch, and the gate authorizes and audits exactly that; refused → exit 4, nothing done.
 */
import type {Target} from '../core/roles/types.js';
import type {Output} from './common.js';
import {gated, type Resolved} from './guard.js';

export type {Resolved};

export function gatedChange<R>(io: Output, action: string, named: Target, resolve: () => Promise<Resolved<R> | number>, act: (value: R, io: Output) => Promise<number>): Promise<number> {
	return gated(io, {action, named, resolve: () => resolve()}, act);
}

/** A change whose target is what the command line says (no lookup): named and resolved are the same. */
export function fixed<R>(target: Target, value: R): [Target, () => Promise<Resolved<R>>] {
	return [target, async () => ({target, value})];
}
