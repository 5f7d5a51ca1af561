import {Text} from 'ink';
import React from 'react';
import type {StatusMessage} from '../../state/types.js';
import {displayKeys, type KeyBinding} from '../keymap.js';
import {color, type Theme} from '../theme.js';

/** Bottom line: the latest status message, else key hints from the keymap. */
export function Footer({bindings, status, theme, width}: {bindings: KeyBinding[]; status: StatusMessage | null; theme: Theme; width: number}) {
	if (status) {
		const c = status.kind === 'error' ? theme.bad : status.kind === 'ok' ? theme.ok : theme.accent;
		return (
			<Text color={color(theme, c)} wrap="truncate">
				{status.text.slice(0, width)}
			</Text>
		);
	}
	const hints = bindings.filter((b) => b.hint).map((b) => `${displayKeys(b)} ${b.hint}`);
	return (
		<Text color={color(theme, theme.dim)} wrap="truncate">
			{hints.join('  ')}
		</Text>
	);
}
