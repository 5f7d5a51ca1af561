/**
 * The images pane's scan box (key `s`): trivy's counts by severity and the top findings of the
 * selected image, or why there are none (trivy not on the PATH: how to install it; failed; timed
 * out). Shown under the list while the scanned image is the selected one.
 */
import {Box} from 'ink';
import React from 'react';
import {SEVERITIES, type Severity} from '../../core/images/trivy.js';
import {fitCell} from '../../core/present.js';
import {displayWidth, sanitize} from '../../core/sanitize.js';
import type {ScanState} from '../../state/scan.js';
import {color, type Theme} from '../theme.js';
import {Text} from './Text.js';

/** Lines a text takes wrapped at a width (roughly: by display columns, not at word breaks). */
function wrapped(text: string, width: number): number {
	const n = Math.ceil(displayWidth(sanitize(text)) / Math.max(1, width));
	return n > 1 ? n + 1 : 1; // a line of slack for breaks at spaces
}

/**
 * Lines the box takes, at most half the pane: a title, the counts, a line per finding; an error
 * wrapped whole (the install hint must show, URL and all) with its hint.
 */
export function scanHeight(scan: ScanState | null, height: number, width = 80): number {
	if (!scan) return 0;
	const want = scan.error
		? wrapped(errorHead(scan), width) + (scan.error.hint ? wrapped(`  → ${scan.error.hint}`, width) : 0)
		: scan.summary
			? 2 + Math.max(1, scan.summary.top.length)
			: 1;
	return Math.min(want, Math.max(2, Math.floor(height / 2)));
}

const errorHead = (scan: ScanState) => `✖ scan ${scan.ref}: ${scan.error?.message ?? ''}`;

const sevColor = (t: Theme, s: Severity) => (s === 'CRITICAL' || s === 'HIGH' ? t.bad : s === 'MEDIUM' ? t.warn : t.dim);

export function ScanResult({scan, width, height, theme}: {scan: ScanState; width: number; height: number; theme: Theme}) {
	const s = scan.summary;
	const rows = Math.max(0, height - 2);
	const head = scan.running
		? `scanning ${scan.ref} with trivy… (the first scan downloads trivy's database)`
		: scan.error
			? errorHead(scan)
			: `Vulnerabilities of ${scan.ref}: ${s?.total ?? 0}${s && s.top.length ? ` · top ${s.top.length}` : ''} · s scans again`;
	const tone = scan.running ? theme.warn : scan.error ? theme.bad : s && s.total ? theme.bad : theme.ok;
	const idW = 16;
	const pkgW = Math.min(18, Math.max(8, Math.floor(width / 8)));
	const verW = Math.min(24, Math.max(10, Math.floor(width / 6)));
	const titleW = Math.max(0, width - 2 - 8 - 1 - idW - 1 - pkgW - 1 - verW - 1);
	return (
		<Box flexDirection="column" height={height} width={width} overflow="hidden">
			<Text bold color={color(theme, tone)} wrap={scan.error ? 'wrap' : 'truncate'}>
				{scan.error ? sanitize(head) : head}
			</Text>
			{scan.error ? (
				scan.error.hint ? (
					<Text color={color(theme, theme.dim)} wrap="wrap">
						{sanitize(`  → ${scan.error.hint}`)}
					</Text>
				) : null
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
