/**
 * The shape shared by `berth images|volumes|networks` (and bits of `berth events`): subcommand
 * dispatch, one parse per subcommand (its flags plus --json and --host), the list (label filters,
 * --json or a table), remove-each (per-name result, "no such … (nothing to do)", refused while in
 * use), prune (estimate, --dry-run, ask or --yes, then what was reclaimed), and the roles gate for
 * every change (commands/guard.ts gated(): the command names what the command line named, resolves
 * what it will touch, and the gate authorizes and audits exactly that; refused → exit 4, nothing
 * done). Each command module holds only what is its own: help, table, engine calls, messages.
 */
import {createInterface} from 'node:readline';
import type {Target} from '../core/roles/types.js';
import {sanitize} from '../core/sanitize.js';
import type {Engine} from '../engine/connection.js';
import {EXIT, connectOrReport, parseFlags, printJson, reportError, stdio, type Output} from './common.js';
import {gated, type Resolved} from './guard.js';

export type {Resolved};

/** One table cell of untrusted text: inert and on one line (newlines shown as ^J). */
export const cell = (s: string | null | undefined): string => sanitize(s ?? '');

/** "a, b, c +4 more" (the full list is in --json); "-" for none. */
export function usedBy(names: string[], max = 3): string {
	if (!names.length) return '-';
	return names.slice(0, max).join(', ') + (names.length > max ? ` +${names.length - max} more` : '');
}

export type SubRun = (argv: string[], io: Output) => Promise<number>;

/** A resource command: its words and its help. */
export interface Resource {
	/** the list's word in its usage errors: "images", "volumes", "networks" */
	list: string;
	/** the subcommands' word ("images rm", "volume prune") and where `--help` is: "images", "volume", "network" */
	noun: string;
	/** one object: "image", "volume", "network" */
	kind: string;
	help: string;
}

/**
 * `berth NOUN [SUB] …`: the first argument picks the subcommand when it names one, else `def`
 * (the list) runs with all of argv. An unknown word in the subcommand's place is a usage error.
 */
export async function dispatch(noun: string, argv: string[], subs: Record<string, SubRun>, def: string, help: string, io: Output = stdio): Promise<number> {
	const first = argv[0];
	if (first === undefined || first.startsWith('-')) {
		if ((first === '--help' || first === '-h') && argv.length === 1) {
			io.out(help.replace(/^\n/, ''));
			return EXIT.ok;
		}
		return subs[def]!(argv, io);
	}
	const sub = subs[first];
	if (!sub) {
		io.err(`berth: ${noun}: unknown subcommand "${first}" (one of: ${Object.keys(subs).join(', ')})`);
		return EXIT.usage;
	}
	return sub(argv.slice(1), io);
}

/** A usage error of the resource: the message, where the help is; exit 2. */
export function usage(r: Resource, io: Output, msg: string): number {
	io.err(`berth: ${msg}`);
	io.err(`  → \`berth ${r.noun} --help\``);
	return EXIT.usage;
}

export interface Parsed<F> {
	input: string[];
	f: F & {json: boolean; host?: string};
}

/** One subcommand's parse: its own meow flags plus --json and --host (-H). A number: exit code, reported. */
export function parseSub<F = object>(r: Resource, argv: string[], io: Output, flags: Record<string, unknown> = {}): Parsed<F> | number {
	const cli = parseFlags(argv, r.help, {...flags, json: {type: 'boolean', default: false}, host: {type: 'string', shortFlag: 'H'}} as never, io);
	if (typeof cli === 'number') return cli;
	return {input: cli.input, f: cli.flags as Parsed<F>['f']};
}

/** A subcommand that takes exactly one NAME (or REF): its parse and that name. */
export function parseOne<F = object>(r: Resource, sub: string, what: 'NAME' | 'REF', argv: string[], io: Output, flags: Record<string, unknown> = {}): {f: Parsed<F>['f']; name: string} | number {
	const cli = parseSub<F>(r, argv, io, flags);
	if (typeof cli === 'number') return cli;
	if (cli.input.length !== 1) return usage(r, io, `${r.noun} ${sub} needs exactly one ${what}`);
	return {f: cli.f, name: cli.input[0]!};
}

/** `fn`'s exit code, or the code of the error it threw (reported on io). */
export async function orReport(io: Output, fn: () => Promise<number>): Promise<number> {
	try {
		return await fn();
	} catch (err) {
		return reportError(err, io);
	}
}

/** Connect (unreachable: exit 3, reported), then run `fn` on the engine (an error: reported, its code). */
export async function withEngine(host: string | undefined, io: Output, fn: (engine: Engine) => Promise<number>): Promise<number> {
	const engine = await connectOrReport(host, io);
	if (typeof engine === 'number') return engine;
	return orReport(io, () => fn(engine));
}

/** A change's resolve step that asks the engine: connect, then find the exact target (an error: reported, its code). */
export function resolveOnEngine<R>(host: string | undefined, io: Output, find: (engine: Engine) => Promise<Resolved<R>>): () => Promise<Resolved<R> | number> {
	return async () => {
		const engine = await connectOrReport(host, io);
		if (typeof engine === 'number') return engine;
		try {
			return await find(engine);
		} catch (err) {
			return reportError(err, io);
		}
	};
}

/** A gated change: the roles action, what the command line named, the resolver, then the act on what it resolved. */
export function gatedChange<R>(io: Output, action: string, named: Target, resolve: () => Promise<Resolved<R> | number>, act: (value: R, io: Output) => Promise<number>): Promise<number> {
	return gated(io, {action, named, resolve: () => resolve()}, act);
}

/** A gated change whose target is what the command line says (no lookup), run on a connected engine. */
export function fixedChange<V>(io: Output, host: string | undefined, action: string, detail: string, value: V, act: (engine: Engine, value: V, io: Output) => Promise<number>): Promise<number> {
	const target: Target = {detail};
	return gatedChange(io, action, target, async () => ({target, value}), (v, io2) => withEngine(host, io2, (engine) => act(engine, v, io2)));
}

/** `--filter label=K[=V]` / `--label K=V` → docker label filters ("K" or "K=V"); a non-label filter → error text. */
export function labelFilters(filters: string[]): string[] | string {
	const out: string[] = [];
	for (const f of filters) {
		const m = /^label=(.+)$/.exec(f);
		if (!m) return `unsupported filter "${f}" (only label=KEY or label=KEY=VALUE)`;
		out.push(m[1]!);
	}
	return out;
}

/** `--label K=V` (repeatable) → a labels object; a malformed one → error text. */
export function labelsObject(labels: string[]): Record<string, string> | string {
	const out: Record<string, string> = {};
	for (const l of labels) {
		const eq = l.indexOf('=');
		if (eq === 0) return `bad label "${l}" (KEY=VALUE)`;
		if (eq < 0) out[l] = '';
		else out[l.slice(0, eq)] = l.slice(eq + 1);
	}
	return out;
}

/**
 * Ask a yes/no question on the terminal. null when stdin is not a terminal (nobody to ask: the
 * caller refuses and says which flag to pass).
 */
export async function confirm(question: string, io: Output = stdio): Promise<boolean | null> {
	if (!process.stdin.isTTY) return null;
	const rl = createInterface({input: process.stdin, output: process.stderr});
	try {
		io.err(`${question} [y/N]`);
		const answer = await new Promise<string>((resolve) => {
			rl.once('line', resolve);
			rl.once('close', () => resolve(''));
		});
		return /^y(es)?$/i.test(answer.trim());
	} finally {
		rl.close();
	}
}

/** Strings of a repeatable meow flag. */
export const many = (v: unknown): string[] => (Array.isArray(v) ? (v as unknown[]).map(String) : v === undefined ? [] : [String(v)]);

const FILTER = {filter: {type: 'string', isMultiple: true}};

/** `NOUN [ls] [--dangling] [--filter label=…] [--json]`: the objects as JSON or as a table. */
export function listSub<T>(
	r: Resource,
	o: {
		/** the --dangling flag (images, volumes) */
		dangling?: boolean;
		list: (engine: Engine, q: {dangling: boolean; labels: string[]}) => Promise<T[]>;
		/** the --json value (default: the records as they are) */
		json?: (rows: T[], engine: Engine) => unknown;
		render: (rows: T[], engine: Engine) => string[];
	},
): SubRun {
	return async (argv, io) => {
		const cli = parseSub<{dangling?: boolean; filter?: string[]}>(r, argv, io, {...(o.dangling ? {dangling: {type: 'boolean', default: false}} : {}), ...FILTER});
		if (typeof cli === 'number') return cli;
		const {f, input} = cli;
		if (input.length) return usage(r, io, `${r.list}: unexpected argument "${input[0]}"`);
		const labels = labelFilters(many(f.filter));
		if (typeof labels === 'string') return usage(r, io, labels);
		return withEngine(f.host, io, async (engine) => {
			const rows = await o.list(engine, {dangling: Boolean(f.dangling), labels});
			if (f.json) printJson(io, o.json ? o.json(rows, engine) : rows);
			else io.out(o.render(rows, engine).join('\n'));
			return EXIT.ok;
		});
	};
}

/**
 * `NOUN rm NAME... [--force] [--json]`: each in turn, gated as one change. Not there: "no such …
 * (nothing to do)"; refused (in use) or failed: the message and its hint, the others still tried,
 * exit 1. An unreachable engine or no permission stops at once (exit 3). --json: one row each,
 * with `error` and `code` (null when it went well).
 */
export function removeSub<R extends {found: boolean}>(
	r: Resource,
	o: {
		action: string;
		/** the --force (-f) flag */
		force?: boolean;
		/** the word in "needs at least one …" */
		what: 'REF' | 'NAME';
		/** the audit's detail (default: "KIND a, b") */
		detail?: (names: string[], force: boolean) => string;
		remove: (engine: Engine, name: string, force: boolean) => Promise<R>;
		/** the --json row but error and code (default {name, found}); r null: it failed */
		row?: (name: string, r: R | null) => object;
		/** the text line for a removed one (default "removed KIND NAME") */
		removed?: (name: string, r: R) => string;
	},
): SubRun {
	const row = o.row ?? ((name: string, x: R | null) => ({name, found: x ? x.found : true}));
	const removed = o.removed ?? ((name: string) => `removed ${r.kind} ${cell(name)}`);
	return async (argv, io) => {
		const cli = parseSub<{force?: boolean}>(r, argv, io, o.force ? {force: {type: 'boolean', shortFlag: 'f', default: false}} : {});
		if (typeof cli === 'number') return cli;
		const {f, input: names} = cli;
		const force = Boolean(f.force);
		if (!names.length) return usage(r, io, `${r.noun} rm needs at least one ${o.what}`);
		const detail = o.detail ? o.detail(names, force) : `${r.kind} ${names.join(', ')}`;
		return fixedChange(io, f.host, o.action, detail, names, async (engine, value, io2) => {
			const results: Array<{error: string | null; code: string | null}> = [];
			for (const name of value) {
				try {
					const x = await o.remove(engine, name, force);
					results.push({...row(name, x), error: null, code: null});
					if (!f.json) io2.out(x.found ? removed(name, x) : `${cell(name)}: no such ${r.kind} (nothing to do)`);
				} catch (err) {
					const e = err as {code?: string; message?: string; hint?: string};
					if (e.code === 'unreachable' || e.code === 'permission') throw err;
					results.push({...row(name, null), error: e.message ?? String(err), code: e.code ?? null});
					io2.err(`berth: ${e.message ?? String(err)}`);
					if (e.hint) io2.err(`  → ${e.hint}`);
				}
			}
			if (f.json) printJson(io2, results);
			return results.some((x) => x.error) ? EXIT.failure : EXIT.ok;
		});
	};
}

/**
 * `NOUN prune [--all] [--filter label=…] [--dry-run] [--yes] [--json]`: shows what would go and
 * what it frees, then asks (not a terminal: exit 2, pass --yes), prunes, and says what was
 * reclaimed. --dry-run only shows (and is not a change: no roles gate). --json: {estimate, result}.
 */
export function pruneSub<E, P>(
	r: Resource,
	o: {
		action: string;
		/** the --all (-a) flag (images: every unused one, not only the dangling) */
		all?: boolean;
		/** what goes: "dangling images", "unused volumes" */
		what: (all: boolean) => string;
		estimate: (engine: Engine, q: {all: boolean; labels: string[]}) => Promise<E>;
		/** the estimate as text lines */
		describe: (e: E, what: string) => string[];
		question: (e: E, what: string) => string;
		prune: (engine: Engine, q: {all: boolean; labels: string[]}) => Promise<P>;
		/** the result as a text line */
		done: (p: P) => string;
	},
): SubRun {
	return async (argv, io) => {
		const cli = parseSub<{all?: boolean; filter?: string[]; dryRun: boolean; yes: boolean}>(r, argv, io, {
			...(o.all ? {all: {type: 'boolean', shortFlag: 'a', default: false}} : {}),
			...FILTER,
			dryRun: {type: 'boolean', default: false},
			yes: {type: 'boolean', shortFlag: 'y', default: false},
		});
		if (typeof cli === 'number') return cli;
		const {f, input} = cli;
		if (input.length) return usage(r, io, `${r.noun} prune: unexpected argument "${input[0]}"`);
		const labels = labelFilters(many(f.filter));
		if (typeof labels === 'string') return usage(r, io, labels);
		const q = {all: Boolean(f.all), labels};
		const what = o.what(q.all);
		const body = (io2: Output) =>
			withEngine(f.host, io2, async (engine) => {
				const estimate = await o.estimate(engine, q);
				if (!f.json) for (const line of o.describe(estimate, what)) io2.out(line);
				if (f.dryRun) {
					if (f.json) printJson(io2, {estimate, result: null});
					return EXIT.ok;
				}
				if (!f.yes) {
					const ok = await confirm(o.question(estimate, what), io2);
					if (ok === null) {
						io2.err(`berth: ${r.noun} prune asks before removing; not a terminal: pass --yes (or --dry-run to only look)`);
						return EXIT.usage;
					}
					if (!ok) {
						io2.out('nothing removed');
						return EXIT.ok;
					}
				}
				const result = await o.prune(engine, q);
				if (f.json) printJson(io2, {estimate, result});
				else io2.out(o.done(result));
				return EXIT.ok;
			});
		if (f.dryRun) return body(io);
		const target: Target = {detail: `${what}${labels.length ? ` with label ${labels.join(', ')}` : ''}`};
		return gatedChange(io, o.action, target, async () => ({target, value: null}), (_v, io2) => body(io2));
	};
}
