/**
 * Every one-shot subcommand: name → summary and a lazy loader. A command module exports
 * `run(argv: string[], io?: Output): Promise<number>` (it parses its own flags with meow and
 * prints its own --help). Add a line here to add a command; cli.tsx needs no change.
 */
import type {Output} from './common.js';

export interface CommandModule {
	run(argv: string[], io?: Output): Promise<number>;
}

export interface CommandEntry {
	summary: string;
	load: () => Promise<CommandModule>;
}

export const commands: Record<string, CommandEntry> = {
	status: {summary: 'every container, grouped by compose project and service (--json)', load: () => import('./status.js')},
};
