/** `berth images [ls|rm|prune|pull|history]`: the engine's images, and what can be done to them. */
import {normaliseArch} from '../core/images/arch.js';
import {age, humanSize, progressBar, table} from '../core/images/format.js';
import {groupOf, type GroupName} from '../core/groups.js';
import type {Target} from '../core/roles/types.js';
import type {Engine} from '../engine/connection.js';
import {listContainers} from '../engine/containers.js';
import {imageHistory, imagePruneEstimate, inspectImage, listImageRecords, pruneImages, removeImageChecked, splitRef} from '../engine/images.js';
import {pullImage} from '../engine/image-pull.js';
import type {ImageRecord, PullProgress} from '../model/image.js';
import {EXIT, printJson, stdio, type Output} from './common.js';
import {cell, dispatch, gatedChange, listSub, orReport, parseOne, pruneSub, removeSub, resolveOnEngine, usedBy, withEngine, type Resource, type SubRun} from './resource-shared.js';

const HELP = `
  Usage
    $ berth images [ls] [--json] [--dangling] [--filter label=K[=V]] [--host H]
    $ berth images rm REF... [--force] [--json]
    $ berth images prune [--all] [--filter label=K[=V]] [--dry-run] [--yes] [--json]
    $ berth images pull REF [--json]
    $ berth images history REF [--json]
    $ berth images scan REF [--severity LIST] [--top N] [--timeout S] [--json]

  ls        every image: repository, tag, id, size, created, architecture (marked "!" when it is
            not the engine's), the containers (any state) using it, dangling
  rm        remove images; refused while a container (even a stopped one) uses one, unless --force
            (the engine still refuses an image a running container uses)
  prune     remove dangling images (--all: every image no container uses); shows what it would
            free first and asks (--yes: do not ask; --dry-run: only show), then the space reclaimed
  pull      pull with the credentials of ~/.docker/config.json (auths, credHelpers, credsStore);
            progress per layer; a registry that cannot be reached is named, with what to check
  history   the layers: created, created by, size
  scan      trivy's vulnerability scan of a local image (trivy on the PATH): counts by severity,
            top findings; exit 1 when it finds any (--severity: which count) or cannot scan

  Exit codes: 0 ok · 1 failure or refused (in use) · 2 usage · 3 engine unreachable
              4 refused by the roles policy (rm and prune need admin, pull operator)
`;

const R: Resource = {list: 'images', noun: 'images', kind: 'image', help: HELP};

/** The JSON of one image: the record, its architecture normalised and marked when foreign. */
export function imageJson(i: ImageRecord, hostArch: string) {
	const arch = normaliseArch(i.architecture);
	return {...i, architecture: arch, foreign_arch: Boolean(arch) && arch !== normaliseArch(hostArch)};
}

export function renderImageList(images: ImageRecord[], hostArch: string, now = Date.now()): string[] {
	const host = normaliseArch(hostArch);
	const t = [['REPOSITORY', 'TAG', 'IMAGE ID', 'SIZE', 'CREATED', 'ARCH', 'USED BY', 'DANGLING']];
	for (const i of images) {
		const arch = normaliseArch(i.architecture) + (i.variant ? `/${i.variant}` : '');
		const foreign = Boolean(i.architecture) && normaliseArch(i.architecture) !== host;
		const used = usedBy(i.used_by.map((c) => c.name));
		const refs = i.repo_tags.length ? i.repo_tags : ['<none>:<none>'];
		for (const ref of refs) {
			const {repo, tag} = ref === '<none>:<none>' ? {repo: '<none>', tag: '<none>'} : splitRef(ref);
			t.push([cell(repo), cell(tag), i.id.replace(/^sha256:/, '').slice(0, 12), humanSize(i.size), age(i.created, now), cell(arch || '?') + (foreign ? ' !' : ''), cell(used), i.dangling ? 'yes' : '']);
		}
	}
	return table(t);
}

const ls = listSub(R, {
	dangling: true,
	list: (engine, {dangling, labels}) => listImageRecords(engine, {dangling, labels}),
	json: (images, engine) => images.map((i) => imageJson(i, engine.arch)),
	render: (images, engine) => renderImageList(images, engine.arch),
});

const rm = removeSub(R, {
	action: 'image-remove',
	force: true,
	what: 'REF',
	detail: (refs, force) => `image ${refs.join(', ')}${force ? ' (force)' : ''}`,
	remove: (engine, ref, force) => removeImageChecked(engine, ref, {force}),
	row: (ref, r) => (r ? {ref, ...r} : {ref, found: true, untagged: [], deleted: []}),
	removed: (ref, r) => `removed ${cell(ref)}: ${r.untagged.length} untagged, ${r.deleted.length} layers deleted`,
});

const prune = pruneSub(R, {
	action: 'image-prune',
	all: true,
	what: (all) => (all ? 'unused images' : 'dangling images'),
	estimate: (engine, q) => imagePruneEstimate(engine, q),
	describe: (e, what) => [
		`${e.images.length} ${what} to remove, ${e.bytes === e.bytes_max ? humanSize(e.bytes) : `${humanSize(e.bytes)} to ${humanSize(e.bytes_max)}`} to reclaim`,
		...e.images.map((i) => `  ${i.id.replace(/^sha256:/, '').slice(0, 12)}  ${cell(i.repo_tags.join(', ') || '<none>')}  ${humanSize(i.size)}`),
	],
	question: (e, what) => `Remove ${e.images.length} ${what}?`,
	prune: (engine, q) => pruneImages(engine, q),
	done: (r) => `removed ${r.deleted.length} image layers (${r.untagged.length} untagged), reclaimed ${humanSize(r.space_reclaimed)}`,
});

/** The service groups of the containers created from `ref` (the pull's roles target); none → every group. */
async function pullTarget(engine: Engine, ref: string): Promise<Target> {
	const t: Target = {detail: `image ${ref}`};
	const {repo, tag} = splitRef(ref);
	const full = tag ? `${repo}:${tag}` : repo;
	const users = (await listContainers(engine)).filter((c) => c.image === full || c.image === repo && tag === 'latest');
	if (!users.length) return t;
	const groups = [...new Set(users.map((c): GroupName => groupOf(c.labels, c.service)))];
	return {...t, groups};
}

const pull: SubRun = async (argv, io) => {
	const cli = parseOne(R, 'pull', 'REF', argv, io);
	if (typeof cli === 'number') return cli;
	const {f, name: ref} = cli;
	const resolve = resolveOnEngine(f.host, io, async (engine) => ({target: await pullTarget(engine, ref), value: {engine, ref}}));
	return gatedChange(io, 'image-pull', {detail: `image ${ref}`}, resolve, ({engine, ref: value}, io2) =>
		orReport(io2, async () => {
			const layers = new Map<string, {status: string; current: number; total: number}>();
			const onProgress = (p: PullProgress) => {
				if (!p.layer) {
					if (!f.json && p.status && !/^(Status|Digest):/.test(p.status)) io2.out(cell(p.status));
					return;
				}
				const prev = layers.get(p.layer);
				layers.set(p.layer, {status: p.status, current: p.current || prev?.current || 0, total: p.total || prev?.total || 0});
				// a line when a layer changes phase (not for every byte), with the whole image's bar
				if (!f.json && prev?.status !== p.status) {
					let done = 0;
					let total = 0;
					for (const l of layers.values()) {
						total += l.total;
						done += /complete|Already exists/i.test(l.status) ? l.total : l.current;
					}
					io2.out(`${cell(p.layer)}: ${cell(p.status)}${total ? `  ${progressBar(done, total, 20)}` : ''}`);
				}
			};
			const r = await pullImage(engine, value, {onProgress});
			const d = await inspectImage(engine, r.ref);
			const out = {...r, layers: layers.size, id: d?.id ?? null, architecture: d ? normaliseArch(d.architecture) : null};
			if (f.json) printJson(io2, out);
			else io2.out(`pulled ${cell(r.ref)} from ${cell(r.registry)}: ${cell(r.status || 'done')}${r.digest ? ` (${cell(r.digest)})` : ''}${r.authenticated ? ', with stored credentials' : ''}`);
			return EXIT.ok;
		}),
	);
};

const history: SubRun = async (argv, io) => {
	const cli = parseOne(R, 'history', 'REF', argv, io);
	if (typeof cli === 'number') return cli;
	const {f, name: ref} = cli;
	return withEngine(f.host, io, async (engine) => {
		const h = await imageHistory(engine, ref);
		if (!h) {
			io.err(`berth: no such image: ${ref}`);
			return EXIT.failure;
		}
		if (f.json) {
			printJson(io, h);
			return EXIT.ok;
		}
		const now = Date.now();
		const t = [['IMAGE', 'CREATED', 'SIZE', 'CREATED BY', 'COMMENT']];
		for (const e of h) t.push([e.id === '<missing>' ? '<missing>' : e.id.replace(/^sha256:/, '').slice(0, 12), age(e.created, now), humanSize(e.size), cell(e.created_by.replace(/\s+/g, ' ').slice(0, 100)), cell(e.comment)]);
		io.out(table(t).join('\n'));
		return EXIT.ok;
	});
};

// scan reads only (no roles gate, not audited): its own module, loaded when asked
const scan: SubRun = (argv, io) => import('./images-scan.js').then((m) => m.run(argv, io));

export const SUBCOMMANDS: Record<string, SubRun> = {ls, list: ls, rm, remove: rm, prune, pull, history, scan};

export function run(argv: string[], io: Output = stdio): Promise<number> {
	return dispatch('images', argv, SUBCOMMANDS, 'ls', HELP, io);
}
