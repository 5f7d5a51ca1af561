/**
 * The config file (conf): key remaps, theme colours, log buffer sizes, read-only mode.
 * Path: conf's per-user config dir, or $BERTH_CONFIG_DIR/config.json.
 *
 *   {"keys": {"restart": ["R"]}, "theme": {"accent": "magenta"}, "logs": {"tail": 500, "bufferLines": 10000}, "readOnly": false}
 */
import Conf from 'conf';
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

export function loadConfig(env: NodeJS.ProcessEnv = process.env): LoadedConfig {
	try {
		const conf = new Conf<BerthConfig>({projectName: 'berth', projectSuffix: '', configName: 'config', ...(env['BERTH_CONFIG_DIR'] ? {cwd: env['BERTH_CONFIG_DIR']} : {})});
		const store = conf.store as BerthConfig;
		return {config: store && typeof store === 'object' ? store : {}, path: conf.path, problem: null};
	} catch (err) {
		return {config: {}, path: env['BERTH_CONFIG_DIR'] ?? '', problem: `config ignored: ${(err as Error).message}`};
	}
}

export const positive = (n: unknown, fallback: number) => (typeof n === 'number' && Number.isFinite(n) && n > 0 ? Math.floor(n) : fallback);
