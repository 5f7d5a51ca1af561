/** `berth images [ls|rm|prune|pull|history]`: the engine's images, and what can be done to them. */
import {normaliseArch} from '../core/images/arch.js';
import {age, humanSize, progressBar, table} from '../core/images/format.js';
import {groupOf, type GroupName} from '../core/groups.js';
import type {Target} from '../core/roles/types.js';
import type {Engine} from '../engine/connection.js';
import {listContainers} from '../engine/containers.js';
import {imageHistory, imagePruneEstimate, inspectImage, listImageRecords, pruneImages, pullImage, removeImageChecked, splitRef} from '../engine/images.js';
import type {ImageRecord, PullProgress} from '../model/image.js';
import {EXIT, connectOrReport, parseFlags, printJson, reportError, stdio, type Output} from './common.js';
import {fixed, gatedChange} from './resource-gate.js';
import {cell, confirm, dispatch, labelFilters, many, type SubRun} from './resource-shared.js';

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

const HOST: Record<string, unknown> = {host: {type: 'string', shortFlag: 'H'}};

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
		const used = i.used_by.length ? i.used_by.slice(0, 3).map((c) => c.name).join(', ') + (i.used_by.length > 3 ? ` +${i.used_by.length - 3} more` : '') : '-';
		const refs = i.repo_tags.length ? i.repo_tags : ['<none>:<none>'];
		for (const ref of refs) {
			const {repo, tag} = ref === '<none>:<none>' ? {repo: '<none>', tag: '<none>'} : splitRef(ref);
			t.push([cell(repo), cell(tag), i.id.replace(/^sha256:/, '').slice(0, 12), humanSize(i.size), age(i.created, now), cell(arch || '?') + (foreign ? ' !' : ''), cell(used), i.dangling ? 'yes' : '']);
		}
	}
	return table(t);
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

const ls: SubRun = async (argv, io) => {
	const cli = parseFlags(argv, HELP, {json: {type: 'boolean', default: false}, dangling: {type: 'boolean', default: false}, filter: {type: 'string', isMultiple: true}, ...HOST} as never, io);
	if (typeof cli === 'number') return cli;
	const f = cli.flags as {json: boolean; dangling: boolean; filter?: string[]; host?: string};
	if (cli.input.length) return usage(io, `images: unexpected argument "${cli.input[0]}"`);
	const labels = labelFilters(many(f.filter));
	if (typeof labels === 'string') return usage(io, labels);
	return withEngine(f.host, io, async (engine) => {
		const images = await listImageRecords(engine, {dangling: f.dangling, labels});
		if (f.json) printJson(io, images.map((i) => imageJson(i, engine.arch)));
		else io.out(renderImageList(images, engine.arch).join('\n'));
		return EXIT.ok;
	});
};

function usage(io: Output, msg: string): number {
	io.err(`berth: ${msg}`);
	io.err('  → `berth images --help`');
	return EXIT.usage;
}

const rm: SubRun = async (argv, io) => {
	const cli = parseFlags(argv, HELP, {force: {type: 'boolean', shortFlag: 'f', default: false}, json: {type: 'boolean', default: false}, ...HOST} as never, io);
	if (typeof cli === 'number') return cli;
	const f = cli.flags as {force: boolean; json: boolean; host?: string};
	if (!cli.input.length) return usage(io, 'images rm needs at least one REF');
	const refs = cli.input;
	return gatedChange(
		io,
		'image-remove',
		...fixed({detail: `image ${refs.join(', ')}${f.force ? ' (force)' : ''}`}, refs),
		(value, io2) =>
			withEngine(f.host, io2, async (engine) => {
				const results: Array<{ref: string; found: boolean; untagged: string[]; deleted: string[]; error: string | null; code: string | null}> = [];
				for (const ref of value) {
					try {
						const r = await removeImageChecked(engine, ref, {force: f.force});
						results.push({ref, ...r, error: null, code: null});
						if (!f.json) io2.out(r.found ? `removed ${cell(ref)}: ${r.untagged.length} untagged, ${r.deleted.length} layers deleted` : `${cell(ref)}: no such image (nothing to do)`);
					} catch (err) {
						const e = err as {code?: string; message?: string; hint?: string};
						if (e.code === 'unreachable' || e.code === 'permission') throw err;
						results.push({ref, found: true, untagged: [], deleted: [], error: e.message ?? String(err), code: e.code ?? null});
						io2.err(`berth: ${e.message ?? String(err)}`);
						if (e.hint) io2.err(`  → ${e.hint}`);
					}
				}
				if (f.json) printJson(io2, results);
				return results.some((r) => r.error) ? EXIT.failure : EXIT.ok;
			}),
	);
};

const prune: SubRun = async (argv, io) => {
	const cli = parseFlags(
		argv,
		HELP,
		{all: {type: 'boolean', shortFlag: 'a', default: false}, filter: {type: 'string', isMultiple: true}, dryRun: {type: 'boolean', default: false}, yes: {type: 'boolean', shortFlag: 'y', default: false}, json: {type: 'boolean', default: false}, ...HOST} as never,
		io,
	);
	if (typeof cli === 'number') return cli;
	const f = cli.flags as {all: boolean; filter?: string[]; dryRun: boolean; yes: boolean; json: boolean; host?: string};
	if (cli.input.length) return usage(io, `images prune: unexpected argument "${cli.input[0]}"`);
	const labels = labelFilters(many(f.filter));
	if (typeof labels === 'string') return usage(io, labels);
	const what = f.all ? 'unused images' : 'dangling images';
	const body = (io2: Output) =>
		withEngine(f.host, io2, async (engine) => {
			const estimate = await imagePruneEstimate(engine, {all: f.all, labels});
			if (!f.json || f.dryRun) {
				if (!f.json) {
					io2.out(`${estimate.images.length} ${what} to remove, ${estimate.bytes === estimate.bytes_max ? humanSize(estimate.bytes) : `${humanSize(estimate.bytes)} to ${humanSize(estimate.bytes_max)}`} to reclaim`);
					for (const i of estimate.images) io2.out(`  ${i.id.replace(/^sha256:/, '').slice(0, 12)}  ${cell(i.repo_tags.join(', ') || '<none>')}  ${humanSize(i.size)}`);
				}
			}
			if (f.dryRun) {
				if (f.json) printJson(io2, {estimate, result: null});
				return EXIT.ok;
			}
			if (!f.yes) {
				const ok = await confirm(`Remove ${estimate.images.length} ${what}?`, io2);
				if (ok === null) {
					io2.err('berth: images prune asks before removing; not a terminal: pass --yes (or --dry-run to only look)');
					return EXIT.usage;
				}
				if (!ok) {
					io2.out('nothing removed');
					return EXIT.ok;
				}
			}
			const result = await pruneImages(engine, {all: f.all, labels});
			if (f.json) printJson(io2, {estimate, result});
			else io2.out(`removed ${result.deleted.length} image layers (${result.untagged.length} untagged), reclaimed ${humanSize(result.space_reclaimed)}`);
			return EXIT.ok;
		});
	if (f.dryRun) return body(io);
	return gatedChange(io, 'image-prune', ...fixed({detail: `${what}${labels.length ? ` with label ${labels.join(', ')}` : ''}`}, null), (_v, io2) => body(io2));
};

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
	const cli = parseFlags(argv, HELP, {json: {type: 'boolean', default: false}, ...HOST} as never, io);
	if (typeof cli === 'number') return cli;
	const f = cli.flags as {json: boolean; host?: string};
	if (cli.input.length !== 1) return usage(io, 'images pull needs exactly one REF');
	const ref = cli.input[0]!;
	return gatedChange(
		io,
		'image-pull',
		{detail: `image ${ref}`},
		async () => {
			const engine = await connectOrReport(f.host, io);
			if (typeof engine === 'number') return engine;
			try {
				return {target: await pullTarget(engine, ref), value: {engine, ref}};
			} catch (err) {
				return reportError(err, io);
			}
		},
		async ({engine, ref: value}, io2) => {
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
			try {
				const r = await pullImage(engine, value, {onProgress});
				const d = await inspectImage(engine, r.ref);
				const out = {...r, layers: layers.size, id: d?.id ?? null, architecture: d ? normaliseArch(d.architecture) : null};
				if (f.json) printJson(io2, out);
				else io2.out(`pulled ${cell(r.ref)} from ${cell(r.registry)}: ${cell(r.status || 'done')}${r.digest ? ` (${cell(r.digest)})` : ''}${r.authenticated ? ', with stored credentials' : ''}`);
				return EXIT.ok;
			} catch (err) {
				return reportError(err, io2);
			}
		},
	);
};

const history: SubRun = async (argv, io) => {
	const cli = parseFlags(argv, HELP, {json: {type: 'boolean', default: false}, ...HOST} as never, io);
	if (typeof cli === 'number') return cli;
	const f = cli.flags as {json: boolean; host?: string};
	if (cli.input.length !== 1) return usage(io, 'images history needs exactly one REF');
	const ref = cli.input[0]!;
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
