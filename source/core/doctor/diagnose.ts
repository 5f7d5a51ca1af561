/**
 * `diagnose`: gather the facts about containers (inspect, recent logs, image inspect, host facts)
 * and run the rules.
 *
 * Stable API (used by `berth deploy` and the TUI):
 *   diagnose(engine, {project?, services?, containers?, logLines?}) → Promise<Finding[]>
 *   - project: only containers of this compose project (label com.docker.compose.project)
 *   - services: only these compose services (with or without project)
 *   - containers: only these containers (names or ids; exact name, or id prefix)
 *   - nothing given: every container on the engine
 */
import {existsSync} from 'node:fs';
import type {Engine} from '../../engine/connection.js';
import {inspectRaw, listContainers} from '../../engine/containers.js';
import {inspectImage} from '../../engine/images.js';
import {containerLogs} from '../../engine/logs.js';
import {engineInfo, engineIsLocal} from '../../engine/system.js';
import {normaliseArch} from '../images/arch.js';
import {portHolders, publishedPorts, type PortUse} from '../ports.js';
import {programFacts} from './program.js';
import {diagnoseFacts} from './rules.js';
import type {ContainerFacts, Finding, HostFacts, ImageFacts, PortHolder} from './types.js';
import {bindSources, publishedKeys} from './util.js';

export interface DiagnoseOptions {
	project?: string;
	services?: string[];
	containers?: string[];
	/** log lines read per container (default 30) */
	logLines?: number;
}

export interface Selection {
	id: string;
	state?: string;
	name: string;
	project: string | null;
	service: string | null;
}

/** Pure: which containers the options select. */
export function selectContainers<T extends Selection>(all: T[], opts: DiagnoseOptions): T[] {
	return all.filter((c) => {
		if (opts.project && c.project !== opts.project) return false;
		if (opts.services?.length && !(c.service && opts.services.includes(c.service))) return false;
		if (opts.containers?.length && !opts.containers.some((x) => c.name === x || c.name === x.replace(/^\//, '') || (x.length >= 4 && c.id.startsWith(x)))) return false;
		return true;
	});
}

async function recentLogs(engine: Engine, id: string, lines: number): Promise<string[]> {
	const ac = new AbortController();
	const timer = setTimeout(() => ac.abort(), 5000);
	const got: Array<{ts: string; text: string}> = [];
	try {
		for await (const batch of await containerLogs(engine, id, {signal: ac.signal, tail: lines, follow: false})) {
			for (const l of batch) got.push({ts: l.ts ?? '', text: l.text});
		}
	} catch {
		// no logs (never started, or a log driver without read support)
	} finally {
		clearTimeout(timer);
	}
	// stdout and stderr arrive demultiplexed: put them back in time order (stable for equal stamps)
	const key = (ts: string) => ts.replace(/(?:\.(\d+))?Z$/, (_m, frac: string | undefined) => `.${(frac ?? '').padEnd(9, '0')}Z`);
	const out = got.map((g, i) => ({k: key(g.ts), text: g.text, i})).sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : a.i - b.i));
	return out.map((g) => g.text).slice(-lines);
}

/** Facts about one container; null when it vanished meanwhile. */
export async function gatherFacts(engine: Engine, id: string, base: Omit<HostFacts, 'missing_paths' | 'port_holders'>, logLines = 30, published?: PortUse[]): Promise<ContainerFacts | null> {
	const raw = await inspectRaw(engine, id);
	if (!raw) return null;
	const img = raw.Image ? await inspectImage(engine, raw.Image) : null;
	const image: ImageFacts | null = img ? {id: img.id, architecture: img.architecture, os: img.os, entrypoint: img.entrypoint, cmd: img.cmd} : null;
	const logs = raw.State.StartedAt && !raw.State.StartedAt.startsWith('0001') ? await recentLogs(engine, id, logLines) : [];
	const partial: ContainerFacts = {inspect: raw, logs, image, host: {...base, now: Date.now(), missing_paths: [], port_holders: {}}};
	if (base.local) {
		partial.host.missing_paths = bindSources(partial)
			.map((b) => b.source)
			.filter((p) => !existsSync(p));
	}
	const failed = raw.State.Restarting || Boolean(raw.State.Error) || (!raw.State.Running && (raw.State.ExitCode ?? 0) !== 0);
	if (failed) partial.program = await programFacts(engine, raw).catch(() => null);
	if (!raw.State.Running) {
		const holders: Record<string, PortHolder[]> = {};
		for (const p of publishedKeys(partial)) {
			const found = await portHolders(engine, p.port, p.proto === 'udp' ? 'udp' : 'tcp', p.ip, raw.Id, published);
			if (found.length) holders[p.key] = found.map((h) => ({kind: h.kind, name: h.name, ...(h.pid ? {pid: h.pid} : {})}));
		}
		partial.host.port_holders = holders;
	}
	return partial;
}

/** The engine-wide part of the host facts. */
export async function hostBase(engine: Engine): Promise<Omit<HostFacts, 'missing_paths' | 'port_holders'>> {
	const info = await engineInfo(engine);
	return {engine_arch: normaliseArch(info.architecture || engine.arch), runtimes: info.runtimes, local: engineIsLocal(engine)};
}

export async function diagnose(engine: Engine, opts: DiagnoseOptions = {}): Promise<Finding[]> {
	const base = await hostBase(engine);
	const chosen = selectContainers(await listContainers(engine), opts);
	const published = chosen.some((c) => c.state !== 'running') ? await publishedPorts(engine) : [];
	const results: Finding[][] = new Array(chosen.length);
	let next = 0;
	const worker = async () => {
		while (next < chosen.length) {
			const i = next++;
			const facts = await gatherFacts(engine, chosen[i]!.id, base, opts.logLines ?? 30, published);
			results[i] = facts ? diagnoseFacts(facts) : [];
		}
	};
	await Promise.all(Array.from({length: Math.min(8, chosen.length)}, worker));
	return results.flat();
}

export {diagnoseFacts};
