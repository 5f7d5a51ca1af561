/**
 * The keys and `:` commands of the images, volumes and networks panes: moving, and the changes —
 * asked first (y/n) where they destroy, refused before anything runs for a read-only user or a role
 * without the right (one audit line, as the containers pane's keys), then run by the resource
 * manager (state/effects/resources.ts), which gates and audits each change again.
 */
import {parseSubject} from '../../model/subject.js';
import type {NetworkRecord} from '../../model/network.js';
import type {VolumeRecord} from '../../model/volume.js';
import type {Target} from '../../core/roles/types.js';
import {humanSize} from '../../core/images/format.js';
import type {ResourceOp} from '../../state/effects/resources.js';
import {isResourceKind, type ResourceKind} from '../../state/resources.js';
import {selectSubjectKey} from '../../state/selectors.js';
import {resourceDefaultDesc, selectedResource, selectResourceRows, sortColumns, SPECS, type ImageTagRow} from '../../state/view/resources.js';
import {keymap, type BindingId} from '../keymap.js';
import {actionOfBinding, refuseAction} from '../roles.js';
import {status, type HandlerContext} from './context.js';

/** The bindings of the three panes that change something (each is its guarded action, ui/roles.ts): the keymap's dangerous ones there. */
export const RESOURCE_IDS: ReadonlySet<BindingId> = new Set(keymap.filter((k) => k.dangerous && isResourceKind(k.scope)).map((k) => k.id));

export const paneKind = (ctx: HandlerContext): ResourceKind | null => (isResourceKind(ctx.state.ui.pane) ? ctx.state.ui.pane : null);

const clamp = (i: number, n: number) => Math.max(0, Math.min(n - 1, i));

/** j/k/g/G/page keys in a resource list (or the image history shown in its place). */
export function navigateResource(id: string, ctx: HandlerContext, kind: ResourceKind): boolean {
	const steps: Record<string, (at: number, n: number) => number> = {
		down: (at) => at + 1,
		up: (at) => at - 1,
		top: () => 0,
		bottom: (_at, n) => n - 1,
		'page-down': (at) => at + ctx.page,
		'page-up': (at) => at - ctx.page,
	};
	const step = steps[id];
	if (!step) return false;
	const h = ctx.state.resources.history;
	if (kind === 'images' && h) {
		const n = h.entries?.length ?? 0;
		ctx.store.dispatch({type: 'resources/history', history: {...h, scroll: clamp(step(h.scroll, n), Math.max(1, n))}});
		return true;
	}
	const rows = selectResourceRows(ctx.state, kind);
	if (!rows.length) return true;
	const {index} = selectedResource(ctx.state, kind);
	ctx.store.dispatch({type: 'list/cursor', kind, key: rows[clamp(step(index, rows.length), rows.length)]!.key});
	return true;
}

/** `o`: the next sort column (its own direction); `O`: reverse. */
export function sortResource(ctx: HandlerContext, kind: ResourceKind, reverse: boolean): void {
	const cur = ctx.state.ui.lists[kind].sort;
	if (reverse) return ctx.store.dispatch({type: 'list/sort', kind, by: cur.by, desc: !cur.desc});
	const cols = sortColumns(kind);
	const by = cols[(cols.indexOf(cur.by) + 1) % cols.length]!;
	const desc = resourceDefaultDesc(by);
	ctx.store.dispatch({type: 'list/sort', kind, by, desc});
	const title = SPECS[kind].columns.find((c) => c.id === by)?.title.toLowerCase() ?? by;
	status(ctx, 'info', `Sorted by ${title} ${desc ? '▼ largest first' : '▲ smallest first'} (O reverses)`);
}

/** The name of the container selected in the containers pane (or by the last `:` command), if any. */
function selectedContainerName(ctx: HandlerContext): string | null {
	const s = parseSubject(selectSubjectKey({...ctx.state, ui: {...ctx.state.ui, pane: 'containers'}}));
	if (s?.kind !== 'container') return null;
	return ctx.state.containers[s.id]?.name ?? null;
}

const openCommand = (ctx: HandlerContext, text: string) => ctx.store.dispatch({type: 'ui/input', input: {kind: 'command', text}});

/**
 * Before anything: read-only mode and the roles hide these keys; a key or command that still
 * reaches here is refused, with one audit line (nothing runs).
 */
function refused(ctx: HandlerContext, id: BindingId, detail: string): boolean {
	const binding = ctx.bindings.find((b) => b.id === id);
	const reason = ctx.services.readOnly && (binding?.dangerous ?? true) ? 'Read-only mode: actions are off.' : ctx.services.allowed && !ctx.services.allowed(id) ? `Not allowed for your role: ${id}.` : null;
	if (!reason) return false;
	refuseAction(actionOfBinding(id), {detail} satisfies Target, reason);
	status(ctx, 'error', reason);
	return true;
}

const imageRow = (ctx: HandlerContext) => selectedResource(ctx.state, 'images').row?.record as ImageTagRow | undefined;
const volumeRow = (ctx: HandlerContext) => selectedResource(ctx.state, 'volumes').row?.record as VolumeRecord | undefined;
const networkRow = (ctx: HandlerContext) => selectedResource(ctx.state, 'networks').row?.record as NetworkRecord | undefined;

const users = (list: Array<{name: string}>) => (list.length ? `used by ${list.map((u) => u.name).join(', ')}` : 'unused');

/** A key of the three panes. */
export function requestResource(id: BindingId, ctx: HandlerContext): void {
	const img = imageRow(ctx);
	const vol = volumeRow(ctx);
	const net = networkRow(ctx);
	const detail = id.startsWith('image-') ? `image ${img?.ref ?? ''}` : id.startsWith('volume-') ? `volume ${vol?.name ?? ''}` : `network ${net?.name ?? ''}`;
	if (id === 'image-history') {
		if (!img) return status(ctx, 'info', 'No image selected.');
		ctx.services.resources?.history(img.ref);
		if (!ctx.services.resources) status(ctx, 'error', 'Not connected to an engine.');
		return;
	}
	if (refused(ctx, id, detail)) return;
	const confirm = (message: string, ids: string[], names: string[]) => ctx.store.dispatch({type: 'ui/confirm', confirm: {message, binding: id, subject: ctx.state.ui.pane, ids, names}});
	switch (id) {
		case 'image-remove':
		case 'image-remove-force': {
			if (!img) return status(ctx, 'info', 'No image selected.');
			const force = id === 'image-remove-force';
			return confirm(`Remove image ${img.ref}${force ? ' (force)' : ''}?`, [img.ref], [`${users(img.image.used_by)} · ${humanSize(img.image.size)}`]);
		}
		case 'image-prune':
		case 'image-prune-all':
		case 'volume-prune':
			return void askPrune(ctx, id);
		case 'image-pull':
			return openCommand(ctx, `pull ${img && img.image.repo_tags.length ? img.ref : ''}`);
		case 'volume-create':
			return openCommand(ctx, 'volume-create ');
		case 'volume-remove':
			if (!vol) return status(ctx, 'info', 'No volume selected.');
			if (vol.used_by.length) return status(ctx, 'error', `✖ not removed: volume ${vol.name} is in use by ${vol.used_by.map((u) => u.name).join(', ')}.`, 'Remove those containers first; a volume in use is never removed.');
			return confirm(`Remove volume ${vol.name}?`, [vol.name], [`${vol.name} · ${vol.size === null ? 'size unknown' : humanSize(vol.size)} · ${vol.driver}`]);
		case 'network-create':
			return openCommand(ctx, 'network-create ');
		case 'network-remove':
			if (!net) return status(ctx, 'info', 'No network selected.');
			if (net.builtin) return status(ctx, 'error', `✖ ${net.name} is one of the engine's own networks (bridge, host, none): never removed.`);
			if (net.containers.length) return status(ctx, 'error', `✖ not removed: network ${net.name} is in use by ${net.containers.map((c) => c.name).join(', ')}.`, 'Disconnect them first (A), or remove them.');
			return confirm(`Remove network ${net.name}?`, [net.name], [`${net.name} · ${net.driver} · ${net.subnets.join(', ') || 'no subnet'}`]);
		case 'network-connect':
			if (!net) return status(ctx, 'info', 'No network selected.');
			return openCommand(ctx, `connect ${selectedContainerName(ctx) ?? ''}`);
		case 'network-disconnect': {
			if (!net) return status(ctx, 'info', 'No network selected.');
			const sel = selectedContainerName(ctx);
			const name = sel && net.containers.some((c) => c.name === sel) ? sel : (net.containers[0]?.name ?? '');
			return openCommand(ctx, `disconnect ${name}`);
		}
	}
}

async function askPrune(ctx: HandlerContext, id: 'image-prune' | 'image-prune-all' | 'volume-prune'): Promise<void> {
	const r = ctx.services.resources;
	if (!r) return status(ctx, 'error', 'Not connected to an engine.');
	const what = id === 'image-prune' ? 'dangling images' : id === 'image-prune-all' ? 'unused images' : 'unused volumes';
	ctx.store.dispatch({type: 'ui/status', status: {kind: 'busy', text: `Estimating what a prune of ${what} frees…`, at: ctx.now()}});
	const est = await r.estimate(id === 'volume-prune' ? 'volumes' : id === 'image-prune' ? 'images' : 'images-all');
	if (!est) return;
	ctx.store.dispatch({type: 'ui/status', status: null});
	if (!est.names.length) return status(ctx, 'info', `Nothing to prune: no ${what}.`);
	const bytes = est.bytes === est.bytesMax ? humanSize(est.bytes) : `${humanSize(est.bytes)} to ${humanSize(est.bytesMax)}`;
	ctx.store.dispatch({type: 'ui/confirm', confirm: {message: `Prune ${est.names.length} ${what}: about ${bytes} to reclaim?`, binding: id, subject: ctx.store.getState().ui.pane, ids: [], names: est.names}});
}

/** After the dialog said yes. */
export function performResource(id: string, ids: string[], ctx: HandlerContext): void {
	const r = ctx.services.resources;
	if (!r) return status(ctx, 'error', 'Not connected to an engine.');
	const one = ids[0] ?? '';
	const op: ResourceOp | null =
		id === 'image-remove' || id === 'image-remove-force'
			? {op: 'image-remove', ref: one, force: id === 'image-remove-force'}
			: id === 'image-prune' || id === 'image-prune-all'
				? {op: 'image-prune', all: id === 'image-prune-all'}
				: id === 'volume-remove'
					? {op: 'volume-remove', name: one}
					: id === 'volume-prune'
						? {op: 'volume-prune'}
						: id === 'network-remove'
							? {op: 'network-remove', name: one}
							: null;
	if (op) void r.run(op);
}

/** The `:` words of the three panes (and the views). */
export const RESOURCE_WORDS = ['images', 'volumes', 'networks', 'image-pull', 'volume-create', 'network-create', 'connect', 'disconnect'];

/**
 * `:pull REF` on the images pane (elsewhere :pull is compose pull) and `:image-pull REF`;
 * `:volume-create NAME`; `:network-create NAME`; `:connect CONTAINER [NETWORK]` and
 * `:disconnect CONTAINER [NETWORK]` (the network selected in its pane unless named).
 * Returns false when the word is not one of these.
 */
export function runResourceCommand(word: string, rest: string[], ctx: HandlerContext): boolean {
	const arg = rest.join(' ').trim();
	const r = ctx.services.resources;
	const run = (id: BindingId, op: ResourceOp, detail: string) => {
		if (refused(ctx, id, detail)) return;
		if (!r) return status(ctx, 'error', 'Not connected to an engine.');
		void r.run(op);
	};
	if (word === 'image-pull' || (word === 'pull' && ctx.state.ui.pane === 'images')) {
		if (!arg || rest.length !== 1) return (status(ctx, 'error', ':pull needs one image reference (repo[:tag]).'), true);
		run('image-pull', {op: 'image-pull', ref: arg}, `image ${arg}`);
		return true;
	}
	if (word === 'volume-create') {
		if (!arg || rest.length !== 1) return (status(ctx, 'error', ':volume-create needs one NAME.'), true);
		run('volume-create', {op: 'volume-create', name: arg}, `volume ${arg}`);
		return true;
	}
	if (word === 'network-create') {
		if (!arg || rest.length !== 1) return (status(ctx, 'error', ':network-create needs one NAME.'), true);
		run('network-create', {op: 'network-create', name: arg}, `network ${arg}`);
		return true;
	}
	if (word === 'connect' || word === 'disconnect') {
		const [container = '', named] = rest;
		const network = named ?? networkRow(ctx)?.name;
		if (!container) return (status(ctx, 'error', `:${word} needs a CONTAINER (and a NETWORK unless one is selected in the networks pane).`), true);
		if (!network) return (status(ctx, 'error', `:${word} needs a NETWORK: select one in the networks pane (0) or name it.`), true);
		const id = word === 'connect' ? 'network-connect' : 'network-disconnect';
		run(id, {op: id, network, container}, `network ${network}`);
		return true;
	}
	return false;
}

/** The key of a resource row that the mouse clicked, by its index on screen. */
export function clickResource(ctx: HandlerContext, kind: ResourceKind, index: number): void {
	const row = selectResourceRows(ctx.state, kind)[index];
	if (row) ctx.store.dispatch({type: 'list/cursor', kind, key: row.key});
}
