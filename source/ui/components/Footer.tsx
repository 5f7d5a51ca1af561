import {sanitize, truncateToWidth} from '../../core/sanitize.js';
import stringWidth from 'string-width';
import {Text} from './Text.js';
import React, {memo} from 'react';
import type {StatusMessage} from '../../state/types.js';
import {type KeyBinding} from '../keymap.js';
import {color, type Theme} from '../theme.js';

const SPIN = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const PRETTY: Record<string, string> = {up: '↑', down: '↓', left: '←', right: '→'};

/** A footer hint reads with the binding's first key: "q quit", not "q/ctrl+c quit". */
const hintOf = (b: KeyBinding) => `${PRETTY[b.keys[0]!] ?? b.keys[0]} ${b.hint}`;

/** Always shown on the right: how to get help and how to leave. */
const ALWAYS = new Set(['help', 'quit']);

/** The hints that fit `width` columns (in table order, each whole), and the tail that always shows. */
export function footerHints(bindings: KeyBinding[], width: number): {hints: string; tail: string} {
	const seen = new Set<string>();
	const all: KeyBinding[] = [];
	for (const b of bindings) {
		if (!b.hint || seen.has(b.hint)) continue;
		seen.add(b.hint);
		all.push(b);
	}
	const tail = all.filter((b) => ALWAYS.has(b.id)).map(hintOf).join('  ');
	let room = width - stringWidth(tail) - (tail ? 2 : 0);
	const shown: string[] = [];
	for (const b of all) {
		if (ALWAYS.has(b.id)) continue;
		const h = hintOf(b);
		const w = stringWidth(h) + (shown.length ? 2 : 0);
		if (w > room) continue;
		shown.push(h);
		room -= w;
	}
	return {hints: shown.join('  '), tail};
}

/** Bottom line: the latest status message (errors with what to do), else key hints for this pane; `? help  q quit` always. */
export const Footer = memo(function Footer({bindings, status, theme, width, marked, now}: {bindings: KeyBinding[]; status: StatusMessage | null; theme: Theme; width: number; marked: number; now: number}) {
	const marksText = marked ? `● ${marked} marked · ` : '';
	const marks = marked ? <Text color={color(theme, theme.warn)}>{marksText}</Text> : null;
	const avail = width - stringWidth(marksText);
	const {hints, tail} = footerHints(bindings, avail);
	const tailW = tail ? stringWidth(tail) : 0;
	if (status) {
		const c = status.kind === 'error' ? theme.bad : status.kind === 'ok' ? theme.ok : status.kind === 'busy' ? theme.warn : theme.accent;
		const spin = status.kind === 'busy' ? SPIN[Math.floor(now / 100) % SPIN.length] + ' ' : '';
		const room = Math.max(0, avail - (tailW ? tailW + 2 : 0));
		let text = spin + sanitize(status.text);
		let hint = status.hint ? ` → ${sanitize(status.hint)}` : '';
		// the message keeps at least 40 % of the room (its start says what happened); the fix line
		// is whole when it fits in the rest, else it gives up its end (:messages keeps both whole)
		const tw = stringWidth(text);
		const hw = stringWidth(hint);
		if (tw + hw > room) {
			text = truncateToWidth(text, Math.min(tw, Math.max(Math.floor(room * 0.4), room - hw)));
			hint = truncateToWidth(hint, Math.max(0, room - stringWidth(text)));
		}
		const pad = Math.max(0, room - stringWidth(text) - stringWidth(hint));
		return (
			<Text wrap="truncate">
				{marks}
				<Text color={color(theme, c)}>{text}</Text>
				{hint ? <Text color={color(theme, theme.dim)}>{hint}</Text> : null}
				{tail ? <Text color={color(theme, theme.dim)}>{' '.repeat(pad + 2) + tail}</Text> : null}
			</Text>
		);
	}
	const pad = Math.max(tail && hints ? 2 : 0, avail - stringWidth(hints) - tailW);
	return (
		<Text wrap="truncate" color={color(theme, theme.dim)}>
			{marks}
			{hints}
			{tail ? ' '.repeat(pad) + tail : ''}
		</Text>
	);
});
