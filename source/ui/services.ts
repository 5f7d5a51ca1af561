/**
 * What the key handlers may ask of the world: actions, exec, clipboard, files. Tests give none.
 * Streams, inspect and doctor are not here: they follow the state (state/effects/follow.ts).
 */
import {createContext, useContext} from 'react';
import type {ContainerRecord} from '../model/container.js';
import type {ActionRunner} from '../state/effects/actions.js';
import type {ComposeRunner} from '../state/effects/index.js';
import type {ResourceManager} from '../state/effects/resources.js';
import type {ScanManager} from '../state/effects/scan.js';

export interface Services {
	actions?: ActionRunner;
	compose?: ComposeRunner;
	/** images, volumes, networks: history, prune estimates and changes */
	resources?: ResourceManager;
	/** the images pane's trivy scan (state/effects/scan.ts) */
	scan?: ScanManager;
	/** suspend the screen and run a shell in the container; resolves when the screen is back */
	exec?(c: ContainerRecord): void;
	/** copy to the clipboard (OSC 52) */
	yank?(text: string): void;
	/** write a file; resolves with the path written */
	save?(path: string, text: string): Promise<string>;
	/** turn the terminal's mouse reporting on or off (clicks and wheel; off leaves text selection to the terminal) */
	mouse?(on: boolean): void;
	readOnly?: boolean;
	/** roles: which command ids this user may run (keys of others are hidden and refused) */
	allowed?: (id: string) => boolean;
}

export const NO_SERVICES: Services = {};
export const ServicesContext = createContext<Services>(NO_SERVICES);
export const useServices = () => useContext(ServicesContext);

/** Mouse reporting: button presses and the wheel (1000), in SGR coordinates (1006). */
export const MOUSE_ON = '\x1b[?1000h\x1b[?1006h';
export const MOUSE_OFF = '\x1b[?1000l\x1b[?1006l';

/** The mouse is on unless the terminal is GNU screen (its mouse passthrough misbehaves) or BERTH_MOUSE=0. */
export function mouseDefault(env: NodeJS.ProcessEnv = process.env): boolean {
	if (env['BERTH_MOUSE'] === '0') return false;
	if (env['BERTH_MOUSE'] === '1') return true;
	return !/^screen/.test(env['TERM'] ?? '');
}

/** OSC 52: the terminal (and tmux with set-clipboard on) puts the text on the clipboard. */
export function osc52(text: string): string {
	return `\x1b]52;c;${Buffer.from(text, 'utf8').toString('base64')}\x07`;
}
