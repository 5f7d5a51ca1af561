/** `berth networks [ls|create|rm|connect|disconnect]` (also `berth network …`). */
import {table} from '../core/images/format.js';
import {groupOf} from '../core/groups.js';
import type {Target} from '../core/roles/types.js';
import {inspectContainer} from '../engine/containers.js';
import {connectNetwork, disconnectNetwork, ensureNetwork, listNetworks, removeNetwork} from '../engine/networks.js';
import type {NetworkRecord} from '../model/network.js';
import {EXIT, printJson, stdio, type Output} from './common.js';
import {cell, dispatch, fixedChange, gatedChange, labelsObject, listSub, many, orReport, parseOne, parseSub, removeSub, resolveOnEngine, usage, usedBy, type Resource, type SubRun} from './resource-shared.js';

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

const R: Resource = {list: 'networks', noun: 'network', kind: 'network', help: HELP};

export function renderNetworkList(ns: NetworkRecord[]): string[] {
	const t = [['NAME', 'DRIVER', 'SCOPE', 'SUBNET', 'CONTAINERS']];
	for (const n of ns) t.push([cell(n.name), cell(n.driver), cell(n.scope), cell(n.subnets.join(', ') || '-') + (n.internal ? ' (internal)' : ''), cell(usedBy(n.containers.map((c) => c.name), 4))]);
	return table(t);
}

const ls = listSub(R, {list: (engine, {labels}) => listNetworks(engine, {labels}), render: renderNetworkList});

const create: SubRun = async (argv, io) => {
	const cli = parseOne<{driver?: string; subnet?: string; gateway?: string; internal: boolean; label?: string[]}>(R, 'create', 'NAME', argv, io, {
		driver: {type: 'string', shortFlag: 'd'},
		subnet: {type: 'string'},
		gateway: {type: 'string'},
		internal: {type: 'boolean', default: false},
		label: {type: 'string', isMultiple: true},
	});
	if (typeof cli === 'number') return cli;
	const {f, name} = cli;
	const labels = labelsObject(many(f.label));
	if (typeof labels === 'string') return usage(R, io, labels);
	return fixedChange(io, f.host, 'network-create', `network ${name}`, name, async (engine, value, io2) => {
		const r = await ensureNetwork(engine, value, {labels, internal: f.internal, ...(f.driver ? {driver: f.driver} : {}), ...(f.subnet ? {subnet: f.subnet} : {}), ...(f.gateway ? {gateway: f.gateway} : {})});
		if (f.json) printJson(io2, r);
		else io2.out(`${r.created ? 'created' : 'exists:'} network ${cell(r.network.name)} (${cell(r.network.driver)}${r.network.subnets.length ? `, ${cell(r.network.subnets.join(', '))}` : ''})`);
		return EXIT.ok;
	});
};

const rm = removeSub(R, {action: 'network-remove', what: 'NAME', remove: (engine, name) => removeNetwork(engine, name)});

function attach(kind: 'connect' | 'disconnect'): SubRun {
	return async (argv, io) => {
		const cli = parseSub<{alias?: string[]; force?: boolean}>(R, argv, io, kind === 'connect' ? {alias: {type: 'string', isMultiple: true}} : {force: {type: 'boolean', shortFlag: 'f', default: false}});
		if (typeof cli === 'number') return cli;
		const {f, input} = cli;
		if (input.length !== 2) return usage(R, io, `network ${kind} needs NETWORK and CONTAINER`);
		const [network, container] = input as [string, string];
		const named: Target = {container, detail: `network ${network}`};
		// the container's group (its berth.group label) decides, as for the container's own actions
		const resolve = resolveOnEngine(f.host, io, async (engine) => {
			const c = await inspectContainer(engine, container);
			const target: Target = c ? {...named, container: c.name, group: groupOf(c.labels, c.service)} : named;
			return {target, value: {network, container, engine}};
		});
		return gatedChange(io, `network-${kind}`, named, resolve, (v, io2) =>
			orReport(io2, async () => {
				const r = kind === 'connect' ? await connectNetwork(v.engine, v.network, v.container, {aliases: many(f.alias)}) : await disconnectNetwork(v.engine, v.network, v.container, {force: Boolean(f.force)});
				if (f.json) printJson(io2, {network: v.network, container: v.container, action: kind, changed: r.changed});
				else io2.out(r.changed ? `${kind}ed ${cell(v.container)} ${kind === 'connect' ? 'to' : 'from'} ${cell(v.network)}` : `${cell(v.container)} ${kind === 'connect' ? 'was already on' : 'was not on'} ${cell(v.network)} (nothing to do)`);
				return EXIT.ok;
			}),
		);
	};
}

export const SUBCOMMANDS: Record<string, SubRun> = {ls, list: ls, create, rm, remove: rm, connect: attach('connect'), disconnect: attach('disconnect')};

export function run(argv: string[], io: Output = stdio): Promise<number> {
	return dispatch('network', argv, SUBCOMMANDS, 'ls', HELP, io);
}
