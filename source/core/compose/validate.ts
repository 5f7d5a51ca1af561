/**
 * Whole-model checks, each reported at its place in the file: unknown top-level keys, `version`
 * (obsolete), services with neither image nor build, depends_on naming an unknown service,
 * dependency cycles, duplicate host ports, references to undefined networks/volumes/secrets/
 * configs, and the x-berth groups block.
 */
import {existsSync} from 'node:fs';
import {groupsFromXBerth} from '../groups.js';
import type {Locator} from './locate.js';
import {hostPath} from './normalize.js';
import {SERVICE_KEYS, TOP_KEYS, suggest} from './keys.js';
import {portsClash} from './ports.js';
import type {ComposeModel, Diagnostic, PortSpec} from './types.js';

const isObj = (v: unknown): v is Record<string, unknown> => Boolean(v) && typeof v === 'object' && !Array.isArray(v);

/** depends_on edges as written (list or map form), with their source paths. */
function depEntries(raw: unknown): Array<{dep: string; path: Array<string | number>}> {
	if (Array.isArray(raw)) return raw.map((d, i) => ({dep: String(d), path: [i]}));
	if (isObj(raw)) return Object.keys(raw).map((d) => ({dep: d, path: [d]}));
	return [];
}

const DURATION = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;

/** The duration-valued fields a service sets, with their paths. */
function durations(raw: Record<string, unknown>): Array<[string[], unknown]> {
	const out: Array<[string[], unknown]> = [];
	const hc = raw['healthcheck'];
	if (isObj(hc)) for (const k of ['interval', 'timeout', 'start_period', 'start_interval']) if (hc[k] !== undefined) out.push([['healthcheck', k], hc[k]]);
	if (raw['stop_grace_period'] !== undefined) out.push([['stop_grace_period'], raw['stop_grace_period']]);
	return out;
}

/**
 * Every dependency cycle found by a depth-first walk (one per edge that closes a loop), each as
 * the list of services in it, the first repeated at the end. Iterative, so a chain thousands of
 * services deep is no deeper on the stack; a long cycle is shortened to its first and last
 * names with the count between (the message stays one line, and the walk linear).
 */
export function findCycles(graph: Record<string, string[]>): string[][] {
	const cycles: string[][] = [];
	const state = new Map<string, 'visiting' | 'done'>();
	const stack: string[] = [];
	const depth = new Map<string, number>(); // a visiting node's index in stack
	const next: number[] = []; // for each stack entry, the index of its next edge to follow
	const push = (n: string) => {
		state.set(n, 'visiting');
		depth.set(n, stack.length);
		stack.push(n);
		next.push(0);
	};
	for (const root of Object.keys(graph).sort()) {
		if (state.has(root)) continue;
		push(root);
		while (stack.length) {
			const top = stack.length - 1;
			const n = stack[top]!;
			const edges = graph[n] ?? [];
			if (next[top]! >= edges.length) {
				stack.pop();
				next.pop();
				state.set(n, 'done');
				continue;
			}
			const d = edges[next[top]!++]!;
			if (!(d in graph)) continue;
			if (state.get(d) === 'visiting') {
				const from = depth.get(d)!;
				const len = stack.length - from;
				cycles.push(len <= 12 ? [...stack.slice(from), d] : [...stack.slice(from, from + 5), `… ${len - 7} more …`, ...stack.slice(-2), d]);
			} else if (!state.has(d)) push(d);
		}
	}
	return cycles;
}

function refs(v: unknown): string[] {
	if (Array.isArray(v)) return v.map((x) => (isObj(x) ? String(x['source'] ?? '') : String(x)));
	if (isObj(v)) return Object.keys(v);
	return [];
}

/** badExtends: services whose extends failed (reported there; their image may be in what they extend) */
export function validateModel(top: Record<string, unknown>, model: ComposeModel, loc: Locator, portOrigins: Record<string, number[]>, badExtends: ReadonlySet<string> = new Set()): Diagnostic[] {
	const out: Diagnostic[] = [];
	for (const k of Object.keys(top)) {
		if (k === 'version') out.push(loc.diag(['version'], 'warning', 'version-obsolete', 'the attribute `version` is obsolete, it will be ignored', true));
		else if (!TOP_KEYS.has(k) && !k.startsWith('x-')) {
			const near = suggest(k, TOP_KEYS);
			out.push(loc.diag([k], 'error', 'unknown-key', `unknown top-level key "${k}"${near ? ` (did you mean "${near}"?)` : ` (allowed: ${[...TOP_KEYS].join(', ')}, or x-*)`}`, true));
		}
	}
	const rawServicesOrNull = top['services'];
	if ((rawServicesOrNull === undefined || rawServicesOrNull === null) && Object.keys(model.services).length === 0) {
		out.push(loc.diag([], 'error', 'no-services', 'no services defined (a compose file needs a "services" mapping)'));
		return out;
	}
	const rawServices = (rawServicesOrNull ?? {}) as Record<string, unknown>;
	if (!isObj(rawServices)) {
		out.push(loc.diag(['services'], 'error', 'bad-type', '"services" must be a mapping of service name to definition'));
		return out;
	}
	const names = new Set(Object.keys(model.services));
	const graph: Record<string, string[]> = {};
	// the model's sections include what included files define
	const defined = (section: string) => new Set(isObj(model[section]) ? Object.keys(model[section] as object) : []);
	const networks = defined('networks');
	const volumes = defined('volumes');
	const secrets = defined('secrets');
	const configs = defined('configs');

	for (const [name, svc] of Object.entries(model.services)) {
		const raw = rawServices[name] as Record<string, unknown> | undefined;
		if (!raw) {
			// from an included file: checked there; only its edges join the graph here
			graph[name] = Object.keys(svc.depends_on ?? {});
			continue;
		}
		if (!/^[a-zA-Z0-9._-]+$/.test(name)) out.push(loc.diag(['services', name], 'error', 'bad-service-name', `service name "${name}" may hold only letters, digits, ".", "_" and "-"`, true));
		for (const k of Object.keys(raw)) {
			if (SERVICE_KEYS.has(k) || k.startsWith('x-') || k === '<<') continue;
			const near = suggest(k, SERVICE_KEYS);
			out.push(loc.diag(['services', name, k], 'error', 'unknown-key', `service "${name}": unknown key "${k}"${near ? ` (did you mean "${near}"?)` : ''}`, true));
		}
		for (const [path, v] of durations(raw)) {
			if (!DURATION.test(String(v))) out.push(loc.diag(['services', name, ...path], 'error', 'bad-duration', `${path.join('.')}: "${String(v)}" is not a duration (like 10s, 1m30s, 500ms)`));
		}
		if (!svc.image && !svc.build && !badExtends.has(name)) {
			out.push(loc.diag(['services', name], 'error', 'no-image', `service "${name}" has neither an image nor a build context`, true));
		}
		graph[name] = [];
		const written = depEntries(raw['depends_on']);
		for (const dep of Object.keys(svc.depends_on ?? {})) {
			graph[name].push(dep);
			if (!names.has(dep)) {
				// inherited through extends: no entry of its own here, so point at the service
				const path = written.find((e) => e.dep === dep)?.path;
				const where = path ? ['services', name, 'depends_on', ...path] : ['services', name];
				// required: false makes it optional: compose only warns
				const optional = svc.depends_on?.[dep]?.required === false;
				out.push(loc.diag(where, optional ? 'warning' : 'error', 'unknown-dependency', `service "${name}" depends on undefined service "${dep}"${optional ? ' (required: false, ignored)' : ''}`, !path || typeof path[0] === 'string'));
			}
		}
		for (const n of refs(raw['networks'])) {
			if (n !== 'default' && !networks.has(n)) out.push(loc.diag(['services', name, 'networks'], 'error', 'undefined-network', `service "${name}" refers to undefined network "${n}"`));
		}
		(svc.volumes ?? []).forEach((v, i) => {
			if (v.type === 'volume' && v.source && !volumes.has(v.source)) {
				out.push(loc.diag(['services', name, 'volumes', i], 'error', 'undefined-volume', `service "${name}" refers to undefined volume "${v.source}"`));
			}
		});
		for (const [section, set] of [['secrets', secrets], ['configs', configs]] as const) {
			refs(raw[section]).forEach((s, i) => {
				if (!set.has(s)) out.push(loc.diag(['services', name, section, i], 'error', `undefined-${section.slice(0, -1)}`, `service "${name}" refers to undefined ${section.slice(0, -1)} "${s}"`));
			});
		}
	}
	for (const section of ['secrets', 'configs'] as const) {
		const defs = top[section];
		if (!isObj(defs)) continue;
		for (const [k, def] of Object.entries(defs)) {
			if (isObj(def) && typeof def['file'] === 'string' && !existsSync(hostPath(def['file'], loc.file.replace(/[^/]*$/, '')))) {
				out.push(loc.diag([section, k, 'file'], 'warning', `${section.slice(0, -1)}-file-missing`, `${section.slice(0, -1)} "${k}": file ${def['file']} not found (compose up will fail until it exists)`));
			}
		}
	}

	for (const cycle of findCycles(graph)) {
		const [first, second] = cycle;
		const entry = depEntries((rawServices[first!] as Record<string, unknown> | undefined)?.['depends_on']).find((e) => e.dep === second);
		out.push(loc.diag(['services', first!, 'depends_on', ...(entry?.path ?? [])], 'error', 'dependency-cycle', `dependency cycle: ${cycle.join(' → ')}`, typeof entry?.path[0] === 'string'));
	}

	// published ports seen so far: single ports by protocol and number (a clash needs the same
	// number), ranges apart and compared with every port, so thousands of services stay linear
	type Seen = {service: string; port: PortSpec; index: number; order: number};
	const single = new Map<string, Seen[]>();
	const ranges: Seen[] = [];
	const all: Seen[] = [];
	for (const [name, svc] of Object.entries(model.services)) {
		(svc.ports ?? []).forEach((p, k) => {
			const index = portOrigins[name]?.[k] ?? 0;
			// services of disjoint profiles never run together (e.g. dev and prod variants)
			const together = (other: string) => {
				const a = svc.profiles ?? [];
				const b = model.services[other]?.profiles ?? [];
				return !a.length || !b.length || a.some((x) => b.includes(x));
			};
			if (p.host_port === null) return;
			const bucket = `${p.protocol}/${p.host_port}`;
			const candidates = p.host_port_end !== undefined ? all : [...(single.get(bucket) ?? []), ...ranges].sort((x, y) => x.order - y.order);
			const clash = candidates.find((s) => together(s.service) && portsClash(s.port, p));
			// reported in this file when one of the two is defined here (else in its own file)
			const here = (s: string) => s in rawServices;
			if (clash && (here(name) || here(clash.service))) {
				const addr = `${p.host_ip ? (p.host_ip.includes(':') ? `[${p.host_ip}]` : p.host_ip) + ':' : ''}${p.host_port}/${p.protocol}`;
				const [at, other, otherAt] = here(name) ? [['services', name, 'ports', index], clash.service, ['services', clash.service, 'ports', clash.index]] : [['services', clash.service, 'ports', clash.index], name, null];
				const ref = otherAt && here(other) ? `line ${loc.at(otherAt).line}` : 'in an included file';
				out.push(loc.diag(at, 'error', 'duplicate-host-port', `host port ${addr} of service "${at[1]}" is already published by service "${other}" (${ref})`));
			}
			const entry = {service: name, port: p, index, order: all.length};
			all.push(entry);
			if (p.host_port_end !== undefined) ranges.push(entry);
			else {
				const list = single.get(bucket);
				if (list) list.push(entry);
				else single.set(bucket, [entry]);
			}
		});
	}

	if ('x-berth' in top) {
		const g = groupsFromXBerth(top['x-berth']);
		for (const p of g.problems) out.push(loc.diag(['x-berth', ...p.path], 'error', 'bad-group', p.message));
		for (const svc of Object.keys(g.map)) {
			if (!names.has(svc)) out.push(loc.diag(['x-berth', ...(g.paths[svc] ?? ['groups'])], 'warning', 'unknown-group-service', `x-berth groups name service "${svc}", which is not defined`));
		}
	}
	return out;
}
