/**
 * The config file (conf): key remaps, theme colours, log buffer sizes, read-only mode.
 * Path: conf's per-user config dir, or $BERTH_CONFIG_DIR/config.json.
 *
 *   {"keys": {"restart": ["R"]}, "theme": {"accent": "magenta"}, "logs": {"tail": 500, "bufferLines": 10000}, "readOnly": false}
 */
import {dirname} from 'node:path';
import {confPath, fileExists, importConf} from '../core/confFile.js';
import {applyKeyOverrides, keymap, type KeyBinding} from './keymap.js';
import type {ThemeColors} from './theme.js';

export interface BerthConfig {
	keys?: Record<string, string[] | string>;
	theme?: Partial<ThemeColors>;
	logs?: {tail?: number; bufferLines?: number};
	readOnly?: boolean;
}

export interface LoadedConfig {
	config: BerthConfig;
	path: string;
	problem: string | null;
}

/** No file: the defaults, without loading conf at all (see core/confFile.ts). */
export async function loadConfig(env: NodeJS.ProcessEnv = process.env): Promise<LoadedConfig> {
	const file = confPath({projectSuffix: '', cwd: env['BERTH_CONFIG_DIR']});
	if (!fileExists(file)) return {config: {}, path: file, problem: null};
	try {
		const Conf = await importConf();
		// the very file looked for above (cwd given: conf's own path rule is not asked twice)
		const conf = new Conf<BerthConfig>({projectName: 'berth', projectSuffix: '', configName: 'config', cwd: dirname(file)});
		const store = conf.store as BerthConfig;
		return {config: store && typeof store === 'object' ? store : {}, path: conf.path, problem: null};
	} catch (err) {
		return {config: {}, path: file, problem: `config ignored: ${(err as Error).message}`};
	}
}

export const positive = (n: unknown, fallback: number) => (typeof n === 'number' && Number.isFinite(n) && n > 0 ? Math.floor(n) : fallback);

/**
 * The key bindings a config asks for, and what is wrong with its "keys" (shown in the status line):
 * unknown binding ids, and remaps that would put two bindings on one key in one scope (not applied).
 */
export function bindingsFromConfig(config: BerthConfig, base: KeyBinding[] = keymap): {bindings: KeyBinding[]; problems: string[]} {
	const {bindings, unknown, collisions} = applyKeyOverrides(base, config.keys);
	const problems = [unknown.length ? `config: unknown key commands ${unknown.join(', ')}` : '', collisions.length ? `config: keys not remapped: ${collisions.join('; ')}` : ''].filter(Boolean);
	return {bindings, problems};
}
