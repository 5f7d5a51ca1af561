/** Shared by `berth images|volumes|networks|events`: subcommand dispatch, filters, cells, confirm. */
import {createInterface} from 'node:readline';
import {sanitize} from '../core/sanitize.js';
import {EXIT, stdio, type Output} from './common.js';

/** One table cell of untrusted text: inert and on one line (newlines shown as ^J). */
export const cell = (s: string | null | undefined): string => sanitize(s ?? '');

export type SubRun = (argv: string[], io: Output) => Promise<number>;

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
