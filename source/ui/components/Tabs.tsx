import {sanitize} from '../../core/sanitize.js';
import {Text} from './Text.js';
import React from 'react';
import {PANES, type PaneId} from '../../state/types.js';
import {color, type Theme} from '../theme.js';

export const PANE_TITLE: Record<PaneId, string> = {containers: 'Containers', groups: 'Groups', ports: 'Ports', logs: 'Logs', stats: 'Stats', inspect: 'Inspect', doctor: 'Doctor'};

/** The pane bar: number keys and names, the active one highlighted; what is selected on the right. */
export function Tabs({pane, subject, width, theme, extra}: {pane: PaneId; subject: string; width: number; theme: Theme; extra: string}) {
	const compact = width < 100;
	const tabs = PANES.map((p, i) => ({p, text: compact ? ` ${i + 1}${PANE_TITLE[p].slice(0, 4)} ` : ` ${i + 1} ${PANE_TITLE[p]} `}));
	const used = tabs.reduce((n, t) => n + t.text.length, 0);
	// the subject names a container or project (untrusted); extra quotes the user's filter
	const right = sanitize([extra, subject].filter(Boolean).join(' · '));
	return (
		<Text wrap="truncate">
			{tabs.map((t) => (
				<Text key={t.p} inverse={t.p === pane} bold={t.p === pane} color={t.p === pane ? color(theme, theme.accent) : color(theme, theme.dim)}>
					{t.text}
				</Text>
			))}
			<Text color={color(theme, theme.dim)}> {right.slice(0, Math.max(0, width - used - 2))}</Text>
		</Text>
	);
}
