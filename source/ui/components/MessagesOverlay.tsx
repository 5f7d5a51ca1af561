import {Box} from 'ink';
import stringWidth from 'string-width';
import {Text} from './Text.js';
import React from 'react';
import {clusterWidth, graphemes} from '../../core/graphemes.js';
import {sanitize} from '../../core/sanitize.js';
import type {StatusMessage} from '../../state/types.js';
import {color, type Theme} from '../theme.js';

/** Cut a (sanitised) line into pieces of at most `width` columns (after the first, `next` columns): nothing is lost. */
export function wrapColumns(text: string, width: number, next = width): string[] {
	if (width <= 0) return [text];
	const out: string[] = [];
	let line = '';
	let w = 0;
	let max = width;
	for (const segment of graphemes(text)) {
		const sw = clusterWidth(segment, stringWidth);
		if (w + sw > max && line) {
			out.push(line);
			line = '';
			w = 0;
			max = Math.max(1, next);
		}
		line += segment;
		w += sw;
	}
	out.push(line);
	return out;
}

const time = (at: number) => new Date(at).toISOString().slice(11, 19);

/** `:messages`: every status message so far, whole (wrapped), newest first; esc closes. */
export function MessagesOverlay({messages, theme, width, height}: {messages: StatusMessage[]; theme: Theme; width: number; height: number}) {
	const inner = Math.max(10, width - 4);
	const body = Math.max(1, height - 3);
	const lines: Array<{text: string; kind: StatusMessage['kind'] | 'hint'}> = [];
	for (const m of [...messages].reverse()) {
		for (const l of wrapColumns(`${time(m.at)} ${sanitize(m.text)}`, inner)) lines.push({text: l, kind: m.kind});
		if (m.hint) for (const l of wrapColumns(`         → ${sanitize(m.hint)}`, inner)) lines.push({text: l, kind: 'hint'});
		if (lines.length >= body) break;
	}
	const tone = (k: StatusMessage['kind'] | 'hint') => (k === 'error' ? theme.bad : k === 'ok' ? theme.ok : k === 'hint' ? theme.dim : theme.accent);
	return (
		<Box flexDirection="column" borderStyle="round" borderColor={color(theme, theme.accent)} width={width} height={height} paddingX={1}>
			<Text bold wrap="truncate">
				berth — messages ({messages.length}, newest first) · esc closes
			</Text>
			{lines.length === 0 ? <Text color={color(theme, theme.dim)}>No messages yet.</Text> : null}
			{lines.slice(0, body).map((l, i) => (
				<Text key={i} wrap="truncate" color={color(theme, tone(l.kind))}>
					{l.text}
				</Text>
			))}
		</Box>
	);
}
