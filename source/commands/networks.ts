/** `berth networks [ls|create|rm|connect|disconnect]` (also `berth network …`). */
import {table} from '../core/images/format.js';
import {groupOf} from '../core/groups.js';
import type {Target} from '../core/roles/types.js';
import type {Engine} from '../engine/connection.js';
import {inspectContainer} from '../engine/containers.js';
import {connectNetwork, disconnectNetwork, ensureNetwork, listNetworks, removeNetwork} from '../engine/networks.js';
import type {NetworkRecord} from '../model/network.js';
import {EXIT, connectOrReport, parseFlags, printJson, reportError, stdio, type Output} from './common.js';
import {fixed, gatedChange} from './resource-gate.js';
import {cell, dispatch, labelFilters, labelsObject, many, type SubRun} from './resource-shared.js';

const HELP = `
  Usage
    $ berth networks [ls] [--json] [--filter label=K[=V]] [--host H]
    $ berth network create NAME [--driver D] [--subnet CIDR] [--gateway IP] [--internal] [--label K=V]... [--json]
    $ berth network rm NAME... [--json]
    $ berth network connect NETWORK CONTAINER [--alias A]...
    $ berth network disconnect NETWORK CONTAINER [--force]

  ls          every network: name, driver, scope, subnet, attached containers (any state)
  create      create it, or leave the one of that name as it is (the same driver and subnet:
              running it twice is safe; a different driver or subnet is an error)
  rm          remove networks; refused while containers are attached, and for bridge/host/none
  connect     attach a container (already attached: nothing to do)
  disconnect  detach a container (not attached: nothing to do)

  Exit codes: 0 ok · 1 failure or refused (in use) · 2 usage · 3 engine unreachable
              4 refused by the roles policy (every change needs admin)
`;

const HOST: Record<string, unknown> = {host: {type: 'string', shortFlag: 'H'}};

function usage(io: Output, msg: string): number {
	io.err(`berth: ${msg}`);
	io.err('  → `berth network --help`');
	return EXIT.usage;
}

async function withEngine(host: unknown, io: Output, fn: (engine: Engine) => Promise<number>): Promise<number> {
	const engine = await connectOrReport(host as string | undefined, io);
	if (typeof engine === 'number') return engine;
	try {
		return await fn(engine);
	} catch (err) {
		return reportError(err, io);
	}
}

export function renderNetworkList(ns: NetworkRecord[]): string[] {
	const t = [['NAME', 'DRIVER', 'SCOPE', 'SUBNET', 'CONTAINERS']];
	for (const n of ns) {
		const cs = n.containers.length ? n.containers.slice(0, 4).map((c) => c.name).join(', ') + (n.containers.length > 4 ? ` +${n.containers.length - 4} more` : '') : '-';
		t.push([cell(n.name), cell(n.driver), cell(n.scope), cell(n.subnets.join(', ') || '-') + (n.internal ? ' (internal)' : ''), cell(cs)]);
	}
	return table(t);
}

const ls: SubRun = async (argv, io) => {
	const cli = parseFlags(argv, HELP, {json: {type: 'boolean', default: false}, filter: {type: 'string', isMultiple: true}, ...HOST} as never, io);
	if (typeof cli === 'number') return cli;
	const f = cli.flags as {json: boolean; filter?: string[]; host?: string};
	if (cli.input.length) return usage(io, `networks: unexpected argument "${cli.input[0]}"`);
	const labels = labelFilters(many(f.filter));
	if (typeof labels === 'string') return usage(io, labels);
	return withEngine(f.host, io, async (engine) => {
		const ns = await listNetworks(engine, {labels});
		if (f.json) printJson(io, ns);
		else io.out(renderNetworkList(ns).join('\n'));
		return EXIT.ok;
	});
};

const create: SubRun = async (argv, io) => {
	const cli = parseFlags(
		argv,
		HELP,
		{driver: {type: 'string', shortFlag: 'd'}, subnet: {type: 'string'}, gateway: {type: 'string'}, internal: {type: 'boolean', default: false}, label: {type: 'string', isMultiple: true}, json: {type: 'boolean', default: false}, ...HOST} as never,
		io,
	);
	if (typeof cli === 'number') return cli;
	const f = cli.flags as {driver?: string; subnet?: string; gateway?: string; internal: boolean; label?: string[]; json: boolean; host?: string};
	if (cli.input.length !== 1) return usage(io, 'network create needs exactly one NAME');
	const name = cli.input[0]!;
	const labels = labelsObject(many(f.label));
	if (typeof labels === 'string') return usage(io, labels);
	return gatedChange(io, 'network-create', ...fixed({detail: `network ${name}`}, name), (value, io2) =>
		withEngine(f.host, io2, async (engine) => {
			const r = await ensureNetwork(engine, value, {labels, internal: f.internal, ...(f.driver ? {driver: f.driver} : {}), ...(f.subnet ? {subnet: f.subnet} : {}), ...(f.gateway ? {gateway: f.gateway} : {})});
			if (f.json) printJson(io2, r);
			else io2.out(`${r.created ? 'created' : 'exists:'} network ${cell(r.network.name)} (${cell(r.network.driver)}${r.network.subnets.length ? `, ${cell(r.network.subnets.join(', '))}` : ''})`);
			return EXIT.ok;
		}),
	);
};

const rm: SubRun = async (argv, io) => {
	const cli = parseFlags(argv, HELP, {json: {type: 'boolean', default: false}, ...HOST} as never, io);
	if (typeof cli === 'number') return cli;
	const f = cli.flags as {json: boolean; host?: string};
	if (!cli.input.length) return usage(io, 'network rm needs at least one NAME');
	const targets = cli.input;
	return gatedChange(io, 'network-remove', ...fixed({detail: `network ${targets.join(', ')}`}, targets), (value, io2) =>
		withEngine(f.host, io2, async (engine) => {
			const results: Array<{name: string; found: boolean; error: string | null; code: string | null}> = [];
			for (const name of value) {
				try {
					const r = await removeNetwork(engine, name);
					results.push({name, found: r.found, error: null, code: null});
					if (!f.json) io2.out(r.found ? `removed network ${cell(name)}` : `${cell(name)}: no such network (nothing to do)`);
				} catch (err) {
					const e = err as {code?: string; message?: string; hint?: string};
					if (e.code === 'unreachable' || e.code === 'permission') throw err;
					results.push({name, found: true, error: e.message ?? String(err), code: e.code ?? null});
					io2.err(`berth: ${e.message ?? String(err)}`);
					if (e.hint) io2.err(`  → ${e.hint}`);
				}
			}
			if (f.json) printJson(io2, results);
			return results.some((r) => r.error) ? EXIT.failure : EXIT.ok;
		}),
	);
};

function attach(kind: 'connect' | 'disconnect'): SubRun {
	return async (argv, io) => {
		const flags = kind === 'connect' ? {alias: {type: 'string', isMultiple: true}} : {force: {type: 'boolean', shortFlag: 'f', default: false}};
		const cli = parseFlags(argv, HELP, {...flags, json: {type: 'boolean', default: false}, ...HOST} as never, io);
		if (typeof cli === 'number') return cli;
		const f = cli.flags as {alias?: string[]; force?: boolean; json: boolean; host?: string};
		if (cli.input.length !== 2) return usage(io, `network ${kind} needs NETWORK and CONTAINER`);
		const [network, container] = cli.input as [string, string];
		const named: Target = {container, detail: `network ${network}`};
		// the container's group (its berth.group label) decides, as for the container's own actions
		const resolve = async () => {
			const engine = await connectOrReport(f.host, io);
			if (typeof engine === 'number') return engine;
			try {
				const c = await inspectContainer(engine, container);
				const target: Target = c ? {...named, container: c.name, group: groupOf(c.labels, c.service)} : named;
				return {target, value: {network, container, engine}};
			} catch (err) {
				return reportError(err, io);
			}
		};
		return gatedChange(io, `network-${kind}`, named, resolve, (v, io2) =>
			(async (engine: Engine) => {
				const r = kind === 'connect' ? await connectNetwork(engine, v.network, v.container, {aliases: many(f.alias)}) : await disconnectNetwork(engine, v.network, v.container, {force: Boolean(f.force)});
				if (f.json) printJson(io2, {network: v.network, container: v.container, action: kind, changed: r.changed});
				else io2.out(r.changed ? `${kind}ed ${cell(v.container)} ${kind === 'connect' ? 'to' : 'from'} ${cell(v.network)}` : `${cell(v.container)} ${kind === 'connect' ? 'was already on' : 'was not on'} ${cell(v.network)} (nothing to do)`);
				return EXIT.ok;
			})(v.engine).catch((err: unknown) => reportError(err, io2)),
		);
	};
}

export const SUBCOMMANDS: Record<string, SubRun> = {ls, list: ls, create, rm, remove: rm, connect: attach('connect'), disconnect: attach('disconnect')};

export function run(argv: string[], io: Output = stdio): Promise<number> {
	return dispatch('network', argv, SUBCOMMANDS, 'ls', HELP, io);
}
