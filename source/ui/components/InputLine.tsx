import {Text} from './Text.js';
import React from 'react';
import type {InputKind} from '../../state/types.js';
import {color, type Theme} from '../theme.js';

export const PROMPT: Record<InputKind, string> = {filter: '/', command: ':', search: 'search /', logfilter: 'filter lines: ', save: 'save to: ', eventfilter: 'filter events /'};

/** The line being typed (filter, search, command, file name), with a block cursor. */
export function InputLine({kind, text, theme, note}: {kind: InputKind; text: string; theme: Theme; note?: string}) {
	return (
		<Text wrap="truncate">
			<Text color={color(theme, theme.accent)} bold>
				{PROMPT[kind]}
			</Text>
			{text}
			<Text inverse> </Text>
			<Text color={color(theme, theme.dim)}> {note ?? (kind === 'command' ? 'tab completes · enter runs · esc cancels' : 'enter applies · esc cancels')}</Text>
		</Text>
	);
}
