/**
 * Top-level `include:` — other compose files whose services, networks, volumes, secrets and
 * configs join this model. Each is loaded on its own (its paths and `.env` relative to its own
 * directory, its problems reported in its own file); a name defined twice is an error.
 */
import {existsSync} from 'node:fs';
import {resolve} from 'node:path';
import type {Locator} from './locate.js';
import type {ComposeModel, ComposeProject, Diagnostic} from './types.js';

type Loader = (file: string, chain: string[]) => ComposeProject;

const SECTIONS = ['networks', 'volumes', 'secrets', 'configs'] as const;

function paths(entry: unknown): string[] | null {
	if (typeof entry === 'string') return [entry];
	if (entry && typeof entry === 'object' && !Array.isArray(entry)) {
		const p = (entry as Record<string, unknown>)['path'];
		if (typeof p === 'string') return [p];
		if (Array.isArray(p) && p.every((x) => typeof x === 'string')) return p as string[];
	}
	return null;
}

export function mergeIncludes(include: unknown, dir: string, model: ComposeModel, loc: Locator, chain: string[], load: Loader): Diagnostic[] {
	const out: Diagnostic[] = [];
	if (include === undefined || include === null) return out;
	if (!Array.isArray(include)) return [loc.diag(['include'], 'error', 'bad-include', 'include must be a list of files')];
	const owner: Record<string, string> = Object.fromEntries(Object.keys(model.services).map((s) => [s, loc.file]));
	include.forEach((entry, i) => {
		const files = paths(entry);
		if (!files) {
			out.push(loc.diag(['include', i], 'error', 'bad-include', 'an include entry is a path or {path: …}'));
			return;
		}
		for (const f of files) {
			const file = resolve(dir, f);
			if (!existsSync(file)) {
				out.push(loc.diag(['include', i], 'error', 'bad-include', `included file ${file} not found`));
				continue;
			}
			if (chain.includes(file)) {
				out.push(loc.diag(['include', i], 'error', 'bad-include', `include cycle: ${[...chain, file].join(' → ')}`));
				continue;
			}
			const sub = load(file, [...chain, file]);
			out.push(...sub.diagnostics);
			for (const [name, svc] of Object.entries(sub.model.services)) {
				if (owner[name]) {
					out.push(loc.diag(['include', i], 'error', 'include-conflict', `service "${name}" from ${file} is already defined in ${owner[name]}`));
					continue;
				}
				owner[name] = file;
				model.services[name] = svc;
			}
			for (const section of SECTIONS) {
				const defs = sub.model[section];
				if (!defs || typeof defs !== 'object') continue;
				const mine = (model[section] ??= {}) as Record<string, unknown>;
				for (const [k, v] of Object.entries(defs)) if (!(k in mine)) mine[k] = v;
			}
		}
	});
	model.services = Object.fromEntries(Object.entries(model.services).sort(([a], [b]) => a.localeCompare(b)));
	return out;
}
