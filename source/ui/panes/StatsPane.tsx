import {Box} from 'ink';
import {Text} from '../components/Text.js';
import React from 'react';
import {fitCell} from '../../core/present.js';
import {chart, formatBytes, formatPercent, isStale, sparkline} from '../../core/stats.js';
import type {ContainerRecord} from '../../model/container.js';
import {MAX_STATS_STREAMS} from '../../state/follow.js';
import type {HostStats, StatsEntry, StatsSource} from '../../state/types.js';
import {color, type Theme} from '../theme.js';

interface Props {
	label: string;
	containers: ContainerRecord[];
	stats: Record<string, StatsEntry>;
	host: HostStats | null;
	width: number;
	height: number;
	now: number;
	theme: Theme;
	/** where the figures come from (state.statsSource); null before the first stream */
	source?: StatsSource | null;
}

/** The source in words, as the pane's title and the help name it. */
export const SOURCE_WORDS: Record<StatsSource, string> = {cgroup: 'cgroup files', api: 'engine API'};

/**
 * Why a running container has no figure, in words (a figure is there: null). A stream is open for
 * the first MAX_STATS_STREAMS running members (`followed`); its first sample has memory but no CPU
 * yet (CPU is a difference of two samples); a sample older than STALE_MS is stale.
 */
export function whyNoFigure(s: StatsEntry | undefined, followed: boolean, now: number): string | null {
	if (!followed) return `not sampled: only the first ${MAX_STATS_STREAMS} running containers are`;
	if (!s) return 'waiting for the first sample';
	if (isStale(s.last, now)) return `no sample for ${Math.round((now - s.last.at) / 1000)}s: the stream stalled or ended`;
	if (s.last.cpu === null) return 'CPU after the second sample';
	return null;
}

/** 5, 10, 20, 25, 50, 100, 200 … at or above n. */
export function niceCeil(n: number): number {
	const p = 10 ** Math.floor(Math.log10(n));
	for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= n) return m * p;
	return 10 * p;
}

const right = (t: string, w: number) => (t.length >= w ? t : ' '.repeat(w - t.length) + t);
const age = (at: number, now: number) => `${Math.max(0, (now - at) / 1000).toFixed(1)}s ago`;

function HostLine({host, theme, now}: {host: HostStats | null; theme: Theme; now: number}) {
	if (!host) return <Text color={color(theme, theme.dim)}>host · sampling…</Text>;
	return (
		<Text wrap="truncate" color={isStale(host, now + 2000) ? color(theme, theme.dim) : undefined}>
			<Text bold>host</Text> cpu {formatPercent(host.cpu)} of {host.cpus} · mem {formatBytes(host.memUsed)}/{formatBytes(host.memTotal)} · disk / {formatBytes(host.diskUsed)}/{formatBytes(host.diskSize)}
		</Text>
	);
}

/** CPU, memory (usage/limit), network and block I/O with sparklines; host figures at the bottom. */
export function StatsPane({label, containers, stats, host, width, height, now, theme, source = null}: Props) {
	const running = containers.filter((c) => c.state === 'running');
	const from = source ? ` · from ${SOURCE_WORDS[source]}` : '';
	const title = (
		<Text bold color={color(theme, theme.accent)} wrap="truncate">
			stats · {label}
			<Text bold={false} color={color(theme, theme.dim)}>
				{from}
			</Text>
		</Text>
	);
	if (running.length === 0) {
		return (
			<Box flexDirection="column" height={height} width={width} overflow="hidden">
				{title}
				<Text color={color(theme, theme.dim)}>{containers.length ? 'Not running: no stats.' : 'Select a container, service or group.'}</Text>
				<HostLine host={host} theme={theme} now={now} />
			</Box>
		);
	}
	if (running.length === 1 && height >= 8) {
		const c = running[0]!;
		const s = stats[c.id];
		const spark = Math.max(10, width - 34);
		if (!s) {
			return (
				<Box flexDirection="column" height={height} width={width} overflow="hidden">
					{title}
					<Text color={color(theme, theme.dim)} wrap="truncate">
						Waiting for the first sample of {c.name}… (CPU needs two samples, a second apart{source === 'cgroup' ? ', the first two 0.3 s apart' : ''})
					</Text>
					<HostLine host={host} theme={theme} now={now} />
				</Box>
			);
		}
		const stale = isStale(s.last, now);
		const l = s.last;
		// wide and tall: CPU and memory charts side by side; tall: one above the other; short: sparklines
		const side = width >= 100 && height >= 10;
		const chartH = side ? Math.min(16, height - 5) : height >= 14 ? Math.min(10, Math.floor((height - 6) / 2)) : 0;
		const cw = side ? Math.floor((width - 6) / 2) : Math.max(10, width - 2);
		// auto scale with headroom to a round figure: 1 % of CPU is visible, not a flat floor
		const cpuMax = niceCeil(Math.max(5, ...s.cpu.slice(-cw)) * 1.25);
		const memMax = Math.max(...s.mem.slice(-cw)) * 1.25 || 1;
		const block = (label: React.ReactNode, values: number[], max: number, scale: string, tint: string, key: string) => (
			<Box flexDirection="column" width={side ? cw + 2 : width}>
				<Text wrap="truncate">
					{label}
					{'  '}
					{chartH ? <Text color={color(theme, theme.dim)}>(scale 0–{scale})</Text> : <Text color={color(theme, tint)}>{sparkline(values, spark, key === 'c' ? max : undefined)}</Text>}
				</Text>
				{chartH
					? chart(values, cw, chartH, max).map((row, i) => (
							<Text key={`${key}${i}`} color={color(theme, tint)} wrap="truncate">
								{'  '}
								{row}
							</Text>
						))
					: null}
			</Box>
		);
		const cpuBlock = block(
			<>
				<Text bold>{fitCell('CPU', 6)}</Text>
				{right(l.cpu === null ? 'wait' : formatPercent(l.cpu), 8)} of {l.onlineCpus} cpu{l.cpu === null ? <Text color={color(theme, theme.dim)}> · CPU after the second sample</Text> : null}
			</>,
			s.cpu,
			cpuMax,
			`${Math.round(cpuMax)}%`,
			theme.ok,
			'c',
		);
		const memBlock = block(
			<>
				<Text bold>{fitCell('MEM', 6)}</Text>
				{right(formatBytes(l.memUsed), 8)} / {l.memLimit ? `${formatBytes(l.memLimit)} (${formatPercent((100 * l.memUsed) / l.memLimit)})` : '-'}
			</>,
			s.mem,
			memMax,
			formatBytes(memMax),
			theme.accent,
			'm',
		);
		return (
			<Box flexDirection="column" height={height} width={width} overflow="hidden">
				<Text wrap="truncate">
					{title}
					<Text color={color(theme, stale ? theme.warn : theme.dim)}>
						{' '}
						· {stale ? 'STALE ' : ''}sample {age(l.at, now)} · {s.cpu.length} samples
					</Text>
				</Text>
				{side ? (
					<Box flexDirection="row">
						{cpuBlock}
						<Box width={2} />
						{memBlock}
					</Box>
				) : (
					<>
						{cpuBlock}
						{memBlock}
					</>
				)}
				<Text wrap="truncate">
					<Text bold>{fitCell('NET', 6)}</Text>rx {formatBytes(l.netRx)} · tx {formatBytes(l.netTx)}
					{'   '}
					<Text bold>BLOCK</Text> read {formatBytes(l.blkRead)} · write {formatBytes(l.blkWrite)} · <Text bold>PIDS</Text> {l.pids}
				</Text>
				<HostLine host={host} theme={theme} now={now} />
			</Box>
		);
	}
	const name = Math.max(12, Math.min(30, width - 60));
	const spark = Math.max(6, Math.floor((width - name - 40) / 2));
	const shown = running.slice(0, Math.max(1, height - 3));
	let cpu = 0;
	let mem = 0;
	for (const c of running) {
		cpu += stats[c.id]?.last.cpu ?? 0;
		mem += stats[c.id]?.last.memUsed ?? 0;
	}
	return (
		<Box flexDirection="column" height={height} width={width} overflow="hidden">
			{title}
			<Text bold color={color(theme, theme.dim)} wrap="truncate">
				{fitCell('CONTAINER', name)} {right('CPU', 7)} {fitCell('', spark)} {right('MEM', 8)} {fitCell('', spark)} {right('NET RX/TX', 16)}
			</Text>
			{shown.map((c) => {
				const s = stats[c.id];
				const why = whyNoFigure(s, running.indexOf(c) < MAX_STATS_STREAMS, now);
				const cpuText = !s ? (why?.startsWith('not') ? '-' : 'wait') : why?.startsWith('no sample') ? 'stale' : s.last.cpu === null ? 'wait' : formatPercent(s.last.cpu);
				return (
					<Text key={c.id} wrap="truncate" color={why ? color(theme, theme.dim) : undefined}>
						{fitCell(c.name, name)} {right(cpuText, 7)}{' '}
						{why ? (
							// no figure: the reason over the sparkline, memory and network columns
							fitCell(why, spark * 2 + 27)
						) : (
							<>
								<Text color={color(theme, theme.ok)}>{fitCell(sparkline(s!.cpu, spark, Math.max(1, ...s!.cpu.slice(-spark))), spark)}</Text> {right(formatBytes(s!.last.memUsed), 8)} <Text color={color(theme, theme.accent)}>{fitCell(sparkline(s!.mem, spark), spark)}</Text>{' '}
								{right(`${formatBytes(s!.last.netRx)}/${formatBytes(s!.last.netTx)}`, 16)}
							</>
						)}
					</Text>
				);
			})}
			<Text bold wrap="truncate">
				{fitCell(running.length > shown.length ? `total (${running.length} running, ${shown.length} shown)` : `total (${running.length} running)`, name)} {right(formatPercent(cpu), 7)} {fitCell('', spark)} {right(formatBytes(mem), 8)}
			</Text>
			<HostLine host={host} theme={theme} now={now} />
		</Box>
	);
}
