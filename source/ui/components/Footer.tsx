import {sanitize} from '../../core/sanitize.js';
import {Text} from './Text.js';
import React from 'react';
import type {StatusMessage} from '../../state/types.js';
import {displayKeys, type KeyBinding} from '../keymap.js';
import {color, type Theme} from '../theme.js';

const SPIN = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** Bottom line: the latest status message (errors with what to do), else key hints for this pane. */
export function Footer({bindings, status, theme, width, marked, now}: {bindings: KeyBinding[]; status: StatusMessage | null; theme: Theme; width: number; marked: number; now: number}) {
	const marks = marked ? <Text color={color(theme, theme.warn)}>● {marked} marked · </Text> : null;
	if (status) {
		const c = status.kind === 'error' ? theme.bad : status.kind === 'ok' ? theme.ok : status.kind === 'busy' ? theme.warn : theme.accent;
		const spin = status.kind === 'busy' ? SPIN[Math.floor(now / 100) % SPIN.length] + ' ' : '';
		return (
			<Text wrap="truncate">
				{marks}
				<Text color={color(theme, c)}>
					{spin}
					{sanitize(status.text)}
				</Text>
				{status.hint ? <Text color={color(theme, theme.dim)}> → {sanitize(status.hint)}</Text> : null}
			</Text>
		);
	}
	const seen = new Set<string>();
	const hints: string[] = [];
	for (const b of bindings) {
		if (!b.hint || seen.has(b.hint)) continue;
		seen.add(b.hint);
		hints.push(`${displayKeys(b)} ${b.hint}`);
	}
	return (
		<Text wrap="truncate" color={color(theme, theme.dim)}>
			{marks}
			{hints.join('  ').slice(0, width)}
		</Text>
	);
}
