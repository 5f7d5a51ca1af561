/** What the UI may ask of the world: the engine, stream managers, actions, exec, clipboard. Tests give none. */
import {createContext, useContext} from 'react';
import type {Engine} from '../engine/connection.js';
import type {ContainerRecord} from '../model/container.js';
import type {ActionRunner} from '../state/effects/actions.js';
import type {HostSampler} from '../state/effects/host.js';
import type {LogManager} from '../state/effects/logs.js';
import type {StatsManager} from '../state/effects/stats.js';

export interface Services {
	engine(): Engine | null;
	stats?: StatsManager;
	logs?: LogManager;
	host?: HostSampler;
	actions?: ActionRunner;
	/** suspend the screen and run a shell in the container; resolves when the screen is back */
	exec?(c: ContainerRecord): void;
	/** copy to the clipboard (OSC 52) */
	yank?(text: string): void;
	/** write a file; resolves with the path written */
	save?(path: string, text: string): Promise<string>;
	readOnly?: boolean;
	/** roles: which command ids this user may run (keys of others are hidden and refused) */
	allowed?: (id: string) => boolean;
}

export const NO_SERVICES: Services = {engine: () => null};
export const ServicesContext = createContext<Services>(NO_SERVICES);
export const useServices = () => useContext(ServicesContext);

/** OSC 52: the terminal (and tmux with set-clipboard on) puts the text on the clipboard. */
export function osc52(text: string): string {
	return `\x1b]52;c;${Buffer.from(text, 'utf8').toString('base64')}\x07`;
}
