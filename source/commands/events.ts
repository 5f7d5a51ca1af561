/** `berth events [--since T] [--until T] [--filter K=V]... [--json]`: the engine's event stream. */
import type {EngineEvent} from '../model/event.js';
import {engineEvents, engineNow} from '../engine/events.js';
import {EXIT, connectOrReport, parseFlags, reportError, stdio, type Output} from './common.js';
import {terminalJson} from '../core/sanitize.js';
import {cell, many} from './resource-shared.js';

const HELP = `
  Usage
    $ berth events [--since T] [--until T] [--filter KEY=VALUE]... [--json] [--host H]

  The engine's events as they happen (containers, images, volumes, networks, the daemon …):
  time, type, action, actor, attributes. Runs until interrupted (Ctrl-C), or until --until.

  Options
    --since T          replay from T: a duration ago (30s, 10m, 2h), an RFC 3339 time
                       (2026-01-02T15:04:05Z) or unix seconds; the engine keeps its last 256 events
    --until T          stop at T (same forms; a past T ends after the replay)
    --filter, -f K=V   the engine's filters, repeatable: type=container|image|volume|network|daemon,
                       event=start, container=NAME, image=NAME, volume=NAME, network=NAME,
                       label=KEY or label=KEY=VALUE
    --json             one JSON object per line: {time, time_nano, type, action, actor, attributes, scope}
    --host, -H         engine address

  Exit codes: 0 ok (interrupted or --until reached) · 1 the stream failed · 2 usage · 3 engine unreachable
`;

const FILTER_KEYS = new Set(['type', 'event', 'container', 'image', 'volume', 'network', 'label', 'daemon', 'plugin', 'scope', 'service', 'node', 'secret', 'config']);

/** "10m", an RFC 3339 time, or unix seconds → unix seconds (durations from `now`, engine clock ms). */
export function parseTime(s: string, nowMs: number): number | null {
	const d = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(s.trim());
	if (d) {
		const n = Number(d[1]);
		const ms = d[2] === 'ms' ? n : d[2] === 's' ? n * 1000 : d[2] === 'm' ? n * 60_000 : n * 3_600_000;
		return (nowMs - ms) / 1000;
	}
	if (/^\d+(\.\d+)?$/.test(s.trim())) return Number(s);
	const t = Date.parse(s);
	return Number.isFinite(t) ? t / 1000 : null;
}

/** KEY=VALUE filters → the engine's filter map; a malformed or unknown key → error text. */
export function parseFilters(fs: string[]): Record<string, string[]> | string {
	const out: Record<string, string[]> = {};
	for (const f of fs) {
		const eq = f.indexOf('=');
		if (eq <= 0) return `bad filter "${f}" (KEY=VALUE)`;
		const k = f.slice(0, eq);
		if (!FILTER_KEYS.has(k)) return `unknown filter key "${k}" (one of: ${[...FILTER_KEYS].join(', ')})`;
		(out[k] ??= []).push(f.slice(eq + 1));
	}
	return out;
}

/** One text line: time type action actor (name) key=value … (attributes sorted, all inert). */
export function eventLine(e: EngineEvent): string {
	const attrs = Object.entries(e.attributes)
		.sort(([a], [b]) => a.localeCompare(b))
		.map(([k, v]) => `${cell(k)}=${cell(v)}`)
		.join(', ');
	const actor = e.type === 'container' || e.type === 'image' || e.type === 'network' ? e.actor.replace(/^sha256:/, '').slice(0, 12) : e.actor;
	return `${e.time} ${cell(e.type)} ${cell(e.action)} ${cell(actor)}${attrs ? ` (${attrs})` : ''}`;
}

export async function run(argv: string[], io: Output = stdio, signal?: AbortSignal): Promise<number> {
	const cli = parseFlags(argv, HELP, {since: {type: 'string'}, until: {type: 'string'}, filter: {type: 'string', shortFlag: 'f', isMultiple: true}, json: {type: 'boolean', default: false}, host: {type: 'string', shortFlag: 'H'}} as never, io);
	if (typeof cli === 'number') return cli;
	const f = cli.flags as {since?: string; until?: string; filter?: string[]; json: boolean; host?: string};
	if (cli.input.length) {
		io.err(`berth: events: unexpected argument "${cli.input[0]}"`);
		return EXIT.usage;
	}
	const filters = parseFilters(many(f.filter));
	if (typeof filters === 'string') {
		io.err(`berth: ${filters}`);
		return EXIT.usage;
	}
	const engine = await connectOrReport(f.host, io);
	if (typeof engine === 'number') return engine;
	// durations count back from the engine's clock (a remote engine's may differ from ours)
	const now = f.since?.match(/[smh]$/) || f.until?.match(/[smh]$/) ? ((await engineNow(engine)) ?? Date.now()) : Date.now();
	const since = f.since === undefined ? undefined : parseTime(f.since, now);
	const until = f.until === undefined ? undefined : parseTime(f.until, now);
	if (since === null || until === null) {
		io.err(`berth: cannot read the time "${since === null ? f.since : f.until}" (30s, 10m, 2h, 2026-01-02T15:04:05Z or unix seconds)`);
		return EXIT.usage;
	}
	const ac = new AbortController();
	const stop = () => ac.abort();
	signal?.addEventListener('abort', stop, {once: true});
	if (!signal) {
		process.once('SIGINT', stop);
		process.once('SIGTERM', stop);
	}
	try {
		const events = await engineEvents(engine, {...(since === undefined ? {} : {since}), ...(until === undefined ? {} : {until}), filters}, ac.signal);
		for await (const e of events) io.out(f.json ? terminalJson(e, 0) : eventLine(e));
		return EXIT.ok;
	} catch (err) {
		if (ac.signal.aborted) return EXIT.ok;
		return reportError(err, io);
	} finally {
		signal?.removeEventListener('abort', stop);
		process.removeListener('SIGINT', stop);
		process.removeListener('SIGTERM', stop);
	}
}
