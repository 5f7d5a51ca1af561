import {Box, Text} from 'ink';
import React from 'react';
import {fit} from '../../core/present.js';
import {displayKeys, type KeyBinding} from '../keymap.js';
import {color, type Theme} from '../theme.js';

const SCOPE_TITLE: Record<string, string> = {global: 'Global', list: 'Container list', help: 'This overlay'};

/** The `?` overlay, generated from the keymap. */
export function HelpOverlay({bindings, theme, width, height}: {bindings: KeyBinding[]; theme: Theme; width: number; height: number}) {
	const lines: Array<{kind: 'title' | 'key'; text: string; keys?: string}> = [];
	for (const scope of ['global', 'list', 'help']) {
		const list = bindings.filter((b) => b.scope === scope);
		if (!list.length) continue;
		lines.push({kind: 'title', text: SCOPE_TITLE[scope] ?? scope});
		for (const b of list) lines.push({kind: 'key', keys: displayKeys(b), text: b.description + (b.dangerous ? ' (asks first)' : '')});
	}
	const shown = lines.slice(0, Math.max(1, height - 3));
	return (
		<Box flexDirection="column" borderStyle="round" borderColor={color(theme, theme.accent)} width={width} height={height} paddingX={1}>
			<Text bold>berth — keys (? or esc closes)</Text>
			{shown.map((l, i) =>
				l.kind === 'title' ? (
					<Text key={i} bold color={color(theme, theme.accent)}>
						{l.text}
					</Text>
				) : (
					<Text key={i} wrap="truncate">
						{'  '}
						<Text color={color(theme, theme.warn)}>{fit(l.keys ?? '', 18)}</Text> {l.text}
					</Text>
				),
			)}
		</Box>
	);
}
