/**
 * The one table of keys. Input routing, the `?` overlay, the footer hints and the README
 * cheatsheet all come from it (test/ui/keymap-readme.test.ts compares the README with it).
 */
import type {Key} from 'ink';

export type Scope = 'global' | 'list' | 'help';

export interface KeyBinding {
	id: string;
	keys: string[];
	description: string;
	scope: Scope;
	/** changes or destroys something: confirms, hidden in read-only mode */
	dangerous: boolean;
	/** shown in the footer */
	hint?: string;
}

export const keymap: KeyBinding[] = [
	{id: 'down', keys: ['j', 'down'], description: 'Move down', scope: 'list', dangerous: false, hint: 'move'},
	{id: 'up', keys: ['k', 'up'], description: 'Move up', scope: 'list', dangerous: false},
	{id: 'top', keys: ['g', 'home'], description: 'Go to the first row', scope: 'list', dangerous: false},
	{id: 'bottom', keys: ['G', 'end'], description: 'Go to the last row', scope: 'list', dangerous: false},
	{id: 'page-down', keys: ['pagedown', 'ctrl+d'], description: 'Page down', scope: 'list', dangerous: false},
	{id: 'page-up', keys: ['pageup', 'ctrl+u'], description: 'Page up', scope: 'list', dangerous: false},
	{id: 'toggle', keys: ['enter'], description: 'Fold / unfold the selected project or service', scope: 'list', dangerous: false, hint: 'fold'},
	{id: 'collapse', keys: ['h', 'left'], description: 'Fold the group (or go to its parent)', scope: 'list', dangerous: false},
	{id: 'expand', keys: ['l', 'right'], description: 'Unfold the group', scope: 'list', dangerous: false},
	{id: 'help', keys: ['?'], description: 'Show / hide this help', scope: 'global', dangerous: false, hint: 'help'},
	{id: 'back', keys: ['esc'], description: 'Close the overlay', scope: 'help', dangerous: false},
	{id: 'quit', keys: ['q', 'ctrl+c'], description: 'Quit', scope: 'global', dangerous: false, hint: 'quit'},
];

/** Ink's (input, key) as one name: "j", "G", "enter", "ctrl+d", "?" … */
export function keyName(input: string, key: Key): string {
	if (key.upArrow) return 'up';
	if (key.downArrow) return 'down';
	if (key.leftArrow) return 'left';
	if (key.rightArrow) return 'right';
	if (key.pageDown) return 'pagedown';
	if (key.pageUp) return 'pageup';
	if ((key as Key & {home?: boolean}).home) return 'home';
	if ((key as Key & {end?: boolean}).end) return 'end';
	if (key.return) return 'enter';
	if (key.escape) return 'esc';
	if (key.tab) return key.shift ? 'shift+tab' : 'tab';
	if (key.backspace || key.delete) return 'backspace';
	if (key.ctrl && input) return `ctrl+${input.toLowerCase()}`;
	return input;
}

/** The binding for a key name in the given scopes (first match wins). */
export function lookup(name: string, scopes: Scope[], bindings: KeyBinding[] = keymap): KeyBinding | undefined {
	return bindings.find((b) => scopes.includes(b.scope) && b.keys.includes(name));
}

/** How a key reads in help and footer: "j/↓", "enter", "ctrl+c". */
export function displayKeys(b: KeyBinding): string {
	const pretty: Record<string, string> = {up: '↑', down: '↓', left: '←', right: '→'};
	return b.keys.map((k) => pretty[k] ?? k).join('/');
}
