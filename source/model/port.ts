/**
 * Published ports: the one rule for when two bind addresses of one host port and protocol collide.
 * Used by the ports pane, `berth ports` / the port check (core/ports.ts) and compose validation
 * (core/compose/ports.ts).
 *
 * What Linux does (net.ipv6.bindv6only = 0, its default):
 * - `0.0.0.0` takes every IPv4 address, and no IPv6 one (`::1` stays free);
 * - `::` is dual-stack: it takes every IPv6 address and every IPv4 address too;
 * - no address at all (compose's `"80:80"`, shown as "") makes Docker bind both wildcards;
 * - otherwise only the same address collides (`::ffff:127.0.0.1` is `127.0.0.1`).
 */
export type {PortBinding, Protocol} from './container.js';

/** The canonical spelling of a bind address: "" for "any, both families" ("" and "*"), brackets off, lower case, IPv4-mapped IPv6 as IPv4. */
export function normalAddress(ip: string): string {
	let a = ip.trim().toLowerCase();
	if (a === '*') return '';
	if (a.startsWith('[') && a.endsWith(']')) a = a.slice(1, -1);
	if (a === '0:0:0:0:0:0:0:0') return '::';
	const mapped = /^(?:0{0,4}:){0,4}:?(?:0{0,4}:)?ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a) ?? /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
	if (mapped) return mapped[1]!;
	return a;
}

export const isIPv6 = (ip: string): boolean => normalAddress(ip).includes(':');

/** Whether two bind addresses of the same host port and protocol collide (see the rule above). */
export function addressesOverlap(a: string, b: string): boolean {
	const x = normalAddress(a);
	const y = normalAddress(b);
	if (x === y) return true;
	if (x === '' || y === '' || x === '::' || y === '::') return true;
	if (x === '0.0.0.0') return !y.includes(':');
	if (y === '0.0.0.0') return !x.includes(':');
	return false;
}
