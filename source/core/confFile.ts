/**
 * berth's config files are read with `conf`, but `conf` is imported only when such a file exists:
 * loading it (ajv, atomically, and when-exit, which hooks every signal as it loads) cost ≈30 ms of
 * every start-up, and most runs have no config file. cli.tsx calls preloadConf() before any
 * command or the dashboard; the synchronous loaders (roles) then take the module from here.
 */
import {statSync} from 'node:fs';
import path from 'node:path';
import envPaths from 'env-paths';
import type ConfType from 'conf';

export type ConfClass = typeof ConfType;

/** conf's own rule: `<cwd>/<name>.json`, cwd defaulting to the per-user config dir of "berth" + suffix. */
export function confPath(opts: {projectSuffix?: string; cwd?: string | undefined; configName?: string} = {}): string {
	const cwd = opts.cwd || envPaths('berth', {suffix: opts.projectSuffix ?? 'nodejs'}).config;
	return path.resolve(cwd, `${opts.configName ?? 'config'}.json`);
}

/** The dashboard's config file (no suffix: ~/.config/berth) and the roles cap's (~/.config/berth-nodejs). */
export function configFiles(env: NodeJS.ProcessEnv = process.env): string[] {
	const cwd = env['BERTH_CONFIG_DIR'];
	return [confPath({projectSuffix: '', cwd}), confPath({cwd})];
}

/** Missing (nothing there, or a parent is not a folder) — anything else is conf's to report. */
export function fileExists(file: string): boolean {
	try {
		return statSync(file, {throwIfNoEntry: false}) !== undefined;
	} catch (err) {
		return (err as NodeJS.ErrnoException).code !== 'ENOTDIR';
	}
}

let loaded: ConfClass | null = null;

export async function importConf(): Promise<ConfClass> {
	return (loaded ??= (await import('conf')).default);
}

/** Import conf now if any of these files exists. */
export async function preloadConf(files: string[] = configFiles()): Promise<void> {
	if (!loaded && files.some(fileExists)) await importConf();
}

/** conf for a file that exists (null when it does not); preloadConf() must have seen the file. */
export function confFor(file: string): ConfClass | null {
	if (!fileExists(file)) return null;
	if (!loaded) throw new Error(`internal: ${file} exists but conf was not loaded (preloadConf() first)`);
	return loaded;
}
