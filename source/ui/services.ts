/**
 * What the key handlers may ask of the world: actions, exec, clipboard, files. Tests give none.
 * Streams, inspect and doctor are not here: they follow the state (state/effects/follow.ts).
 */
import {createContext, useContext} from 'react';
import type {ContainerRecord} from '../model/container.js';
import type {ActionRunner} from '../state/effects/actions.js';
import type {ComposeRunner} from '../state/effects/index.js';

export interface Services {
	actions?: ActionRunner;
	compose?: ComposeRunner;
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

export const NO_SERVICES: Services = {};
export const ServicesContext = createContext<Services>(NO_SERVICES);
export const useServices = () => useContext(ServicesContext);

/** OSC 52: the terminal (and tmux with set-clipboard on) puts the text on the clipboard. */
export function osc52(text: string): string {
	return `\x1b]52;c;${Buffer.from(text, 'utf8').toString('base64')}\x07`;
}
