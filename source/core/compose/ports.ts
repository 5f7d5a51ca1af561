/**
 * Compose `ports:` entries, short and long syntax, normalised to {host_ip, host_port,
 * container_port, protocol}. Short: "80", "9090-9091", "8080:80", "8080-8081:80-81",
 * "8000-8010:80" (any free host port in the range), "127.0.0.1:8080:80/udp", "127.0.0.1::80",
 * "[::1]:80:80". Long: {target, published, host_ip, protocol, mode}.
 */
import {isIP} from 'node:net';
import type {Protocol} from '../../model/container.js';
import {addressesOverlap} from '../../model/port.js';
import type {PortSpec} from './types.js';

export type PortResult = {ok: true; ports: PortSpec[]} | {ok: false; error: string};

const PROTOCOLS: Protocol[] = ['tcp', 'udp', 'sctp'];

interface Range {
	start: number;
	end: number;
}

function parseRange(s: string, what: string, allowZero: boolean): Range | string {
	const m = /^(\d+)(?:-(\d+))?$/.exec(s.trim());
	if (!m) return `${what} "${s}" is not a number or range`;
	const start = Number(m[1]);
	const end = m[2] === undefined ? start : Number(m[2]);
	const min = allowZero ? 0 : 1;
	for (const n of [start, end]) if (n < min || n > 65535) return `${what} ${n} is out of range (${min}-65535)`;
	if (end < start) return `${what} range "${s}" ends before it starts`;
	return {start, end};
}

function protocolOf(s: string | undefined): Protocol | string {
	if (s === undefined || s === '') return 'tcp';
	const p = s.toLowerCase();
	return PROTOCOLS.includes(p as Protocol) ? (p as Protocol) : `unknown protocol "${s}" (tcp, udp or sctp)`;
}

function expand(hostIp: string, host: Range | null, container: Range, protocol: Protocol, mode?: 'host' | 'ingress'): PortResult {
	const ports: PortSpec[] = [];
	const extra = mode ? {mode} : {};
	const n = container.end - container.start + 1;
	if (host && host.end - host.start + 1 !== n) {
		if (n !== 1) return {ok: false, error: `host range ${host.start}-${host.end} and container range ${container.start}-${container.end} differ in size`};
		const spec: PortSpec = {host_ip: hostIp, host_port: host.start, container_port: container.start, protocol, ...extra};
		if (host.end !== host.start) spec.host_port_end = host.end;
		return {ok: true, ports: [spec]};
	}
	for (let k = 0; k < n; k++) {
		ports.push({host_ip: hostIp, host_port: host ? host.start + k : null, container_port: container.start + k, protocol, ...extra});
	}
	return {ok: true, ports};
}

export function parseShortPort(input: string | number): PortResult {
	const text = String(input).trim();
	if (!text) return {ok: false, error: 'empty port'};
	const slash = text.lastIndexOf('/');
	const proto = protocolOf(slash >= 0 ? text.slice(slash + 1) : undefined);
	if (proto !== 'tcp' && proto !== 'udp' && proto !== 'sctp') return {ok: false, error: proto};
	let rest = slash >= 0 ? text.slice(0, slash) : text;
	let hostIp = '';
	if (rest.startsWith('[')) {
		const close = rest.indexOf(']');
		if (close < 0 || rest[close + 1] !== ':') return {ok: false, error: `bad IPv6 address in "${text}" (write [addr]:host:container)`};
		hostIp = rest.slice(1, close);
		if (isIP(hostIp) !== 6) return {ok: false, error: `"${hostIp}" is not an IPv6 address`};
		rest = rest.slice(close + 2);
		const parts = rest.split(':');
		if (parts.length !== 2) return {ok: false, error: `"${text}" needs [addr]:host:container`};
		rest = parts.join(':');
		return withIp(hostIp, parts[0]!, parts[1]!, proto, text);
	}
	const parts = rest.split(':');
	if (parts.length === 1) {
		const c = parseRange(parts[0]!, 'container port', false);
		return typeof c === 'string' ? {ok: false, error: c} : expand('', null, c, proto);
	}
	if (parts.length === 2) {
		// ":80" (often "${HOST_PORT}:80" with the variable unset): compose rejects it; "80" or "ip::80" publish on any port
		if (parts[0] === '') return {ok: false, error: 'the host port is empty (an unset variable?); write the container port alone to publish on any free port'};
		const h = parseRange(parts[0]!, 'host port', true);
		if (typeof h === 'string') return {ok: false, error: h};
		const c = parseRange(parts[1]!, 'container port', false);
		return typeof c === 'string' ? {ok: false, error: c} : expand('', h, c, proto);
	}
	// ip:host:container, the ip possibly an unbracketed IPv6 address
	hostIp = parts.slice(0, -2).join(':');
	if (isIP(hostIp) === 0) return {ok: false, error: `"${hostIp}" is not an IP address (in "${text}")`};
	return withIp(hostIp, parts.at(-2)!, parts.at(-1)!, proto, text);
}

function withIp(hostIp: string, hostPart: string, containerPart: string, proto: Protocol, text: string): PortResult {
	const h = hostPart === '' ? null : parseRange(hostPart, 'host port', true);
	if (typeof h === 'string') return {ok: false, error: `${h} (in "${text}")`};
	const c = parseRange(containerPart, 'container port', false);
	if (typeof c === 'string') return {ok: false, error: `${c} (in "${text}")`};
	return expand(hostIp, h, c, proto);
}

const LONG_KEYS = new Set(['target', 'published', 'host_ip', 'protocol', 'mode', 'name', 'app_protocol']);

export function parseLongPort(o: Record<string, unknown>): PortResult {
	for (const k of Object.keys(o)) if (!LONG_KEYS.has(k) && !k.startsWith('x-')) return {ok: false, error: `unknown key "${k}" in port mapping`};
	if (o['target'] === undefined || o['target'] === null || o['target'] === '') return {ok: false, error: 'port mapping needs "target" (the container port)'};
	const c = parseRange(String(o['target']), 'target', false);
	if (typeof c === 'string') return {ok: false, error: c};
	const pub = o['published'];
	const h = pub === undefined || pub === null || pub === '' ? null : parseRange(String(pub), 'published port', true);
	if (typeof h === 'string') return {ok: false, error: h};
	const proto = protocolOf(o['protocol'] === undefined ? undefined : String(o['protocol']));
	if (proto !== 'tcp' && proto !== 'udp' && proto !== 'sctp') return {ok: false, error: proto};
	const hostIp = o['host_ip'] === undefined ? '' : String(o['host_ip']);
	if (hostIp && isIP(hostIp) === 0) return {ok: false, error: `host_ip "${hostIp}" is not an IP address`};
	const mode = o['mode'];
	if (mode !== undefined && mode !== 'host' && mode !== 'ingress') return {ok: false, error: `mode "${String(mode)}" must be host or ingress`};
	return expand(hostIp, h, c, proto, mode);
}

export function parsePort(entry: unknown): PortResult {
	if (typeof entry === 'string' || typeof entry === 'number') return parseShortPort(entry);
	if (entry && typeof entry === 'object' && !Array.isArray(entry)) return parseLongPort(entry as Record<string, unknown>);
	return {ok: false, error: `a port must be a string, a number or a mapping, not ${Array.isArray(entry) ? 'a list' : String(entry)}`};
}

/** Do two published ports claim the same host address? (one rule for every caller: model/port.ts) */
export function portsClash(a: PortSpec, b: PortSpec): boolean {
	if (a.host_port === null || b.host_port === null || a.protocol !== b.protocol) return false;
	const aEnd = a.host_port_end ?? a.host_port;
	const bEnd = b.host_port_end ?? b.host_port;
	if (a.host_port > bEnd || b.host_port > aEnd) return false;
	if (a.host_port_end !== undefined || b.host_port_end !== undefined) return false; // a range picks a free port
	if (a.host_port === 0) return false;
	return addressesOverlap(a.host_ip, b.host_ip);
}
