/**
 * The dashboard's sections of berth's settings file (core/settings: ~/.config/berth/config.json,
 * or $BERTH_CONFIG_DIR/config.json): key remaps, theme colours, log buffer sizes, read-only mode.
 *
 *   {"keys": {"restart": ["R"]}, "theme": {"accent": "magenta"}, "logs": {"tail": 500, "bufferLines": 10000}, "readOnly": false}
 */
import {loadSettings, settingsNotices} from '../core/settings/index.js';
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

/**
 * No file: the defaults, without loading conf at all. A file berth cannot read: the defaults, and
 * the problem for the status line (with what the start-up migration of the old file said).
 */
export async function loadConfig(env: NodeJS.ProcessEnv = process.env): Promise<LoadedConfig> {
	const s = await loadSettings(env);
	const said = settingsNotices();
	const problem = s.error ? `config ignored: ${s.path}:${s.error.line}:${s.error.col} ${s.error.message}` : null;
	const notes = [...said, ...(problem ? [problem] : [])];
	return {config: s.data as BerthConfig, path: s.path, problem: notes.length ? notes.join(' · ') : null};
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
