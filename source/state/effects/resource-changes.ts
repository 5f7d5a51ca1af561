/**
 * The changes the images, volumes and networks panes make (remove, prune, pull, create, connect …):
 * the engine calls the CLI runs, and the roles target each is gated and audited with (the CLI's).
 * The manager (resources.ts) gates, runs and reports them.
 */
import {humanSize} from '../../core/images/format.js';
import type {Target} from '../../core/roles/types.js';
import type {Engine} from '../../engine/connection.js';
import {pullImage} from '../../engine/image-pull.js';
import {pruneImages, removeImageChecked} from '../../engine/images.js';
import {connectNetwork, disconnectNetwork, ensureNetwork, removeNetwork} from '../../engine/networks.js';
import {createVolume, pruneVolumes, removeVolume} from '../../engine/volumes.js';
import {containerGroup} from '../../model/group.js';
import type {PullLayer, ResourceKind} from '../resources.js';
import type {Store} from '../store.js';
import type {Action, State} from '../types.js';

const errText = (err: unknown) => (err as Error)?.message ?? String(err);

/** A change on a resource, named by the guarded action it is (core/roles/types.ts). */
export type ResourceOp =
	| {op: 'image-remove'; ref: string; force: boolean}
	| {op: 'image-prune'; all: boolean}
	| {op: 'image-pull'; ref: string}
	| {op: 'volume-create'; name: string}
	| {op: 'volume-remove'; name: string}
	| {op: 'volume-prune'}
	| {op: 'network-create'; name: string}
	| {op: 'network-remove'; name: string}
	| {op: 'network-connect' | 'network-disconnect'; network: string; container: string};

/** "repo" means "repo:latest" (as docker pulls it). */
function withTag(ref: string): string {
	const at = ref.lastIndexOf(':');
	return at > ref.lastIndexOf('/') && at > 0 ? ref : `${ref}:latest`;
}

/** The roles target of a pull: the service groups of the containers created from the image (none: every group), as the CLI's. */
function pullTarget(state: State, ref: string): Target {
	const full = withTag(ref);
	const users = Object.values(state.containers).filter((c) => withTag(c.image) === full);
	const t: Target = {detail: `image ${ref}`};
	return users.length ? {...t, groups: [...new Set(users.map(containerGroup))]} : t;
}

/** The roles target of a change, as the CLI's command names it. */
export function targetOf(state: State, op: ResourceOp): Target {
	switch (op.op) {
		case 'image-remove':
			return {detail: `image ${op.ref}${op.force ? ' (force)' : ''}`};
		case 'image-prune':
			return {detail: op.all ? 'unused images' : 'dangling images'};
		case 'image-pull':
			return pullTarget(state, op.ref);
		case 'volume-create':
		case 'volume-remove':
			return {detail: `volume ${op.name}`};
		case 'volume-prune':
			return {detail: 'unused volumes'};
		case 'network-create':
		case 'network-remove':
			return {detail: `network ${op.name}`};
		case 'network-connect':
		case 'network-disconnect': {
			const c = Object.values(state.containers).find((x) => x.name === op.container || x.id === op.container || x.id.startsWith(op.container));
			const named: Target = {container: op.container, detail: `network ${op.network}`};
			return c ? {...named, container: c.name, group: containerGroup(c)} : named;
		}
	}
}

/** Run a change (already allowed by the gate); what it did, and the list it changed. `pruneLabels`: prunes touch only what carries them. */
export async function perform(store: Store<State, Action>, e: Engine, op: ResourceOp, pruneLabels: string[]): Promise<{text: string; kind: ResourceKind}> {
	const labels = pruneLabels.length ? {labels: pruneLabels} : {};
	switch (op.op) {
		case 'image-remove': {
			const r = await removeImageChecked(e, op.ref, {force: op.force});
			return {kind: 'images', text: r.found ? `✔ removed ${op.ref}: ${r.untagged.length} untagged, ${r.deleted.length} layers deleted` : `${op.ref}: no such image (nothing to do)`};
		}
		case 'image-prune': {
			const r = await pruneImages(e, {all: op.all, ...labels});
			return {kind: 'images', text: `✔ pruned ${op.all ? 'unused' : 'dangling'} images: ${r.deleted.length} layers deleted, ${r.untagged.length} untagged, reclaimed ${humanSize(r.space_reclaimed)}`};
		}
		case 'image-pull':
			return {kind: 'images', text: await pull(store, e, op.ref)};
		case 'volume-create': {
			const r = await createVolume(e, op.name);
			return {kind: 'volumes', text: r.created ? `✔ created volume ${op.name}` : `volume ${op.name} exists already (nothing to do)`};
		}
		case 'volume-remove': {
			const r = await removeVolume(e, op.name);
			return {kind: 'volumes', text: r.found ? `✔ removed volume ${op.name}` : `${op.name}: no such volume (nothing to do)`};
		}
		case 'volume-prune': {
			const r = await pruneVolumes(e, labels);
			return {kind: 'volumes', text: `✔ pruned ${r.deleted.length} unused volume${r.deleted.length === 1 ? '' : 's'}, reclaimed ${humanSize(r.space_reclaimed)}`};
		}
		case 'network-create': {
			const r = await ensureNetwork(e, op.name);
			return {kind: 'networks', text: r.created ? `✔ created network ${op.name}` : `network ${op.name} exists already (nothing to do)`};
		}
		case 'network-remove': {
			const r = await removeNetwork(e, op.name);
			return {kind: 'networks', text: r.found ? `✔ removed network ${op.name}` : `${op.name}: no such network (nothing to do)`};
		}
		case 'network-connect': {
			const r = await connectNetwork(e, op.network, op.container);
			return {kind: 'networks', text: r.changed ? `✔ connected ${op.container} to ${op.network}` : `${op.container} was already on ${op.network} (nothing to do)`};
		}
		case 'network-disconnect': {
			const r = await disconnectNetwork(e, op.network, op.container);
			return {kind: 'networks', text: r.changed ? `✔ disconnected ${op.container} from ${op.network}` : `${op.container} was not on ${op.network} (nothing to do)`};
		}
	}
}

/** A pull with its layers in resources.pull (folded into one update per 100 ms). */
async function pull(store: Store<State, Action>, e: Engine, ref: string): Promise<string> {
	const layers = new Map<string, PullLayer>();
	let line = '';
	let flush: NodeJS.Timeout | null = null;
	const publish = (running: boolean, error: string | null = null) => store.dispatch({type: 'resources/pull', pull: {ref, layers: [...layers.values()], status: line, running, error}});
	publish(true);
	try {
		const r = await pullImage(e, ref, {
			onProgress: (p) => {
				if (p.layer) {
					const prev = layers.get(p.layer);
					layers.set(p.layer, {id: p.layer, status: p.status, current: p.total ? p.current : (prev?.current ?? 0), total: p.total || (prev?.total ?? 0)});
				} else if (p.status) line = p.status;
				if (!flush) flush = setTimeout(() => ((flush = null), publish(true)), 100);
			},
		});
		if (flush) clearTimeout(flush);
		line = r.status || line;
		publish(false);
		return `✔ pulled ${r.ref} from ${r.registry}${r.status ? `: ${r.status}` : ''}`;
	} catch (err) {
		if (flush) clearTimeout(flush);
		publish(false, errText(err));
		throw err;
	}
}
