/** Shared by the one-shot commands: exit codes, connecting, printing errors. */
import meow, {type AnyFlags, type Result} from 'meow';
import {setReadOnly} from '../core/roles/read-only.js';
import {connectEngine, type Engine} from '../engine/connection.js';
import {EngineError} from '../engine/errors.js';
import {terminalJson, terminalText} from '../core/sanitize.js';

export const EXIT = {ok: 0, failure: 1, usage: 2, unreachable: 3} as const;

export interface Output {
	out: (s: string) => void;
	err: (s: string) => void;
}

const line = (s: string) => (s.endsWith('\n') ? s : s + '\n');

/**
 * The one output boundary of the commands: everything printed on stdout and stderr is made inert
 * here (core/sanitize terminalText: no escape sequence, C1 or bidi control, NUL, BEL … reaches the
 * terminal raw), whatever the command put in it: names, labels, image configs, log and healthcheck
 * output, compose and config file content, engine and compose error messages. `--json` goes
 * through printJson, whose text holds no control at all, so this rule leaves it as it is.
 */
export const stdio: Output = {
	out: (s) => process.stdout.write(line(terminalText(s))),
	err: (s) => process.stderr.write(line(terminalText(s))),
};

/** The one JSON writer of `--json`: the exact value, controls escaped (core/sanitize terminalJson). */
export function printJson(io: Output, value: unknown, indent = 2): void {
	io.out(terminalJson(value, indent));
}

/** Print an error as "berth: message" + "  → hint"; the exit code that goes with it. */
export function reportError(err: unknown, io: Output = stdio): number {
	if (err instanceof EngineError) {
		io.err(`berth: ${err.message}`);
		if (err.hint) io.err(`  → ${err.hint}`);
		return err.code === 'unreachable' || err.code === 'permission' ? EXIT.unreachable : EXIT.failure;
	}
	io.err(`berth: ${(err as Error)?.message ?? String(err)}`);
	return EXIT.failure;
}

export async function connectOrReport(host: string | undefined, io: Output = stdio): Promise<Engine | number> {
	try {
		return await connectEngine({host});
	} catch (err) {
		return reportError(err, io);
	}
}

/** Global flags given before the command (`berth -H X status`): cli.tsx parses them, parseFlags applies them. */
export interface GlobalFlags {
	host?: string;
}

let globals: GlobalFlags = {};

declare const BERTH_VERSION: string | undefined;

/**
 * What meow would read from package.json, given instead: meow then never reads or normalises
 * package.json (the build cuts that code out of the bundle: scripts/build.mjs). `bin` names the
 * process title as before ("berth").
 */
export const MEOW_PKG = {name: 'berth', version: typeof BERTH_VERSION === 'string' ? BERTH_VERSION : 'dev', bin: {berth: 'dist/cli.js'}};

export function setGlobalFlags(g: GlobalFlags): void {
	globals = {...g};
}

/**
 * meow for one subcommand: its own help text and flags — the one parse of its command line.
 * Unknown flags are a usage error (exit 2). Every command also takes `--read-only` (viewer rights
 * only) and, when it has `--host`, the global `-H/--host` given before the command (both: they
 * must agree). Returns the parsed result, or an exit code when it already printed
 * help/version/an error.
 */
export function parseFlags<F extends AnyFlags>(argv: string[], help: string, flags: F, io: Output = stdio): Result<F> | number {
	const cut = argv.indexOf('--');
	const head = cut >= 0 ? argv.slice(0, cut) : argv;
	if (head.includes('--help') || head.includes('-h')) {
		io.out(help.replace(/^\n/, ''));
		return EXIT.ok;
	}
	let cli: Result<F>;
	try {
		cli = meow(help, {importMeta: import.meta, pkg: MEOW_PKG, argv, flags: {readOnly: {type: 'boolean', default: false}, ...flags}, allowUnknownFlags: false, autoHelp: false, autoVersion: false}) as unknown as Result<F>;
	} catch (err) {
		io.err(`berth: ${(err as Error).message}`);
		return EXIT.usage;
	}
	const f = cli.flags as Record<string, unknown>;
	if (f['readOnly'] === true) setReadOnly(true);
	if (globals.host !== undefined && 'host' in flags) {
		if (f['host'] !== undefined && f['host'] !== globals.host) {
			io.err(`berth: two engine addresses: -H ${globals.host} before the command and --host ${String(f['host'])} after it; give one`);
			return EXIT.usage;
		}
		f['host'] = globals.host;
	}
	return cli;
}

/**
 * A read-only report command: `--json` and `--host` flags, connect, fetch, then print the data as
 * JSON or as the text lines `render` makes. Exit 0, or the code of what went wrong.
 */
export async function runReport<T>(argv: string[], help: string, fetch: (engine: Engine) => Promise<T>, render: (data: T) => string[], io: Output = stdio): Promise<number> {
	const cli = parseFlags(argv, help, {json: {type: 'boolean', default: false}, host: {type: 'string', shortFlag: 'H'}}, io);
	if (typeof cli === 'number') return cli;
	const engine = await connectOrReport(cli.flags.host as string | undefined, io);
	if (typeof engine === 'number') return engine;
	try {
		const data = await fetch(engine);
		if (cli.flags.json) printJson(io, data);
		else io.out(render(data).join('\n'));
		return EXIT.ok;
	} catch (err) {
		return reportError(err, io);
	}
}
