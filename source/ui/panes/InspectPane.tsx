import {Box} from 'ink';
import {Text} from '../components/Text.js';
import React from 'react';
import type {InspectState} from '../../state/types.js';
import {color, type Theme} from '../theme.js';

interface Props {
	inspect: InspectState;
	label: string;
	lines: string[];
	scroll: number;
	search: string;
	width: number;
	height: number;
	theme: Theme;
}

/** Lines of the YAML that contain the search (case-insensitive). */
export function inspectHits(lines: string[], search: string): number[] {
	if (!search) return [];
	const n = search.toLowerCase();
	const out: number[] = [];
	lines.forEach((l, i) => {
		if (l.toLowerCase().includes(n)) out.push(i);
	});
	return out;
}

/** The container's inspect as YAML: scroll with j/k, search with / and n/N. */
export function InspectPane({inspect, label, lines, scroll, search, width, height, theme}: Props) {
	const body = Math.max(1, height - 1);
	const top = Math.max(0, Math.min(scroll, Math.max(0, lines.length - body)));
	const hits = inspectHits(lines, search);
	const n = search.toLowerCase();
	return (
		<Box flexDirection="column" height={height} width={width} overflow="hidden">
			<Text wrap="truncate">
				<Text bold color={color(theme, theme.accent)}>
					inspect · {label}
				</Text>
				<Text color={color(theme, theme.dim)}>
					{' '}
					· lines {lines.length ? top + 1 : 0}–{Math.min(lines.length, top + body)} of {lines.length}
					{search ? ` · "${search}" ${hits.length} hits` : ''}
				</Text>
			</Text>
			{inspect.error ? <Text color={color(theme, theme.bad)}>{inspect.error}</Text> : null}
			{!inspect.error && lines.length === 0 ? <Text color={color(theme, theme.dim)}>{inspect.id ? 'Reading…' : 'Select a container.'}</Text> : null}
			{lines.slice(top, top + body).map((l, i) => {
				const key = /^(\s*-?\s*)([^:]+:)(.*)$/.exec(l);
				if (search && l.toLowerCase().includes(n)) {
					const j = l.toLowerCase().indexOf(n);
					return (
						<Text key={top + i} wrap="truncate">
							{l.slice(0, j)}
							<Text inverse color={color(theme, theme.warn)}>
								{l.slice(j, j + search.length)}
							</Text>
							{l.slice(j + search.length)}
						</Text>
					);
				}
				return (
					<Text key={top + i} wrap="truncate">
						{key ? (
							<>
								{key[1]}
								<Text color={color(theme, theme.accent)}>{key[2]}</Text>
								{key[3]}
							</>
						) : (
							l
						)}
					</Text>
				);
			})}
		</Box>
	);
}
