/**
 * The images pane's scan box (key `s`): trivy's counts by severity and the top findings of the
 * selected image, or why there are none (trivy not on the PATH: how to install it; failed; timed
 * out). Shown under the list while the scanned image is the selected one.
 */
import {Box} from 'ink';
import React from 'react';
import {SEVERITIES, type Severity} from '../../core/images/trivy.js';
import {fitCell} from '../../core/present.js';
import type {ScanState} from '../../state/scan.js';
import {color, type Theme} from '../theme.js';
import {Text} from './Text.js';

/** Lines the box takes: a title, the counts (or the hint), a line per finding; at most half the pane. */
export const scanHeight = (scan: ScanState | null, height: number) => (scan ? Math.min(2 + (scan.summary?.top.length ?? (scan.error ? 1 : 0)) + (scan.summary && !scan.summary.top.length ? 1 : 0), Math.max(2, Math.floor(height / 2))) : 0);

const sevColor = (t: Theme, s: Severity) => (s === 'CRITICAL' || s === 'HIGH' ? t.bad : s === 'MEDIUM' ? t.warn : t.dim);

export function ScanResult({scan, width, height, theme}: {scan: ScanState; width: number; height: number; theme: Theme}) {
	const s = scan.summary;
	const rows = Math.max(0, height - 2);
	const head = scan.running
		? `scanning ${scan.ref} with trivy… (the first scan downloads trivy's database)`
		: scan.error
			? `✖ scan ${scan.ref}: ${scan.error.message}`
			: `Vulnerabilities of ${scan.ref}: ${s?.total ?? 0}${s && s.top.length ? ` · top ${s.top.length}` : ''} · s scans again`;
	const tone = scan.running ? theme.warn : scan.error ? theme.bad : s && s.total ? theme.bad : theme.ok;
	const idW = 16;
	const pkgW = Math.min(18, Math.max(8, Math.floor(width / 8)));
	const verW = Math.min(24, Math.max(10, Math.floor(width / 6)));
	const titleW = Math.max(0, width - 2 - 8 - 1 - idW - 1 - pkgW - 1 - verW - 1);
	return (
		<Box flexDirection="column" height={height} width={width} overflow="hidden">
			<Text bold color={color(theme, tone)} wrap="truncate">
				{head}
			</Text>
			{scan.error ? (
				<Text color={color(theme, theme.dim)} wrap="truncate">
					{scan.error.hint ? `  → ${scan.error.hint}` : ''}
				</Text>
			) : s ? (
				<Text wrap="truncate">
					{'  '}
					{SEVERITIES.map((sev, i) => (
						<Text key={sev} color={s.counts[sev] ? color(theme, sevColor(theme, sev)) : color(theme, theme.dim)}>
							{`${i ? ' · ' : ''}${sev} ${s.counts[sev]}`}
						</Text>
					))}
				</Text>
			) : null}
			{s && s.total === 0 ? (
				<Text color={color(theme, theme.ok)} wrap="truncate">
					{'  no vulnerabilities found'}
				</Text>
			) : null}
			{s?.top.slice(0, rows).map((f, i) => (
				<Text key={`${i}:${f.id}:${f.pkg}`} wrap="truncate">
					{'  '}
					<Text color={color(theme, sevColor(theme, f.severity))}>{fitCell(f.severity, 8)}</Text> {fitCell(f.id, idW)} {fitCell(f.pkg, pkgW)} {fitCell(f.fixed ? `${f.installed}→${f.fixed}` : `${f.installed} (no fix)`, verW)} {fitCell(f.title, titleW)}
				</Text>
			))}
		</Box>
	);
}
