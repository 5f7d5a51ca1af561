/**
 * The engine's events as they happen: time, type, action, actor, attributes, newest at the bottom.
 * Follows the newest like the logs pane; moving up pauses it (G follows again). Every cell is
 * inert text (Text), whatever bytes a name, label or image carries.
 */
import {Box} from 'ink';
import React from 'react';
import {fitCell} from '../../core/present.js';
import {displayWidth} from '../../core/sanitize.js';
import {EVENTS_KEPT, HEALTH_KEPT, type EventRow, type EventsView} from '../../state/events.js';
import {Text} from '../components/Text.js';
import {shortTime, windowEnd} from '../logView.js';
import {color, type Theme} from '../theme.js';

interface Props {
	/** the rows the filter lets through, oldest first */
	rows: EventRow[];
	/** every row kept (before the filter) */
	total: number;
	dropped: number;
	/** health-check exec events received (kept apart; shown with H) */
	healthHidden?: number;
	view: EventsView;
	filterError: string | null;
	width: number;
	height: number;
	theme: Theme;
}

const TYPE_COLOR: Record<string, 'accent' | 'ok' | 'warn' | 'bad'> = {container: 'accent', image: 'ok', volume: 'warn', network: 'warn', daemon: 'bad'};

/**
 * Column widths: time and type fixed; action and actor as wide as the rows on screen need, up to a
 * cap (wider from 120 columns); the attributes take the rest.
 */
export function eventColumns(width: number, shown: EventRow[]): {time: number; type: number; action: number; actor: number; attrs: number} {
	const cap = width >= 120 ? 32 : 24;
	const need = (f: (r: EventRow) => string, min: number, max: number) => Math.min(max, Math.max(min, ...shown.map((r) => displayWidth(f(r)))));
	const c = {time: 12, type: 9, action: need((r) => r.action, 6, cap), actor: need((r) => r.actor, 8, width >= 120 ? 32 : 20)};
	return {...c, attrs: Math.max(0, width - c.time - c.type - c.action - c.actor - 4)};
}

export function EventsPane({rows, total, dropped, healthHidden = 0, view, filterError, width, height, theme}: Props) {
	const body = Math.max(1, height - 1);
	// paused on a row the ring has let go: the oldest screenful
	const end = Math.max(windowEnd(rows, view.anchor), Math.min(rows.length, body));
	const shown = rows.slice(Math.max(0, end - body), end);
	const first = end - shown.length + 1;
	const col = eventColumns(width, shown);
	const state = view.anchor === null ? 'following' : 'paused (G follows)';
	const bits = [rows.length ? `${first}–${end} of ${rows.length}` : '0 events'];
	if (view.filter) bits.push(`filter "${view.filter}" ${rows.length}/${total}${filterError ? ` (regex: ${filterError})` : ''}`);
	if (dropped) bits.push(`${dropped} older dropped (keeps the last ${EVENTS_KEPT.toLocaleString('en')})`);
	if (view.health) bits.push(`the last ${HEALTH_KEPT} health-check events shown (H hides)`);
	else if (healthHidden) bits.push(`${healthHidden.toLocaleString('en')} health-check events hidden (H shows)`);
	const dim = color(theme, theme.dim);
	return (
		<Box flexDirection="column" height={height} width={width} overflow="hidden">
			<Text wrap="truncate">
				<Text bold color={color(theme, theme.accent)}>
					events
				</Text>{' '}
				<Text color={color(theme, view.anchor === null ? theme.ok : theme.warn)}>{state}</Text>
				<Text color={dim}> · {bits.join(' · ')}</Text>
			</Text>
			{shown.length === 0 ? (
				<Text color={dim}>{total ? 'No event matches the filter (/ changes it, esc clears it).' : 'No events yet: they show here as the engine sends them (start, stop, pull, create, destroy …).'}</Text>
			) : (
				shown.map((r) => (
					<Text key={r.seq} wrap="truncate">
						<Text color={dim}>{fitCell(shortTime(r.time), col.time)} </Text>
						<Text color={color(theme, theme[TYPE_COLOR[r.type] ?? 'dim'])}>{fitCell(r.type, col.type)} </Text>
						{fitCell(r.action, col.action)} {fitCell(r.actor, col.actor)} <Text color={dim}>{fitCell(r.attrs, col.attrs)}</Text>
					</Text>
				))
			)}
		</Box>
	);
}
