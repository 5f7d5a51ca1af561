import {Box} from 'ink';
import {Text} from '../components/Text.js';
import React from 'react';
import type {DoctorState} from '../../state/types.js';
import {color, type Theme} from '../theme.js';

interface Props {
	doctor: DoctorState;
	label: string;
	cursor: number;
	width: number;
	height: number;
	theme: Theme;
}

const ICON = {error: '✖', warning: '▲', info: 'ℹ'} as const;

/** Findings of `berth doctor` for the selection, each with its fix. */
export function DoctorPane({doctor, label, cursor, width, height, theme}: Props) {
	const sev = (s: keyof typeof ICON) => color(theme, s === 'error' ? theme.bad : s === 'warning' ? theme.warn : theme.accent);
	const lines: React.ReactNode[] = [];
	doctor.findings.forEach((f, i) => {
		const sel = i === cursor;
		lines.push(
			<Text key={`${i}m`} wrap="wrap" inverse={sel}>
				<Text color={sev(f.severity)}>{ICON[f.severity]} </Text>
				<Text bold>{f.container}</Text>
				<Text color={color(theme, theme.dim)}> [{f.code}] </Text>
				{f.message}
			</Text>,
			<Text key={`${i}f`} wrap="wrap" color={color(theme, theme.ok)}>
				{'  → '}
				{f.fix}
			</Text>,
		);
	});
	// findings wrap: scroll by finding, the selected one first once the list is longer than the pane
	const start = cursor * 2 >= Math.floor(height / 2) ? cursor * 2 : 0;
	return (
		<Box flexDirection="column" height={height} width={width} overflow="hidden">
			<Text wrap="truncate">
				<Text bold color={color(theme, theme.accent)}>
					doctor · {label}
				</Text>
				<Text color={color(theme, theme.dim)}>
					{doctor.running ? ' · diagnosing…' : doctor.at ? ` · ${doctor.findings.length} finding${doctor.findings.length === 1 ? '' : 's'} · enter runs again` : ''}
				</Text>
			</Text>
			{doctor.error ? <Text color={color(theme, theme.bad)}>{doctor.error}</Text> : null}
			{!doctor.error && !doctor.running && doctor.at && doctor.findings.length === 0 ? <Text color={color(theme, theme.ok)}>✔ No problems found.</Text> : null}
			{lines.slice(start)}
		</Box>
	);
}
