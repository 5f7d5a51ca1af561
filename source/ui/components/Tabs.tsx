import {sanitize} from '../../core/sanitize.js';
import {Text} from './Text.js';
import React, {memo} from 'react';
import {PANES, type PaneId} from '../../state/types.js';
import {PANE_KEY} from '../keymap.js';
import {color, type Theme} from '../theme.js';

export const PANE_TITLE: Record<PaneId, string> = {containers: 'Containers', groups: 'Groups', ports: 'Ports', logs: 'Logs', stats: 'Stats', inspect: 'Inspect', doctor: 'Doctor', images: 'Images', volumes: 'Volumes', networks: 'Networks', events: 'Events'};

/** The key of the i-th pane: 1…9, then 0, else its own key (keymap's PANE_KEY: v for events). */
export const paneKey = (i: number): string => PANE_KEY[PANES[i]!] ?? (i < 9 ? String(i + 1) : i === 9 ? '0' : '');
const label = (i: number, p: PaneId) => (paneKey(i) ? `${paneKey(i)} ${PANE_TITLE[p]}` : PANE_TITLE[p]);
const short = (i: number, p: PaneId) => paneKey(i) || PANE_TITLE[p].slice(0, 2);

/** The panes about containers (1–7): named before the others when not all names fit. */
const CORE = PANES.indexOf('doctor') + 1;

/** Room kept for the subject on the right before the tabs give up words. */
const SUBJECT_ROOM = 40;

/**
 * The tab labels for a width: every name in full when the subject still fits beside them, else
 * tighter full names, else the container panes' names (1–7) and the others' numbers, else the
 * active pane's name and the others' numbers. Never cut words.
 */
export function tabLabels(pane: PaneId, width: number, rightLength: number): {tabs: Array<{p: PaneId; text: string}>; sep: string; used: number} {
	const need = Math.min(rightLength + 1, SUBJECT_ROOM);
	const ladder = [
		{sep: '', tabs: PANES.map((p, i) => ({p, text: ` ${label(i, p)} `}))},
		{sep: ' ', tabs: PANES.map((p, i) => ({p, text: p === pane ? ` ${label(i, p)} ` : label(i, p)}))},
	];
	// the container panes (1–7) by name and the resource panes by number, then numbers only
	for (const named of [CORE, 0]) {
		ladder.push({sep: '', tabs: PANES.map((p, i) => ({p, text: p === pane ? ` ${label(i, p)} ` : i < named ? ` ${label(i, p)}` : ` ${short(i, p)} `}))});
	}
	const usedOf = (step: (typeof ladder)[number]) => step.tabs.reduce((n, t) => n + t.text.length, 0) + step.sep.length * (step.tabs.length - 1);
	const pick = ladder.find((step) => usedOf(step) + need <= width) ?? ladder.at(-1)!;
	return {...pick, used: usedOf(pick)};
}

/** The pane bar: number keys and names, the active one highlighted; what is selected on the right. */
export const Tabs = memo(function Tabs({pane, subject, width, theme, extra}: {pane: PaneId; subject: string; width: number; theme: Theme; extra: string}) {
	// the subject names a container or project (untrusted); extra quotes the user's filter. The
	// subject first: it says what an action key hits, so the filter is what gets cut
	const right = sanitize([subject, extra].filter(Boolean).join(' · '));
	const {tabs, sep, used} = tabLabels(pane, width, right.length);
	return (
		<Text wrap="truncate">
			{tabs.map((t, i) => (
				<React.Fragment key={t.p}>
					{i > 0 && sep ? <Text color={color(theme, theme.dim)}>{sep}</Text> : null}
					<Text inverse={t.p === pane} bold={t.p === pane} color={t.p === pane ? color(theme, theme.accent) : color(theme, theme.dim)}>
						{t.text}
					</Text>
				</React.Fragment>
			))}
			<Text color={color(theme, theme.dim)}> {right.slice(0, Math.max(0, width - used - 2))}</Text>
		</Text>
	);
});
