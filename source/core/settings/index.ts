/**
 * berth's settings: one user file, read and written with `conf`.
 *
 *   ~/.config/berth/config.json (conf's per-user config dir of "berth"), or $BERTH_CONFIG_DIR/config.json
 *
 * Each part of berth reads its own section and validates it where it is used:
 *   keys, theme, logs, readOnly → the dashboard (ui/settings.ts)
 *   roles                       → your own cap on your role (core/roles/userCap.ts)
 *   tags.mappings               → `berth setup-tags` (core/images/tagMappings.ts)
 *
 * Until 0.x the roles cap and the tag mappings lived in a second file, ~/.config/berth-nodejs/
 * config.json; prepareSettings() moves or merges it into this one once (settings/migrate.ts).
 *
 * Start-up stays cheap: `conf` (ajv, atomically, when-exit, ≈30 ms) is imported only when the
 * file exists. cli.tsx awaits prepareSettings() before any command or the dashboard; the
 * synchronous readers (roles) then take the module from here.
 */
import {statSync} from 'node:fs';
import path from 'node:path';
import envPaths from 'env-paths';
import type ConfType from 'conf';

export type ConfClass = typeof ConfType;

/** The settings file: $BERTH_CONFIG_DIR/config.json, else conf's per-user dir for "berth" (no "-nodejs" suffix). */
export function settingsPath(env: NodeJS.ProcessEnv = process.env): string {
	const dir = env['BERTH_CONFIG_DIR'];
	return path.resolve(dir || envPaths('berth', {suffix: ''}).config, 'config.json');
}

/** The second file of older berths (conf's default dir, "berth-nodejs"); none under BERTH_CONFIG_DIR. */
export function legacySettingsPath(env: NodeJS.ProcessEnv = process.env): string | null {
	if (env['BERTH_CONFIG_DIR']) return null;
	return path.resolve(envPaths('berth', {suffix: 'nodejs'}).config, 'config.json');
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

/** What the start-up migration said (shown on stderr by the commands, in the dashboard's status line). */
let notices: string[] = [];
let legacy: LegacyProblem | null = null;

export function settingsNotices(): readonly string[] {
	return notices;
}

export interface LegacyProblem extends SettingsError {
	file: string;
}

/**
 * The old file could not be merged this start (it or the new one is not valid JSON; see
 * migrate.ts). The roles cap refuses every change on it, as it did for a broken old file.
 */
export function legacyProblem(): LegacyProblem | null {
	return legacy;
}

/**
 * Before any command or the dashboard: merge the old second file once, and import conf if the
 * settings file exists (nothing else is loaded when neither file is there).
 */
export async function prepareSettings(env: NodeJS.ProcessEnv = process.env): Promise<readonly string[]> {
	const old = legacySettingsPath(env);
	notices = [];
	legacy = null;
	if (old && fileExists(old)) {
		const {migrateLegacy} = await import('./migrate.js');
		({notices, problem: legacy} = await migrateLegacy(old, settingsPath(env), env));
	}
	if (!loaded && fileExists(settingsPath(env))) await importConf();
	return notices;
}

/** Where a parse error is (1-based), from JSON.parse's message. */
export interface SettingsError {
	message: string;
	line: number;
	col: number;
}

export interface Settings {
	path: string;
	/** false: no file (the defaults) */
	exists: boolean;
	/** the file's top-level object ({} when missing or unreadable) */
	data: Record<string, unknown>;
	/** why the file could not be read (invalid JSON, not an object, unreadable); data is {} then */
	error: SettingsError | null;
}

function errorAt(text: string, err: Error): SettingsError {
	const message = err.message.split('\n')[0] ?? String(err);
	const pos = /position (\d+)/.exec(message);
	if (!pos) return {message, line: 1, col: 1};
	const before = text.slice(0, Number(pos[1]));
	return {message, line: before.split('\n').length, col: before.length - before.lastIndexOf('\n')};
}

/** Read a file with conf (which must be loaded); file must exist. */
export function readWith(Conf: ConfClass, file: string): Settings {
	let error: SettingsError | null = null;
	try {
		const conf = new Conf<Record<string, unknown>>({
			projectName: 'berth',
			cwd: path.dirname(file),
			configName: path.basename(file, '.json'),
			deserialize: (text: string) => {
				let value: unknown;
				try {
					value = JSON.parse(text);
				} catch (err) {
					const at = errorAt(text, err as Error);
					error = {...at, message: `invalid JSON: ${at.message}`};
					return {};
				}
				if (!value || typeof value !== 'object' || Array.isArray(value)) {
					error = {message: 'the config file must hold a JSON object {…}', line: 1, col: 1};
					return {};
				}
				return value as Record<string, unknown>;
			},
		});
		const data = conf.store as Record<string, unknown>;
		return {path: file, exists: true, data: error ? {} : data, error};
	} catch (err) {
		return {path: file, exists: true, data: {}, error: {message: (err as Error).message, line: 1, col: 1}};
	}
}

/** The settings, synchronously (prepareSettings() must have run if the file exists). */
export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
	const file = settingsPath(env);
	if (!fileExists(file)) return {path: file, exists: false, data: {}, error: null};
	if (!loaded) throw new Error(`internal: ${file} exists but conf was not loaded (prepareSettings() first)`);
	return readWith(loaded, file);
}

/** The settings, importing conf if the file exists (for callers that did not go through cli.tsx). */
export async function loadSettings(env: NodeJS.ProcessEnv = process.env): Promise<Settings> {
	if (fileExists(settingsPath(env))) await importConf();
	return readSettings(env);
}
