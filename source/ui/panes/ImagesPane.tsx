/**
 * The images pane: the resource list (ResourcePane), or an image's layers in its place (enter; esc
 * returns), and under it a running (or the last) pull with a bar per layer, and the selected image's
 * trivy scan (`s`: ui/components/ScanResult.tsx).
 */
import {Box} from 'ink';
import React from 'react';
import {humanSize} from '../../core/images/format.js';
import {fitCell} from '../../core/present.js';
import type {HistoryState, PullState} from '../../state/resources.js';
import {shortAge} from '../../state/view/resources.js';
import {ScanResult, scanHeight} from '../components/ScanResult.js';
import {Text} from '../components/Text.js';
import type {ScanState} from '../../state/scan.js';
import {color, type Theme} from '../theme.js';
import {ResourcePane, type ResourcePaneProps} from './ResourcePane.js';

/** Lines the pull box takes: a title and a line per layer, at most half the pane. */
export const pullHeight = (pull: PullState | null, height: number) => (pull ? Math.min(pull.layers.length + 2, Math.max(2, Math.floor(height / 2))) : 0);

export function ImagesPane(props: ResourcePaneProps & {history: HistoryState | null; pull: PullState | null; scan?: ScanState | null}) {
	const {history, pull, scan = null, width, height, theme} = props;
	const ph = pullHeight(pull, height);
	const sh = scanHeight(scan, height, width);
	const main = Math.max(2, height - ph - sh);
	return (
		<Box flexDirection="column" height={height} width={width} overflow="hidden">
			{history ? <HistoryView history={history} width={width} height={main} theme={theme} now={props.cells.now} /> : <ResourcePane {...props} height={main} />}
			{pull && ph ? <PullBox pull={pull} width={width} height={ph} theme={theme} /> : null}
			{scan && sh ? <ScanResult scan={scan} width={width} height={sh} theme={theme} /> : null}
		</Box>
	);
}

function HistoryView({history, width, height, theme, now}: {history: HistoryState; width: number; height: number; theme: Theme; now: number}) {
	const entries = history.entries ?? [];
	const rows = Math.max(1, height - 2);
	const top = Math.max(0, Math.min(history.scroll, Math.max(0, entries.length - rows)));
	const by = Math.max(10, width - 2 - 8 - 1 - 7 - 1);
	const total = entries.reduce((n, e) => n + e.size, 0);
	return (
		<Box flexDirection="column" height={height} width={width} overflow="hidden">
			<Text bold wrap="truncate">
				{`Layers of ${history.ref}`}
				<Text color={color(theme, theme.dim)}>{history.entries ? ` · ${entries.length} layers · ${humanSize(total)}${entries.length > rows ? ` · ${top + 1}/${entries.length}` : ''} · esc returns` : ' · loading…'}</Text>
			</Text>
			<Text bold color={color(theme, theme.dim)} wrap="truncate">
				{'  '}
				{fitCell('SIZE', 8)} {fitCell('CREATED', 7)} {fitCell('CREATED BY', by)}
			</Text>
			{history.error ? (
				<Text color={color(theme, theme.bad)} wrap="truncate">
					{history.error}
				</Text>
			) : null}
			{entries.slice(top, top + rows).map((e, i) => (
				<Text key={`${top + i}`} wrap="truncate">
					{'  '}
					{fitCell(humanSize(e.size), 8)} {fitCell(shortAge(e.created, now), 7)} {fitCell(e.created_by.replace(/^\/bin\/sh -c #\(nop\)\s*/, ''), by)}
				</Text>
			))}
		</Box>
	);
}

/** "[#####.....]  45%" in a width. */
function bar(current: number, total: number, w: number): string {
	if (w < 4) return '';
	const inner = w - 2;
	const frac = total > 0 ? Math.min(1, current / total) : 0;
	const fill = Math.round(frac * inner);
	return `[${'#'.repeat(fill)}${'.'.repeat(inner - fill)}]`;
}

function PullBox({pull, width, height, theme}: {pull: PullState; width: number; height: number; theme: Theme}) {
	const shown = pull.layers.slice(-Math.max(0, height - 2));
	const barW = Math.max(6, Math.min(30, width - 2 - 12 - 1 - 16 - 1 - 24));
	const head = pull.error ? `✖ pull ${pull.ref}: ${pull.error}` : pull.running ? `pulling ${pull.ref}… ${pull.layers.filter((l) => /complete|exists/i.test(l.status)).length}/${pull.layers.length} layers` : `pulled ${pull.ref}${pull.status ? ` · ${pull.status}` : ''}`;
	return (
		<Box flexDirection="column" height={height} width={width} overflow="hidden">
			<Text bold color={color(theme, pull.error ? theme.bad : pull.running ? theme.warn : theme.ok)} wrap="truncate">
				{head}
			</Text>
			{shown.map((l) => {
				const done = /complete|already exists/i.test(l.status);
				const pct = done ? 100 : l.total > 0 ? Math.round((100 * Math.min(l.current, l.total)) / l.total) : 0;
				return (
					<Text key={l.id} wrap="truncate">
						{'  '}
						{fitCell(l.id, 12)} {fitCell(l.status, 16)} {bar(done ? 1 : l.current, done ? 1 : l.total, barW)} {String(pct).padStart(3)}%{l.total > 0 ? `  ${humanSize(Math.min(l.current, l.total))}/${humanSize(l.total)}` : ''}
					</Text>
				);
			})}
		</Box>
	);
}
