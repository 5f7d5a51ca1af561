/** Networks: list (subnet, attached containers), create/ensure, remove (refused while in use), connect, disconnect. */
import type Docker from 'dockerode';
import type {Engine} from './connection.js';
import {addressable, dockerOf, networkOf} from './client.js';
import {EngineError, toEngineError} from './errors.js';
import {names, resourceUsage} from './users.js';
import type {NetworkEnsureResult, NetworkRecord} from '../model/network.js';

const BUILTIN = new Set(['bridge', 'host', 'none']);

interface RawNetwork {
	Id: string;
	Name: string;
	Driver?: string;
	Scope?: string;
	Internal?: boolean;
	Created?: string;
	Labels?: Record<string, string> | null;
	IPAM?: {Config?: Array<{Subnet?: string; Gateway?: string}> | null} | null;
}

export interface NetworkFilter {
	labels?: string[];
	/** exact names */
	names?: string[];
}

function toRecord(n: RawNetwork, attached: NetworkRecord['containers']): NetworkRecord {
	const cfg = n.IPAM?.Config ?? [];
	return {
		id: n.Id,
		name: n.Name,
		driver: n.Driver ?? '',
		scope: n.Scope ?? 'local',
		internal: Boolean(n.Internal),
		subnets: cfg.flatMap((c) => (c.Subnet ? [c.Subnet] : [])),
		gateways: cfg.flatMap((c) => (c.Gateway ? [c.Gateway] : [])),
		created: n.Created ?? '',
		labels: n.Labels ?? {},
		containers: attached,
		builtin: BUILTIN.has(n.Name) && (n.Driver === n.Name || n.Name === 'bridge' || n.Driver === 'null'),
	};
}

/** Every network with its subnets and the containers (any state) attached to it. */
export async function listNetworks(engine: Engine, filter: NetworkFilter = {}, opts: {signal?: AbortSignal} = {}): Promise<NetworkRecord[]> {
	const signal = opts.signal;
	const filters: Record<string, string[]> = {};
	if (filter.labels?.length) filters['label'] = filter.labels;
	let raw: RawNetwork[];
	try {
		raw = (await dockerOf(engine).listNetworks({filters: JSON.stringify(filters), ...(signal ? {abortSignal: signal} : {})} as never)) as unknown as RawNetwork[];
	} catch (err) {
		throw toEngineError(err, engine.where);
	}
	if (filter.names?.length) raw = raw.filter((n) => filter.names!.includes(n.Name));
	const usage = await resourceUsage(engine, signal);
	return raw.map((n) => toRecord(n, usage.networks.get(n.Name) ?? [])).sort((a, b) => a.name.localeCompare(b.name));
}

/** The networks called exactly `name`, oldest first (the engine can hold two after a create race). */
async function sameName(engine: Engine, name: string): Promise<RawNetwork[]> {
	let raw: RawNetwork[];
	try {
		raw = (await dockerOf(engine).listNetworks({filters: JSON.stringify({name: [name]})} as never)) as unknown as RawNetwork[];
	} catch (err) {
		throw toEngineError(err, engine.where);
	}
	return raw.filter((n) => n.Name === name).sort((a, b) => (a.Created ?? '').localeCompare(b.Created ?? '') || a.Id.localeCompare(b.Id));
}

/**
 * One network by name or id, or null. Of two networks with one name, the oldest. A name no request
 * path can carry (the engine allows "a/../b" for a network) is found by the list.
 */
export async function getNetwork(engine: Engine, nameOrId: string): Promise<NetworkRecord | null> {
	let raw: RawNetwork | undefined;
	try {
		raw = (await networkOf(engine, nameOrId).inspect()) as RawNetwork;
	} catch (err) {
		const e = toEngineError(err, engine.where);
		if (e.code === 'not-found' && addressable(nameOrId)) return null;
		if (e.code !== 'not-found' && !/ambiguous|matches found/i.test(e.message)) throw e;
		raw = (await sameName(engine, nameOrId))[0];
		if (!raw) return null;
	}
	const usage = await resourceUsage(engine);
	return toRecord(raw, usage.networks.get(raw.Name) ?? []);
}

export interface CreateNetworkOptions {
	driver?: string;
	subnet?: string;
	gateway?: string;
	internal?: boolean;
	labels?: Record<string, string>;
}

/**
 * Create the network, or return the one of that name that exists (created: false): running it twice
 * is safe. An existing network with another driver or subnet than asked is an error ('conflict').
 */
export async function ensureNetwork(engine: Engine, name: string, opts: CreateNetworkOptions = {}): Promise<NetworkEnsureResult> {
	if (!name) throw new EngineError('bad-request', 'no network name given', 'Give the network a name.', 400);
	const existing = await getNetwork(engine, name);
	const check = (n: NetworkRecord): NetworkEnsureResult => {
		const driver = opts.driver ?? 'bridge';
		if (n.name !== name) throw new EngineError('conflict', `"${name}" is the id of network ${n.name}, not a name`, 'Choose another name.', 409);
		if (n.driver !== driver) throw new EngineError('conflict', `network ${name} exists with driver ${n.driver}, not ${driver}`, 'Remove it first, or ask for the driver it has.', 409);
		if (opts.subnet && !n.subnets.includes(opts.subnet)) throw new EngineError('conflict', `network ${name} exists with subnet ${n.subnets.join(', ') || 'none'}, not ${opts.subnet}`, 'Remove it first, or ask for the subnet it has.', 409);
		return {network: n, created: false};
	};
	if (existing) return check(existing);
	const ipam = opts.subnet ? {IPAM: {Driver: 'default', Config: [{Subnet: opts.subnet, ...(opts.gateway ? {Gateway: opts.gateway} : {})}]}} : {};
	let mine: string;
	try {
		const made = await dockerOf(engine).createNetwork({Name: name, Driver: opts.driver ?? 'bridge', CheckDuplicate: true, Internal: Boolean(opts.internal), Labels: opts.labels ?? {}, ...ipam} as Docker.NetworkCreateOptions);
		mine = made.id;
	} catch (err) {
		const e = toEngineError(err, engine.where);
		// created by someone else between our look and our create: that one is the answer
		if (e.code === 'conflict') {
			const now = await getNetwork(engine, name);
			if (now) return check(now);
		}
		throw e;
	}
	// CheckDuplicate is best effort: two creates racing can both succeed. Every racer keeps the
	// oldest of that name and removes its own when it is not that one, so all agree on one network.
	const all = await sameName(engine, name);
	const winner = all[0];
	if (winner && winner.Id !== mine) {
		try {
			await networkOf(engine, mine).remove();
		} catch {
			// already gone
		}
		const n = await getNetwork(engine, winner.Id);
		if (n) return check(n);
	}
	const made = await getNetwork(engine, mine);
	if (!made) throw new EngineError('not-found', `network ${name} vanished right after it was created`, 'Something else removed it; try again.');
	return {network: made, created: true};
}

/**
 * `docker network rm NAME`, refused (EngineError 'in-use', naming them) while containers are attached,
 * and for the engine's own bridge/host/none. Not there counts as removed (found: false).
 */
export async function removeNetwork(engine: Engine, nameOrId: string): Promise<{found: boolean}> {
	const n = await getNetwork(engine, nameOrId);
	if (!n) return {found: false};
	if (n.builtin) throw new EngineError('bad-request', `network ${n.name} is one of the engine's own (bridge, host, none) and cannot be removed`, 'Remove a network you created.', 403);
	if (n.containers.length) {
		throw new EngineError('in-use', `network ${n.name} is in use by ${n.containers.length} container${n.containers.length === 1 ? '' : 's'}: ${names(n.containers)}`, `Disconnect them first (\`berth network disconnect ${n.name} CONTAINER\`) or remove them.`, 409);
	}
	try {
		await networkOf(engine, n.id).remove();
		return {found: true};
	} catch (err) {
		const e = toEngineError(err, engine.where);
		if (e.code === 'not-found') return {found: false};
		if (/active endpoints/i.test(e.message)) throw new EngineError('in-use', `network ${n.name} is in use: ${e.message}`, 'Disconnect or remove its containers first.', 409);
		throw e;
	}
}

/** The network handle for a name or id: by the list when no path can carry the name (see getNetwork). */
async function handle(engine: Engine, nameOrId: string): Promise<Docker.Network> {
	if (addressable(nameOrId)) return networkOf(engine, nameOrId);
	return networkOf(engine, (await sameName(engine, nameOrId))[0]?.Id ?? nameOrId);
}

/** `docker network connect NET CONTAINER [--alias A]`; already connected counts as done (changed: false). */
export async function connectNetwork(engine: Engine, network: string, container: string, opts: {aliases?: string[]} = {}): Promise<{changed: boolean}> {
	try {
		await (await handle(engine, network)).connect({Container: container, ...(opts.aliases?.length ? {EndpointConfig: {Aliases: opts.aliases}} : {})});
		return {changed: true};
	} catch (err) {
		const e = toEngineError(err, engine.where);
		if (/already exists in network|is already attached/i.test(e.message)) return {changed: false};
		throw e;
	}
}

/** `docker network disconnect [-f] NET CONTAINER`; not connected counts as done (changed: false). */
export async function disconnectNetwork(engine: Engine, network: string, container: string, opts: {force?: boolean} = {}): Promise<{changed: boolean}> {
	try {
		await (await handle(engine, network)).disconnect({Container: container, Force: Boolean(opts.force)});
		return {changed: true};
	} catch (err) {
		const e = toEngineError(err, engine.where);
		if (/is not connected to (the )?network/i.test(e.message)) return {changed: false};
		throw e;
	}
}
