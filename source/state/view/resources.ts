/**
 * One description per resource list (images, volumes, networks): its rows, columns (titles, widths
 * for model/columns.ts fitColumns, cell text, sort value) and filter fields. The generic pane
 * (ui/panes/ResourcePane.tsx) draws any of them; the selectors below filter and sort them.
 *
 * Sorting follows the containers list's rule (state/view/sort.ts): ▲ smallest first, ▼ largest
 * first, a row without a value last either way, ties by the first column A→Z.
 * The filter is the containers list's syntax: a substring, /regex/, or field:value terms (ANDed).
 */
import {humanSize} from '../../core/images/format.js';
import {normaliseArch} from '../../core/images/arch.js';
import type {ColumnSet} from '../../model/columns.js';
import type {ImageRecord} from '../../model/image.js';
import type {NetworkRecord} from '../../model/network.js';
import type {VolumeRecord} from '../../model/volume.js';
import type {ResourceKind} from '../resources.js';
import type {State} from '../types.js';
import {makeMatcher, type Matcher} from './filter.js';

/** What a cell may need besides its row. */
export interface CellContext {
	now: number;
	/** the engine's architecture (normalised) */
	hostArch: string;
}

/** A flexible column takes one of fitColumns' three flexible slots. */
export type Flex = 'name' | 'ports' | 'image';

export interface ResourceColumn<T> {
	id: string;
	title: string;
	width: number | Flex;
	text(r: T, ctx: CellContext): string;
	/** the value the column sorts by (null: none, last either way); absent: not a sort column */
	key?(r: T, ctx: CellContext): string | number | null;
	right?: boolean;
	/** the cell is a warning (drawn in the warning colour) */
	warn?(r: T, ctx: CellContext): boolean;
	/** the column shows from this screen width on (narrower: its room goes to the names) */
	from?: number;
}

export interface ResourceRow<T> {
	key: string;
	record: T;
}

export interface ResourceSpec<T> {
	kind: ResourceKind;
	/** "image", "volume", "network" */
	noun: string;
	rows(items: T[]): ResourceRow<T>[];
	/** what the row is called in dialogs and messages (the name an action takes) */
	label(row: ResourceRow<T>): string;
	columns: ResourceColumn<T>[];
	/** fitColumns' shares for the three flexible columns */
	flex: Pick<ColumnSet<never>, 'minRest' | 'ports' | 'name'>;
	/** field:value filter fields */
	fields(row: ResourceRow<T>, ctx: CellContext): Record<string, string>;
	/** what the list says when it holds nothing */
	none: string;
}

const short = (id: string) => id.replace(/^sha256:/, '').slice(0, 12);

/** "45s", "12m", "3h", "5d", "4mo", "2y": an age that fits a narrow column. */
export function shortAge(iso: string | null, now: number): string {
	const t = iso ? Date.parse(iso) : NaN;
	if (!Number.isFinite(t)) return '-';
	const s = Math.max(0, Math.floor((now - t) / 1000));
	if (s < 60) return `${s}s`;
	if (s < 3600) return `${Math.floor(s / 60)}m`;
	if (s < 86_400) return `${Math.floor(s / 3600)}h`;
	if (s < 86_400 * 30) return `${Math.floor(s / 86_400)}d`;
	if (s < 86_400 * 365) return `${Math.floor(s / (86_400 * 30))}mo`;
	return `${Math.floor(s / (86_400 * 365))}y`;
}

const usedText = (list: Array<{name: string}>) => (list.length ? list.slice(0, 3).map((c) => c.name).join(', ') + (list.length > 3 ? ` +${list.length - 3}` : '') : '-');
const time = (iso: string | null) => {
	const t = iso ? Date.parse(iso) : NaN;
	return Number.isFinite(t) ? t : null;
};

/** An image row is one of its tags (as `docker images` lists them); a dangling image is one row. */
export interface ImageTagRow {
	key: string;
	image: ImageRecord;
	repository: string;
	tag: string;
	/** what `rmi` takes for this row: the tag, or the id when there is none */
	ref: string;
}

/** "repo:tag" → repository and tag (a registry port's colon is not the tag's). */
export function splitTag(ref: string): {repository: string; tag: string} {
	const at = ref.lastIndexOf(':');
	if (at > ref.lastIndexOf('/') && at > 0) return {repository: ref.slice(0, at), tag: ref.slice(at + 1)};
	return {repository: ref, tag: ''};
}

const foreign = (i: ImageRecord, ctx: CellContext) => Boolean(i.architecture) && Boolean(ctx.hostArch) && normaliseArch(i.architecture) !== ctx.hostArch;

export const IMAGES: ResourceSpec<ImageTagRow> = {
	kind: 'images',
	noun: 'image',
	rows: (items) => items.map((r) => ({key: r.key, record: r})),
	label: (row) => (row.record.image.repo_tags.length ? row.record.ref : short(row.record.image.id)),
	columns: [
		{id: 'repository', title: 'REPOSITORY', width: 'name', text: (r) => r.repository, key: (r) => r.repository},
		{id: 'tag', title: 'TAG', width: 'ports', text: (r) => r.tag, key: (r) => r.tag || null},
		{id: 'id', title: 'IMAGE ID', width: 12, text: (r) => short(r.image.id), key: (r) => short(r.image.id)},
		{id: 'size', title: 'SIZE', width: 8, right: true, text: (r) => humanSize(r.image.size), key: (r) => r.image.size},
		{id: 'created', title: 'CREATED', width: 7, right: true, from: 90, text: (r, c) => shortAge(r.image.created, c.now), key: (r) => {
			const t = time(r.image.created);
			// age: a later creation is a younger image (smallest first ▲)
			return t === null ? null : -t;
		}},
		{id: 'arch', title: 'ARCH', width: 9, text: (r, c) => (normaliseArch(r.image.architecture) || '?') + (r.image.variant ? `/${r.image.variant}` : '') + (foreign(r.image, c) ? ' !' : ''), key: (r) => normaliseArch(r.image.architecture) || null, warn: (r, c) => foreign(r.image, c)},
		{id: 'used', title: 'USED BY', width: 'image', text: (r) => usedText(r.image.used_by), key: (r) => r.image.used_by.length},
		{id: 'dangling', title: 'DANGLING', width: 8, from: 100, text: (r) => (r.image.dangling ? 'yes' : ''), key: (r) => (r.image.dangling ? 1 : 0)},
	],
	flex: {minRest: 24, ports: {share: 0.3, min: 5}, name: {share: 0.6, min: 10}},
	fields: (row, c) => {
		const r = row.record;
		return {ref: r.ref, repository: r.repository, repo: r.repository, tag: r.tag, id: short(r.image.id), arch: normaliseArch(r.image.architecture), used: r.image.used_by.map((u) => u.name).join(' '), dangling: r.image.dangling ? 'yes' : 'no', foreign: foreign(r.image, c) ? 'yes' : 'no', label: Object.entries(r.image.labels).map(([k, v]) => `${k}=${v}`).join(' ')};
	},
	none: 'No images on this engine.',
};

export const VOLUMES: ResourceSpec<VolumeRecord> = {
	kind: 'volumes',
	noun: 'volume',
	rows: (items) => items.map((v) => ({key: v.name, record: v})),
	label: (row) => row.record.name,
	columns: [
		{id: 'name', title: 'NAME', width: 'name', text: (v) => v.name, key: (v) => v.name},
		{id: 'driver', title: 'DRIVER', width: 7, text: (v) => v.driver, key: (v) => v.driver},
		{id: 'size', title: 'SIZE', width: 8, right: true, text: (v) => (v.size === null ? '-' : humanSize(v.size)), key: (v) => v.size},
		{id: 'used', title: 'USED BY', width: 'ports', text: (v) => usedText(v.used_by), key: (v) => v.used_by.length},
		{id: 'dangling', title: 'DANGLING', width: 8, from: 100, text: (v) => (v.dangling ? 'yes' : ''), key: (v) => (v.dangling ? 1 : 0)},
		{id: 'mountpoint', title: 'MOUNTPOINT', width: 'image', text: (v) => v.mountpoint, key: (v) => v.mountpoint},
	],
	flex: {minRest: 30, ports: {share: 0.3, min: 7}, name: {share: 0.55, min: 12}},
	fields: ({record: v}) => ({name: v.name, driver: v.driver, used: v.used_by.map((u) => u.name).join(' '), dangling: v.dangling ? 'yes' : 'no', mountpoint: v.mountpoint, label: Object.entries(v.labels).map(([k, x]) => `${k}=${x}`).join(' ')}),
	none: 'No volumes on this engine.',
};

export const NETWORKS: ResourceSpec<NetworkRecord> = {
	kind: 'networks',
	noun: 'network',
	rows: (items) => items.map((n) => ({key: n.id, record: n})),
	label: (row) => row.record.name,
	columns: [
		{id: 'name', title: 'NAME', width: 'name', text: (n) => n.name, key: (n) => n.name},
		{id: 'driver', title: 'DRIVER', width: 7, text: (n) => n.driver, key: (n) => n.driver},
		{id: 'scope', title: 'SCOPE', width: 6, text: (n) => n.scope, key: (n) => n.scope},
		{id: 'subnet', title: 'SUBNET', width: 'ports', text: (n) => n.subnets.join(', ') || '-', key: (n) => n.subnets[0] ?? null},
		{id: 'containers', title: 'CONTAINERS', width: 'image', text: (n) => (n.containers.length ? `${n.containers.length}: ${n.containers.map((c) => c.name).join(', ')}` : '-'), key: (n) => n.containers.length},
	],
	flex: {minRest: 30, ports: {share: 0.3, min: 9, full: {width: 18, fromRest: 50}}, name: {share: 0.5, min: 10}} as ResourceSpec<NetworkRecord>['flex'],
	fields: ({record: n}) => ({name: n.name, driver: n.driver, scope: n.scope, subnet: n.subnets.join(' '), containers: n.containers.map((c) => c.name).join(' '), builtin: n.builtin ? 'yes' : 'no', label: Object.entries(n.labels).map(([k, v]) => `${k}=${v}`).join(' ')}),
	none: 'No networks on this engine.',
};

/** The specs by kind (typed loosely: the generic pane draws any). */
export const SPECS: Record<ResourceKind, ResourceSpec<any>> = {images: IMAGES, volumes: VOLUMES, networks: NETWORKS};

/** Every tag of every image as a row. */
export function imageTagRows(images: ImageRecord[]): ImageTagRow[] {
	return images.flatMap((image) =>
		image.repo_tags.length
			? image.repo_tags.map((t) => ({key: `${image.id} ${t}`, image, ...splitTag(t), ref: t}))
			: [{key: image.id, image, repository: '<none>', tag: '<none>', ref: image.id}],
	);
}

const collator = new Intl.Collator('en', {numeric: true, sensitivity: 'base'});
type Key = string | number | null;
function cmpKeys(a: Key, b: Key, desc: boolean): number {
	if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
	const v = typeof a === 'number' && typeof b === 'number' ? a - b : collator.compare(String(a), String(b));
	return (desc ? -1 : 1) * v;
}

/** The sort columns of a list, in `o` order. */
export const sortColumns = (kind: ResourceKind): string[] => SPECS[kind].columns.filter((c) => c.key).map((c) => c.id);

/** Size and count columns start ▼ (the biggest first), the rest ▲. */
export const resourceDefaultDesc = (by: string): boolean => by === 'size' || by === 'used' || by === 'containers';

/** A field:value filter over a list's own fields (the containers filter's syntax). */
export function resourceMatcher(text: string, fieldNames: string[]): {test(fields: Record<string, string>): boolean; error: string | null} {
	const t = text.trim();
	if (!t) return {test: () => true, error: null};
	const fieldTerm = new RegExp(`^(${fieldNames.map((f) => f.replace(/[^a-z]/g, '')).join('|')}):(.+)$`, 'i');
	const words = t.split(/\s+/);
	if (!/^\/.*\/[a-z]*$/.test(t) && words.some((w) => fieldTerm.test(w))) {
		const terms = words.map((w) => {
			const m = fieldTerm.exec(w);
			return m ? {field: m[1]!.toLowerCase(), matcher: makeMatcher(m[2]!)} : {field: null, matcher: makeMatcher(w)};
		});
		const any = (m: Matcher, f: Record<string, string>) => Object.values(f).some((v) => m.test(v));
		return {test: (f) => terms.every((x) => (x.field ? x.matcher.test(f[x.field] ?? '') : any(x.matcher, f))), error: terms.find((x) => x.matcher.error)?.matcher.error ?? null};
	}
	const m = makeMatcher(t);
	return {test: (f) => Object.values(f).some((v) => m.test(v)), error: m.error};
}

// ---------------------------------------------------------------------------------------------
// selectors (memoised on the identities they read)

export const cellContext = (state: State, now: number): CellContext => ({now, hostArch: normaliseArch(state.connection.engine?.arch ?? '')});

interface Cache {
	items: unknown;
	filter: string;
	by: string;
	desc: boolean;
	arch: string;
	rows: ResourceRow<any>[];
	error: string | null;
}
const caches: Partial<Record<ResourceKind, Cache>> = {};

/** The rows a resource pane shows: its list, filtered and sorted as its ui says. */
export function selectResourceRows(state: State, kind: ResourceKind): ResourceRow<any>[] {
	return compute(state, kind).rows;
}

export function resourceFilterError(state: State, kind: ResourceKind): string | null {
	return compute(state, kind).error;
}

function compute(state: State, kind: ResourceKind): Cache {
	const items = state.resources[kind].items;
	const {filter, sort} = state.ui.lists[kind];
	const arch = state.connection.engine?.arch ?? '';
	const c = caches[kind];
	if (c && c.items === items && c.filter === filter && c.by === sort.by && c.desc === sort.desc && c.arch === arch) return c;
	const spec = SPECS[kind];
	// sort values are times and sizes, not ages: the clock does not change the order
	const ctx: CellContext = {now: 0, hostArch: normaliseArch(arch)};
	let rows = spec.rows(kind === 'images' ? imageTagRows(items as ImageRecord[]) : (items as never[]));
	let error: string | null = null;
	if (filter.trim()) {
		const probe = rows[0] ? Object.keys(spec.fields(rows[0], ctx)) : [];
		const m = resourceMatcher(filter, probe.length ? probe : ['name']);
		error = m.error;
		rows = rows.filter((r) => m.test(spec.fields(r, ctx)));
	}
	const col = spec.columns.find((x) => x.id === sort.by && x.key) ?? spec.columns[0]!;
	const first = spec.columns[0]!;
	rows = rows
		.map((r) => ({r, k: col.key!(r.record, ctx), n: String(first.key?.(r.record, ctx) ?? '')}))
		.sort((a, b) => cmpKeys(a.k, b.k, sort.desc) || collator.compare(a.n, b.n) || collator.compare(a.r.key, b.r.key))
		.map((x) => x.r);
	const next: Cache = {items, filter, by: sort.by, desc: sort.desc, arch, rows, error};
	caches[kind] = next;
	return next;
}

/** The selected row of a list (the first when the cursor's row is gone), and its index. */
export function selectedResource(state: State, kind: ResourceKind): {row: ResourceRow<any> | null; index: number} {
	const rows = selectResourceRows(state, kind);
	const cur = state.ui.lists[kind].cursor;
	const i = cur ? rows.findIndex((r) => r.key === cur) : 0;
	const index = i < 0 ? 0 : i;
	return {row: rows[index] ?? null, index};
}
