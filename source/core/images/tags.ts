/**
 * `berth setup-tags`: for every local tag NAME:TAG-<hostarch> (amd64/x86_64, arm64/aarch64) tag
 * NAME:TAG, plus the explicit `tags.mappings` of the berth config; warn about images built for
 * another arch than the host's.
 *
 * Stable API (used by `berth deploy`):
 *   setupTags(engine, {dryRun, mappings?, hostArch?, configDir?, only?}) → Promise<TagReport>
 * `mappings` given → used instead of the config file's.
 */
import type {Engine} from '../../engine/connection.js';
import {inspectImage, listImages, tagImage} from '../../engine/images.js';
import {hostArch as detectHostArch, normaliseArch, splitArchSuffix} from './arch.js';
import {readTagMappings, type TagMapping} from './tagMappings.js';

export type TagStatus = 'create' | 'update' | 'exists' | 'missing-source' | 'conflict' | 'created' | 'updated' | 'failed';

export interface TagAction {
	from: string;
	to: string;
	source: 'arch-suffix' | 'mapping';
	/** planned: create/update/exists/missing-source/conflict; after running: created/updated/failed */
	status: TagStatus;
	from_id: string | null;
	/** image id the target pointed to before */
	to_id: string | null;
	error?: string;
}

export interface ArchWarning {
	image: string;
	id: string;
	arch: string;
	host_arch: string;
	message: string;
}

export interface TagReport {
	host_arch: string;
	dry_run: boolean;
	actions: TagAction[];
	warnings: ArchWarning[];
	/** problems in the config file's tags.mappings */
	config_problems: string[];
	config_path: string | null;
	created: number;
	failed: number;
}

export interface LocalTag {
	ref: string;
	id: string;
}

/** "busybox" → "busybox:latest"; references with a tag or digest unchanged. */
export function normaliseRef(ref: string): string {
	if (ref.includes('@')) return ref;
	const slash = ref.lastIndexOf('/');
	return ref.lastIndexOf(':') > slash ? ref : `${ref}:latest`;
}

/** Pure: what to tag, given the local tags, the host arch and explicit mappings. */
export function planTags(local: LocalTag[], host: string, mappings: TagMapping[] = []): TagAction[] {
	const idOf = new Map(local.map((t) => [t.ref, t.id]));
	const hostArch = normaliseArch(host);
	const claimed = new Set<string>();
	const actions: TagAction[] = [];
	const add = (from: string, to: string, source: TagAction['source']) => {
		const fromId = idOf.get(from) ?? null;
		const toId = idOf.get(to) ?? null;
		let status: TagStatus;
		if (!fromId) status = 'missing-source';
		else if (claimed.has(to)) status = 'conflict';
		else if (toId === fromId) status = 'exists';
		else status = toId ? 'update' : 'create';
		if (fromId && status !== 'conflict') claimed.add(to);
		actions.push({from, to, source, status, from_id: fromId, to_id: toId});
	};
	for (const m of mappings) add(normaliseRef(m.from), normaliseRef(m.to), 'mapping');
	for (const t of [...local].sort((a, b) => a.ref.localeCompare(b.ref))) {
		const colon = t.ref.lastIndexOf(':');
		if (colon < 0 || t.ref.includes('@')) continue;
		const parts = splitArchSuffix(t.ref.slice(colon + 1));
		if (!parts || parts.arch !== hostArch) continue;
		add(t.ref, `${t.ref.slice(0, colon)}:${parts.base}`, 'arch-suffix');
	}
	return actions;
}

/** Pure: a warning for each image whose arch is not the host's. */
export function archWarnings(images: Array<{refs: string[]; id: string; arch: string}>, host: string): ArchWarning[] {
	const h = normaliseArch(host);
	return images
		.filter((i) => i.arch && normaliseArch(i.arch) !== h)
		.map((i) => {
			const name = i.refs[0] ?? i.id.slice(7, 19);
			const arch = normaliseArch(i.arch);
			return {image: name, id: i.id, arch, host_arch: h, message: `${name} is built for ${arch}, this host is ${h}: its binaries fail with "exec format error" unless emulation (binfmt/qemu) is set up`};
		});
}

export interface SetupTagsOptions {
	dryRun?: boolean;
	mappings?: TagMapping[];
	hostArch?: string;
	/** folder of the berth config file (default: $BERTH_CONFIG_DIR or conf's) */
	configDir?: string;
	/** only act on references starting with one of these prefixes (e.g. a bundle's registry/org) */
	only?: string[];
}

export async function setupTags(engine: Engine, opts: SetupTagsOptions = {}): Promise<TagReport> {
	const host = normaliseArch(opts.hostArch ?? (await detectHostArch()).arch);
	let mappings = opts.mappings;
	let configProblems: string[] = [];
	let configPath: string | null = null;
	if (!mappings) {
		const cfg = await readTagMappings(opts.configDir);
		mappings = cfg.mappings;
		configProblems = cfg.problems.map((p) => p.message);
		configPath = cfg.path;
	}
	const images = await listImages(engine);
	const local = images.flatMap((i) => i.repo_tags.map((ref) => ({ref, id: i.id})));
	const only = opts.only?.filter(Boolean) ?? [];
	const actions = planTags(local, host, mappings).filter((a) => !only.length || only.some((p) => a.from.startsWith(p) || a.to.startsWith(p)));
	const withArch: Array<{refs: string[]; id: string; arch: string}> = [];
	for (const img of images.filter((i) => i.repo_tags.some((r) => !only.length || only.some((p) => r.startsWith(p))))) {
		const d = await inspectImage(engine, img.id);
		if (d) withArch.push({refs: img.repo_tags, id: img.id, arch: d.architecture});
	}
	const warnings = archWarnings(withArch, host);
	if (!opts.dryRun) {
		for (const a of actions) {
			if (a.status !== 'create' && a.status !== 'update') continue;
			try {
				await tagImage(engine, a.from_id!, a.to);
				a.status = a.status === 'create' ? 'created' : 'updated';
			} catch (err) {
				a.status = 'failed';
				a.error = (err as Error).message;
			}
		}
	}
	return {
		host_arch: host,
		dry_run: Boolean(opts.dryRun),
		actions,
		warnings,
		config_problems: configProblems,
		config_path: configPath,
		created: actions.filter((a) => a.status === 'created' || a.status === 'updated').length,
		failed: actions.filter((a) => a.status === 'failed').length,
	};
}
