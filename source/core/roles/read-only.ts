/**
 * `--read-only` of this process, on its own: setting it loads nothing of the roles (no policy
 * parser, no YAML), so a command that never asks about roles pays nothing for the flag.
 * core/roles/context.ts reads it when it builds the context.
 */
let flag = false;

/** `--read-only` on the command line (cli.tsx and commands/common.ts call this). */
export function setReadOnly(on: boolean): void {
	flag = on;
}

export const readOnlyFlag = (): boolean => flag;
