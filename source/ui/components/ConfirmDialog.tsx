import {sanitize} from '../../core/sanitize.js';
import {Box} from 'ink';
import {Text} from './Text.js';
import React from 'react';
import type {Confirm} from '../../state/types.js';
import {color, type Theme} from '../theme.js';

/** y/n before a dangerous action: what it does and to which containers. */
export function ConfirmDialog({confirm, names, theme, width}: {confirm: Confirm; names: string[]; theme: Theme; width: number}) {
	const list = names.length > 6 ? [...names.slice(0, 5), `… and ${names.length - 5} more`] : names;
	return (
		<Box flexDirection="column" borderStyle="round" borderColor={color(theme, theme.warn)} paddingX={1} width={Math.min(width, 72)}>
			<Text bold color={color(theme, theme.warn)} wrap="truncate">
				{sanitize(confirm.message)}
			</Text>
			{list.map((n, i) => (
				<Text key={i} wrap="truncate">
					{'  '}• {n}
				</Text>
			))}
			<Text wrap="truncate">
				<Text bold>y</Text>/enter: yes · <Text bold>n</Text>/esc: no
			</Text>
		</Box>
	);
}
