/** Colours by meaning; NO_COLOR (any value) turns every colour off; the config file may recolour. */
import type {ContainerRecord} from '../model/container.js';

export const colorEnabled = (env: NodeJS.ProcessEnv = process.env) => !('NO_COLOR' in env) || env['NO_COLOR'] === undefined;

export interface ThemeColors {
	accent: string;
	dim: string;
	ok: string;
	warn: string;
	bad: string;
	/** colours of replicas in merged logs, in turn */
	sources: string[];
}

export interface Theme extends ThemeColors {
	enabled: boolean;
}

export const DEFAULT_COLORS: ThemeColors = {accent: 'cyan', dim: 'gray', ok: 'green', warn: 'yellow', bad: 'red', sources: ['cyan', 'magenta', 'yellow', 'green', 'blue', 'redBright', 'cyanBright', 'magentaBright']};

export function makeTheme(enabled = colorEnabled(), colors: Partial<ThemeColors> = {}): Theme {
	const clean = Object.fromEntries(Object.entries(colors).filter(([k, v]) => k in DEFAULT_COLORS && (typeof v === 'string' || Array.isArray(v))));
	return {enabled, ...DEFAULT_COLORS, ...clean};
}

export function stateColor(t: Theme, c: ContainerRecord): string | undefined {
	if (!t.enabled) return undefined;
	switch (c.state) {
		case 'running':
			return t.ok;
		case 'paused':
		case 'restarting':
		case 'created':
			return t.warn;
		case 'exited':
			return c.exit_code === 0 ? t.dim : t.bad;
		default:
			return t.bad;
	}
}

export function healthColor(t: Theme, c: ContainerRecord): string | undefined {
	if (!t.enabled) return undefined;
	return c.health === 'healthy' ? t.ok : c.health === 'unhealthy' ? t.bad : c.health === 'starting' ? t.warn : t.dim;
}

export const color = (t: Theme, c: string) => (t.enabled ? c : undefined);
export const sourceColor = (t: Theme, i: number) => (t.enabled ? t.sources[i % t.sources.length] : undefined);
