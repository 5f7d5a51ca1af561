import {Box} from 'ink';
import {Text} from '../components/Text.js';
import React from 'react';
import type {InspectState} from '../../state/types.js';
import {color, type Theme} from '../theme.js';
import stringWidth from 'string-width';
import {wrapColumns} from '../components/MessagesOverlay.js';

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

/** A YAML line as screen rows: long lines wrap (continuations marked `↳ `), nothing is cut. */
export function wrapInspectLine(line: string, width: number): string[] {
	const w = Math.max(4, width);
	// a short line fits as is; else one walk over it (string-width over a long non-ASCII line is as slow as Intl.Segmenter)
	if (line.length <= w && stringWidth(line) <= w) return [line];
	const key = `${w}\u0000${line}`;
	let rows = wrapped.get(key);
	if (!rows) {
		const [first = '', ...rest] = wrapColumns(line, w, w - 2);
		rows = [first, ...rest.map((x) => '↳ ' + x)];
		// every frame lays the pane out again: a long line is walked once per width
		if (wrapped.size >= 256) wrapped.clear();
		wrapped.set(key, rows);
	}
	return rows;
}

const wrapped = new Map<string, string[]>();

/** The largest first line that still fills the screen (long lines wrap, so it is not simply lines − body). */
export function inspectMaxTop(lines: string[], width: number, body: number): number {
	let rows = 0;
	for (let i = lines.length - 1; i >= 0; i--) {
		rows += wrapInspectLine(lines[i]!, width).length;
		if (rows > body) return Math.min(lines.length - 1, i + 1);
	}
	return 0;
}

/** The container's inspect as YAML: scroll with j/k, search with / and n/N; long lines wrap. */
export function InspectPane({inspect, label, lines, scroll, search, width, height, theme}: Props) {
	const body = Math.max(1, height - 1);
	const top = Math.max(0, Math.min(scroll, inspectMaxTop(lines, width, body)));
	// the source lines from top, wrapped, until the screen is full
	const shown: Array<{i: number; rows: string[]}> = [];
	let used = 0;
	for (let i = top; i < lines.length && used < body; i++) {
		const rows = wrapInspectLine(lines[i]!, width).slice(0, body - used);
		shown.push({i, rows});
		used += rows.length;
	}
	const last = shown.length ? shown.at(-1)!.i + 1 : top;
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
					· lines {lines.length ? top + 1 : 0}–{last} of {lines.length}
					{search ? ` · "${search}" ${hits.length} hits` : ''}
				</Text>
			</Text>
			{inspect.error ? <Text color={color(theme, theme.bad)}>{inspect.error}</Text> : null}
			{!inspect.error && lines.length === 0 ? <Text color={color(theme, theme.dim)}>{inspect.id ? 'Reading…' : 'Select a container.'}</Text> : null}
			{shown.flatMap(({i: at, rows}) =>
				rows.map((l, r) => {
					const k = `${at}:${r}`;
					const key = r === 0 ? /^(\s*-?\s*)([^:]+:)(.*)$/.exec(l) : null;
					const j = search ? l.toLowerCase().indexOf(n) : -1;
					if (j >= 0) {
						return (
							<Text key={k} wrap="truncate">
								{l.slice(0, j)}
								<Text inverse color={color(theme, theme.warn)}>
									{l.slice(j, j + search.length)}
								</Text>
								{l.slice(j + search.length)}
							</Text>
						);
					}
					return (
						<Text key={k} wrap="truncate">
							{key ? (
								<>
									{key[1]}
									<Text color={color(theme, theme.accent)}>{key[2]}</Text>
									{key[3]}
								</>
							) : r > 0 ? (
								<>
									<Text color={color(theme, theme.dim)}>{l.slice(0, 2)}</Text>
									{l.slice(2)}
								</>
							) : (
								l
							)}
						</Text>
					);
				}),
			)}
		</Box>
	);
}
