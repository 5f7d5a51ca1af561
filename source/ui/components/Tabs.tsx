import {sanitize} from '../../core/sanitize.js';
import {Text} from './Text.js';
import React, {memo} from 'react';
import {PANES, type PaneId} from '../../state/types.js';
import {PANE_KEY} from '../keymap.js';
import {color, type Theme} from '../theme.js';

const keyOf = (p: PaneId, i: number) => PANE_KEY[p] ?? String(i + 1);

export const PANE_TITLE: Record<PaneId, string> = {containers: 'Containers', groups: 'Groups', ports: 'Ports', logs: 'Logs', stats: 'Stats', inspect: 'Inspect', doctor: 'Doctor', events: 'Events'};

/** Room kept for the subject on the right before the tabs give up words. */
const SUBJECT_ROOM = 40;

/**
 * The tab labels for a width: every name in full when the subject still fits beside them, else
 * tighter full names, else the active pane's name and the others' numbers. Never cut words.
 */
export function tabLabels(pane: PaneId, width: number, rightLength: number): {tabs: Array<{p: PaneId; text: string}>; sep: string; used: number} {
	const need = Math.min(rightLength + 1, SUBJECT_ROOM);
	const ladder = [
		{sep: '', tabs: PANES.map((p, i) => ({p, text: ` ${keyOf(p, i)} ${PANE_TITLE[p]} `}))},
		{sep: ' ', tabs: PANES.map((p, i) => ({p, text: p === pane ? ` ${keyOf(p, i)} ${PANE_TITLE[p]} ` : `${keyOf(p, i)} ${PANE_TITLE[p]}`}))},
		{sep: '', tabs: PANES.map((p, i) => ({p, text: p === pane ? ` ${keyOf(p, i)} ${PANE_TITLE[p]} ` : ` ${keyOf(p, i)} `}))},
	];
	let pick = ladder[2]!;
	for (const step of ladder) {
		const used = step.tabs.reduce((n, t) => n + t.text.length, 0) + step.sep.length * (step.tabs.length - 1);
		if (used + need <= width) {
			pick = step;
			break;
		}
	}
	return {...pick, used: pick.tabs.reduce((n, t) => n + t.text.length, 0) + pick.sep.length * (pick.tabs.length - 1)};
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
