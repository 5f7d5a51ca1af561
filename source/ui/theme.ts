/** Colours by meaning; NO_COLOR (any value) turns every colour off. */
import type {ContainerRecord} from '../engine/types.js';

export const colorEnabled = (env: NodeJS.ProcessEnv = process.env) => !('NO_COLOR' in env) || env['NO_COLOR'] === undefined;

export interface Theme {
	enabled: boolean;
	accent: string;
	dim: string;
	ok: string;
	warn: string;
	bad: string;
}

export function makeTheme(enabled = colorEnabled()): Theme {
	return {enabled, accent: 'cyan', dim: 'gray', ok: 'green', warn: 'yellow', bad: 'red'};
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
