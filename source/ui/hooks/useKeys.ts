/**
 * Keys → handlers: the input line (filter, search, command with history and completion), the
 * confirm dialog, the help overlay, else the keymap in the scopes of the current pane.
 */
import {useInput} from 'ink';
import {useRef} from 'react';
import {clearStatus} from '../../state/status.js';
import {inputCancelled, inputChanged, inputSubmitted, runBinding, type HandlerContext} from '../handlers/index.js';
import {tabComplete, type TabCycle} from '../handlers/line.js';
import {handleMouse, parseMouse} from '../handlers/mouse.js';
import {HELP_IDS, keyName, lookup, PANE_SCOPES, type KeyBinding, type Scope} from '../keymap.js';

export {PANE_SCOPES};

/** A chunk of several plain keys as separate key names (enter, tab, backspace, space, esc, characters). */
export function splitKeys(chunk: string): Array<{name: string; input: string}> {
	const named: Record<string, string> = {'\r': 'enter', '\n': 'enter', '\t': 'tab', '\x7f': 'backspace', '\b': 'backspace', ' ': 'space', '\x1b': 'esc'};
	return [...chunk].map((c) => ({name: named[c] ?? c, input: c}));
}

export function useKeys(context: () => HandlerContext, bindings: KeyBinding[]): void {
	// the command line remembers what was run: ↑ / ↓ walk back and forth
	const history = useRef<{list: string[]; at: number}>({list: [], at: 0});
	// repeated Tabs cycle through the candidates
	const cycle = useRef<TabCycle | null>(null);

	const onKey = (name: string, input: string, key: {ctrl?: boolean; meta?: boolean; tab?: boolean}) => {
		const ctx = context();
		const {store} = ctx;
		const ui = ctx.state.ui;
		if (ui.input) {
			const {kind, text} = ui.input;
			if (name === 'esc') return inputCancelled(kind, ctx);
			if (name === 'enter') {
				if (kind === 'command' && text.trim() && history.current.list.at(-1) !== text.trim()) history.current.list.push(text.trim());
				history.current.at = history.current.list.length;
				return inputSubmitted(kind, text, ctx);
			}
			if ((name === 'up' || name === 'down') && kind === 'command') {
				const h = history.current;
				h.at = Math.max(0, Math.min(h.list.length, h.at + (name === 'up' ? -1 : 1)));
				return store.dispatch({type: 'ui/input', input: {kind, text: h.list[h.at] ?? ''}});
			}
			if (name === 'tab' && kind === 'command') {
				const r = tabComplete(text, ctx.state, cycle.current);
				cycle.current = r.cycle;
				return store.dispatch({type: 'ui/input', input: {kind, text: r.text, ...(r.note ? {note: r.note} : {})}});
			}
			let next = text;
			if (name === 'backspace') next = text.slice(0, -1);
			else if (name === 'ctrl+u') next = '';
			else if (input && !key.ctrl && !key.meta && !key.tab && !/[\x00-\x1f]/.test(input)) next = text + input;
			else return;
			store.dispatch({type: 'ui/input', input: {kind, text: next}});
			return inputChanged(kind, next, ctx);
		}
		const scopes: Scope[] = ui.confirm ? ['dialog'] : ui.help ? ['nav', 'global'] : PANE_SCOPES[ui.pane];
		const b = lookup(name, scopes, bindings);
		if (!b || (ui.help && !HELP_IDS.has(b.id))) return;
		// a new key dismisses a stale error
		if (ui.status?.kind === 'error' && b.id !== 'back') clearStatus(store, ui.status);
		runBinding(b.id, ctx);
	};

	useInput((input, key) => {
		// a mouse report is never a key (nor text for the input line)
		const mouse = parseMouse(input);
		if (mouse) return handleMouse(mouse, context);
		const name = keyName(input, key);
		// several keys in one read (typed fast, pasted, or sent by tmux): one at a time, in order —
		// except plain text typed into the input line, which is taken whole
		const several = input.length > 1 && name === input;
		const typing = Boolean(context().state.ui.input) && !/[\r\n\x1b]/.test(input);
		if (several && !typing) {
			for (const ch of splitKeys(input)) onKey(ch.name, ch.input, {});
			return;
		}
		onKey(name, input, key);
	});
}
