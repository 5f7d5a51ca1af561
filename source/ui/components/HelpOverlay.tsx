import {Box} from 'ink';
import {Text} from './Text.js';
import React from 'react';
import {fitCell} from '../../core/present.js';
import {displayKeys, SCOPE_TITLE, type KeyBinding, type Scope} from '../keymap.js';
import {color, type Theme} from '../theme.js';

interface Line {
	title?: string;
	keys?: string;
	text?: string;
}

/** Lines of help for these scopes, from the keymap (the pane keys 1–7 folded into one line). */
export function helpLines(bindings: KeyBinding[], scopes: Scope[]): Line[] {
	const lines: Line[] = [];
	for (const scope of scopes) {
		const list = bindings.filter((b) => b.scope === scope);
		if (!list.length) continue;
		lines.push({title: SCOPE_TITLE[scope]});
		const panes = list.filter((b) => /^pane-\d$/.test(b.id));
		for (const b of list) {
			if (panes.length > 1 && b === panes[0]) {
				lines.push({keys: `${panes[0]!.keys[0]}–${panes.at(-1)!.keys[0]}`, text: panes.map((p) => p.description.replace(/ pane.*$/, '')).join(' · ')});
				continue;
			}
			if (panes.length > 1 && panes.includes(b)) continue;
			lines.push({keys: displayKeys(b), text: b.description + (b.confirm ? ' (asks first)' : '')});
		}
	}
	return lines;
}

/** The `?` overlay: keys of this pane, generated from the keymap; j/k scroll when it is long. */
export function HelpOverlay({bindings, scopes, theme, width, height, scroll, note}: {bindings: KeyBinding[]; scopes: Scope[]; theme: Theme; width: number; height: number; scroll: number; note?: string | undefined}) {
	const lines = helpLines(bindings, scopes);
	// a fact of this session (where the stats come from) after the keys
	if (note) lines.push({title: 'This session'}, {text: note});
	const body = Math.max(1, height - 3);
	const top = Math.max(0, Math.min(scroll, lines.length - body));
	return (
		<Box flexDirection="column" borderStyle="round" borderColor={color(theme, theme.accent)} width={width} height={height} paddingX={1}>
			<Text bold wrap="truncate">
				berth — keys {lines.length > body ? `(${top + 1}–${Math.min(lines.length, top + body)} of ${lines.length}, j/k scroll) ` : ''}· ? or esc closes
			</Text>
			{lines.slice(top, top + body).map((l, i) =>
				l.title ? (
					<Text key={i} bold color={color(theme, theme.accent)} wrap="truncate">
						{l.title}
					</Text>
				) : (
					<Text key={i} wrap="truncate">
						{'  '}
						{l.keys === undefined ? null : <Text color={color(theme, theme.warn)}>{fitCell(l.keys, 16)} </Text>}
						{l.text}
					</Text>
				),
			)}
		</Box>
	);
}
