import {Box} from 'ink';
import {Text} from '../components/Text.js';
import React from 'react';
import {fitCell} from '../../core/present.js';
import type {LogLineView, LogsState, LogView} from '../../state/types.js';
import {displayRows, filterLines, plainText, searchHits, shortTime, stripSgr, windowEnd} from '../logView.js';
import {color, sourceColor, type Theme} from '../theme.js';

interface Props {
	logs: LogsState;
	view: LogView;
	label: string;
	width: number;
	height: number;
	theme: Theme;
	/** a compact preview under a list: no key hints in the title */
	preview?: boolean;
	/** what an empty pane says instead of the default */
	empty?: string;
}

/** Text with every case-insensitive occurrence of `needle` highlighted. */
function Highlighted({text, needle, theme, current}: {text: string; needle: string; theme: Theme; current: boolean}) {
	const parts: React.ReactNode[] = [];
	const low = text.toLowerCase();
	const n = needle.toLowerCase();
	let i = 0;
	let k = 0;
	for (let j = low.indexOf(n); j >= 0 && n; j = low.indexOf(n, j + n.length)) {
		parts.push(<Text key={k++}>{text.slice(i, j)}</Text>);
		parts.push(
			<Text key={k++} inverse color={color(theme, current ? theme.bad : theme.warn)} bold={current}>
				{text.slice(j, j + n.length)}
			</Text>,
		);
		i = j + n.length;
	}
	parts.push(<Text key={k++}>{text.slice(i)}</Text>);
	return <>{parts}</>;
}

export function LogsPane({logs, view, label, width, height, theme, preview, empty}: Props) {
	const lines = filterLines(logs.lines, view.filter);
	const end = windowEnd(lines, view.anchor);
	const body = Math.max(1, height - 1);
	const merged = logs.sources > 1;
	const nameWidth = merged ? Math.min(24, Math.max(...lines.slice(Math.max(0, end - body), end).map((l) => l.source.length), 4)) : 0;
	const prefix = (l: LogLineView) => (merged ? fitCell(l.source, nameWidth) + ' │ ' : '');
	const rows = displayRows(lines, end, body, width, view, prefix);
	const hits = view.search ? searchHits(lines, view.search) : [];
	const hitNo = view.hit === null ? 0 : hits.indexOf(view.hit) + 1;
	let part = 0;

	const state = !logs.subject ? 'not following' : view.anchor === null ? 'following' : `paused${preview ? '' : ' (G follows)'}`;
	const bits = [`${lines.length}${view.filter ? `/${logs.lines.length}` : ''} lines`];
	if (logs.dropped) bits.push(`${logs.dropped} dropped`);
	if (logs.total && logs.total > logs.sources) bits.push(`following ${logs.sources} of ${logs.total} containers`);
	if (view.filter) bits.push(`filter "${view.filter}"`);
	if (view.search) bits.push(`search "${view.search}" ${hits.length ? `${hitNo || '-'}/${hits.length}` : 'no match'}`);
	if (view.timestamps) bits.push('timestamps');
	if (view.wrap) bits.push('wrap');
	return (
		// clipped top and bottom only: every line is truncated (or wrapped) to the width already, and a
		// box that clips sideways has Ink cut every coloured line again each frame (slice-ansi)
		<Box flexDirection="column" height={height} width={width} overflowY="hidden">
			<Text wrap="truncate">
				<Text bold color={color(theme, theme.accent)}>
					logs · {label}
				</Text>{' '}
				<Text color={color(theme, !logs.subject ? theme.dim : view.anchor === null ? theme.ok : theme.warn)}>{state}</Text>
				<Text color={color(theme, theme.dim)}> · {bits.join(' · ')}</Text>
				{logs.error ? <Text color={color(theme, theme.bad)}> · {logs.error}</Text> : null}
			</Text>
			{rows.length === 0 ? (
				<Text color={color(theme, theme.dim)}>{empty ?? (logs.subject ? (view.filter ? 'No line matches the filter (f changes it).' : 'No log lines yet.') : 'Select a container, service or group to see its logs.')}</Text>
			) : (
				rows.map((r, i) => {
					const l = r.line;
					// a key per line (and piece of a wrapped line), not per screen row: as lines scroll up,
					// React moves their rows instead of making every row again
					part = i > 0 && rows[i - 1]!.line === l ? part + 1 : 0;
					const head = (view.timestamps ? (r.first ? shortTime(l.ts) : ' '.repeat(12)) + ' ' : '') + (merged ? (r.first ? prefix(l) : ' '.repeat(nameWidth) + ' │ ') : '');
					const matched = view.search && plainText(l).toLowerCase().includes(view.search.toLowerCase());
					return (
						<Text key={`${l.seq}-${part}`} wrap="truncate">
							{head ? <Text color={merged ? sourceColor(theme, l.sourceIndex) : color(theme, theme.dim)}>{head}</Text> : null}
							{matched ? (
								<Highlighted text={stripSgr(r.text)} needle={view.search} theme={theme} current={view.hit === l.seq} />
							) : (
								<Text ansi={theme.enabled} color={l.stream === 'stderr' ? color(theme, theme.warn) : undefined}>
									{theme.enabled ? r.text : stripSgr(r.text)}
								</Text>
							)}
						</Text>
					);
				})
			)}
		</Box>
	);
}
