import {Box, Text} from 'ink';
import React from 'react';
import {fit} from '../../core/present.js';
import {formatBytes, formatPercent, isStale, sparkline} from '../../core/stats.js';
import type {ContainerRecord} from '../../engine/types.js';
import type {HostStats, StatsEntry} from '../../state/types.js';
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
export function StatsPane({label, containers, stats, host, width, height, now, theme}: Props) {
	const running = containers.filter((c) => c.state === 'running');
	const title = (
		<Text bold color={color(theme, theme.accent)} wrap="truncate">
			stats · {label}
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
					<Text color={color(theme, theme.dim)}>Waiting for the first sample of {c.name}…</Text>
					<HostLine host={host} theme={theme} now={now} />
				</Box>
			);
		}
		const stale = isStale(s.last, now);
		const l = s.last;
		return (
			<Box flexDirection="column" height={height} width={width} overflow="hidden">
				<Text wrap="truncate">
					{title}
					<Text color={color(theme, stale ? theme.warn : theme.dim)}>
						{' '}
						· {stale ? 'STALE ' : ''}sample {age(l.at, now)} · {s.cpu.length} samples
					</Text>
				</Text>
				<Text wrap="truncate">
					{fit('CPU', 6)}
					{right(formatPercent(l.cpu), 8)} of {l.onlineCpus} cpu{'  '}
					<Text color={color(theme, theme.ok)}>{sparkline(s.cpu, spark, Math.max(100, ...s.cpu.slice(-spark)))}</Text>
				</Text>
				<Text wrap="truncate">
					{fit('MEM', 6)}
					{right(formatBytes(l.memUsed), 8)} / {fit(l.memLimit ? formatBytes(l.memLimit) : '-', 7)}{' '}
					<Text color={color(theme, theme.accent)}>{sparkline(s.mem, spark)}</Text>
				</Text>
				<Text wrap="truncate">
					{fit('NET', 6)}rx {formatBytes(l.netRx)} · tx {formatBytes(l.netTx)}
				</Text>
				<Text wrap="truncate">
					{fit('BLOCK', 6)}read {formatBytes(l.blkRead)} · write {formatBytes(l.blkWrite)} · pids {l.pids}
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
				{fit('CONTAINER', name)} {right('CPU', 7)} {fit('', spark)} {right('MEM', 8)} {fit('', spark)} {right('NET RX/TX', 16)}
			</Text>
			{shown.map((c) => {
				const s = stats[c.id];
				const stale = s ? isStale(s.last, now) : false;
				return (
					<Text key={c.id} wrap="truncate" color={stale ? color(theme, theme.dim) : undefined}>
						{fit(c.name, name)} {right(s ? formatPercent(s.last.cpu) + (stale ? '?' : '') : '…', 7)} <Text color={color(theme, theme.ok)}>{fit(s ? sparkline(s.cpu, spark, Math.max(1, ...s.cpu.slice(-spark))) : '', spark)}</Text>{' '}
						{right(s ? formatBytes(s.last.memUsed) : '…', 8)} <Text color={color(theme, theme.accent)}>{fit(s ? sparkline(s.mem, spark) : '', spark)}</Text>{' '}
						{right(s ? `${formatBytes(s.last.netRx)}/${formatBytes(s.last.netTx)}` : '', 16)}
					</Text>
				);
			})}
			<Text bold wrap="truncate">
				{fit(`total (${running.length} running)`, name)} {right(formatPercent(cpu), 7)} {fit('', spark)} {right(formatBytes(mem), 8)}
			</Text>
			<HostLine host={host} theme={theme} now={now} />
		</Box>
	);
}
