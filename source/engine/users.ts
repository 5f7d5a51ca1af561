/**
 * Who uses what: one `GET /containers/json?all=1` read into the images, volumes and networks each
 * container (in any state) holds. Shared by images.ts, volumes.ts and networks.ts.
 */
import type Docker from 'dockerode';
import type {Engine} from './connection.js';
import {dockerOf} from './client.js';
import {toEngineError} from './errors.js';

export interface ContainerRef {
	id: string;
	name: string;
	state: string;
}

export interface Usage {
	/** image id (sha256:…) → containers */
	images: Map<string, ContainerRef[]>;
	/** volume name → containers */
	volumes: Map<string, ContainerRef[]>;
	/** network name → containers with their IPv4 address there (a stopped container keeps its networks) */
	networks: Map<string, Array<ContainerRef & {ipv4: string}>>;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
	const a = m.get(k);
	if (a) a.push(v);
	else m.set(k, [v]);
}

export async function resourceUsage(engine: Engine, signal?: AbortSignal): Promise<Usage> {
	let rows: Docker.ContainerInfo[];
	try {
		rows = await dockerOf(engine).listContainers({all: true, ...(signal ? {abortSignal: signal} : {})});
	} catch (err) {
		throw toEngineError(err, engine.where);
	}
	const u: Usage = {images: new Map(), volumes: new Map(), networks: new Map()};
	for (const c of rows) {
		const ref: ContainerRef = {id: c.Id, name: (c.Names?.[0] ?? c.Id.slice(0, 12)).replace(/^\//, ''), state: c.State ?? ''};
		if (c.ImageID) push(u.images, c.ImageID, ref);
		for (const m of c.Mounts ?? []) if (m.Type === 'volume' && m.Name) push(u.volumes, m.Name, ref);
		for (const [net, n] of Object.entries(c.NetworkSettings?.Networks ?? {})) push(u.networks, net, {...ref, ipv4: n.IPAddress ?? ''});
	}
	const byName = (a: ContainerRef, b: ContainerRef) => a.name.localeCompare(b.name);
	for (const m of [u.images, u.volumes, u.networks] as Array<Map<string, ContainerRef[]>>) for (const v of m.values()) v.sort(byName);
	return u;
}

/** "a, b, c +4 more" */
export function names(refs: ContainerRef[], max = 5): string {
	return refs.slice(0, max).map((r) => r.name).join(', ') + (refs.length > max ? ` +${refs.length - max} more` : '');
}
