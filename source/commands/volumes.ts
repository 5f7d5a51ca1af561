/** `berth volumes [ls|create|rm|prune|backup|restore]` (also `berth volume …`). */
import {humanSize, table} from '../core/images/format.js';
import type {Engine} from '../engine/connection.js';
import {EngineError} from '../engine/errors.js';
import {backupVolume, createVolume, listVolumes, pruneVolumes, removeVolume, restoreVolume, volumePruneEstimate} from '../engine/volumes.js';
import type {VolumeRecord} from '../model/volume.js';
import {EXIT, connectOrReport, parseFlags, printJson, reportError, stdio, type Output} from './common.js';
import {fixed, gatedChange} from './resource-gate.js';
import {cell, confirm, dispatch, labelFilters, labelsObject, many, type SubRun} from './resource-shared.js';

const HELP = `
  Usage
    $ berth volumes [ls] [--json] [--dangling] [--filter label=K[=V]] [--host H]
    $ berth volume create NAME [--driver D] [--label K=V]... [--json]
    $ berth volume rm NAME... [--json]
    $ berth volume prune [--filter label=K[=V]] [--dry-run] [--yes] [--json]
    $ berth volume backup NAME FILE.tar.gz [--image IMAGE] [--force] [--json]
    $ berth volume restore NAME FILE.tar.gz [--image IMAGE] [--force] [--json]

  ls        every volume: name, driver, mountpoint, size (from the engine's \`system df\`; "-" where
            it has none), the containers (any state) mounting it, dangling
  create    create it (an existing volume of that name is left as it is)
  rm        remove volumes; refused while any container (even a stopped one) mounts one
  prune     remove every local volume no container uses; shows what and how much first and asks
            (--yes: do not ask; --dry-run: only show), then the space reclaimed
  backup    write the volume's files to FILE (gzip when it ends in .gz/.tgz) — bytes, modes, owners,
            symlinks — streamed through a short-lived helper container that is never started,
            created from an image already on the engine (--image, else busybox/alpine/… or the
            smallest local image; nothing is pulled). FILE is replaced only with --force
  restore   unpack FILE (tar, tar.gz, bzip2, xz) into the volume (created when missing); a volume
            that already holds files needs --force (asked on a terminal): files in FILE overwrite
            theirs, others stay

  Exit codes: 0 ok · 1 failure or refused (in use, not empty) · 2 usage · 3 engine unreachable
              4 refused by the roles policy (rm, prune, restore, backup, create need admin)
`;

const HOST: Record<string, unknown> = {host: {type: 'string', shortFlag: 'H'}};

function usage(io: Output, msg: string): number {
	io.err(`berth: ${msg}`);
	io.err('  → `berth volume --help`');
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

export function renderVolumeList(vs: VolumeRecord[]): string[] {
	const t = [['NAME', 'DRIVER', 'SIZE', 'USED BY', 'DANGLING', 'MOUNTPOINT']];
	for (const v of vs) {
		const used = v.used_by.length ? v.used_by.slice(0, 3).map((c) => c.name).join(', ') + (v.used_by.length > 3 ? ` +${v.used_by.length - 3} more` : '') : '-';
		t.push([cell(v.name), cell(v.driver), v.size === null ? '-' : humanSize(v.size), cell(used), v.dangling ? 'yes' : '', cell(v.mountpoint)]);
	}
	return table(t);
}

const ls: SubRun = async (argv, io) => {
	const cli = parseFlags(argv, HELP, {json: {type: 'boolean', default: false}, dangling: {type: 'boolean', default: false}, filter: {type: 'string', isMultiple: true}, ...HOST} as never, io);
	if (typeof cli === 'number') return cli;
	const f = cli.flags as {json: boolean; dangling: boolean; filter?: string[]; host?: string};
	if (cli.input.length) return usage(io, `volumes: unexpected argument "${cli.input[0]}"`);
	const labels = labelFilters(many(f.filter));
	if (typeof labels === 'string') return usage(io, labels);
	return withEngine(f.host, io, async (engine) => {
		const vs = await listVolumes(engine, {dangling: f.dangling, labels});
		if (f.json) printJson(io, vs);
		else io.out(renderVolumeList(vs).join('\n'));
		return EXIT.ok;
	});
};

const create: SubRun = async (argv, io) => {
	const cli = parseFlags(argv, HELP, {driver: {type: 'string', shortFlag: 'd'}, label: {type: 'string', isMultiple: true}, json: {type: 'boolean', default: false}, ...HOST} as never, io);
	if (typeof cli === 'number') return cli;
	const f = cli.flags as {driver?: string; label?: string[]; json: boolean; host?: string};
	if (cli.input.length !== 1) return usage(io, 'volume create needs exactly one NAME');
	const name = cli.input[0]!;
	const labels = labelsObject(many(f.label));
	if (typeof labels === 'string') return usage(io, labels);
	return gatedChange(io, 'volume-create', ...fixed({detail: `volume ${name}`}, name), (value, io2) =>
		withEngine(f.host, io2, async (engine) => {
			const r = await createVolume(engine, value, {labels, ...(f.driver ? {driver: f.driver} : {})});
			if (f.json) printJson(io2, r);
			else io2.out(r.created ? `created volume ${cell(value)}` : `volume ${cell(value)} exists (left as it is)`);
			return EXIT.ok;
		}),
	);
};

const rm: SubRun = async (argv, io) => {
	const cli = parseFlags(argv, HELP, {force: {type: 'boolean', shortFlag: 'f', default: false}, json: {type: 'boolean', default: false}, ...HOST} as never, io);
	if (typeof cli === 'number') return cli;
	const f = cli.flags as {force: boolean; json: boolean; host?: string};
	if (!cli.input.length) return usage(io, 'volume rm needs at least one NAME');
	const targets = cli.input;
	return gatedChange(io, 'volume-remove', ...fixed({detail: `volume ${targets.join(', ')}`}, targets), (value, io2) =>
		withEngine(f.host, io2, async (engine) => {
			const results: Array<{name: string; found: boolean; error: string | null; code: string | null}> = [];
			for (const name of value) {
				try {
					const r = await removeVolume(engine, name, {force: f.force});
					results.push({name, found: r.found, error: null, code: null});
					if (!f.json) io2.out(r.found ? `removed volume ${cell(name)}` : `${cell(name)}: no such volume (nothing to do)`);
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

const prune: SubRun = async (argv, io) => {
	const cli = parseFlags(argv, HELP, {filter: {type: 'string', isMultiple: true}, dryRun: {type: 'boolean', default: false}, yes: {type: 'boolean', shortFlag: 'y', default: false}, json: {type: 'boolean', default: false}, ...HOST} as never, io);
	if (typeof cli === 'number') return cli;
	const f = cli.flags as {filter?: string[]; dryRun: boolean; yes: boolean; json: boolean; host?: string};
	if (cli.input.length) return usage(io, `volume prune: unexpected argument "${cli.input[0]}"`);
	const labels = labelFilters(many(f.filter));
	if (typeof labels === 'string') return usage(io, labels);
	const body = (io2: Output) =>
		withEngine(f.host, io2, async (engine) => {
			const estimate = await volumePruneEstimate(engine, {labels});
			if (!f.json) {
				io2.out(`${estimate.volumes.length} unused volumes to remove, about ${humanSize(estimate.bytes)} to reclaim${estimate.volumes.some((v) => v.size === null) ? ' (some sizes unknown)' : ''}`);
				for (const v of estimate.volumes) io2.out(`  ${cell(v.name)}  ${v.size === null ? '-' : humanSize(v.size)}`);
			}
			if (f.dryRun) {
				if (f.json) printJson(io2, {estimate, result: null});
				return EXIT.ok;
			}
			if (!f.yes) {
				const ok = await confirm(`Remove ${estimate.volumes.length} volumes and their files?`, io2);
				if (ok === null) {
					io2.err('berth: volume prune asks before removing; not a terminal: pass --yes (or --dry-run to only look)');
					return EXIT.usage;
				}
				if (!ok) {
					io2.out('nothing removed');
					return EXIT.ok;
				}
			}
			const result = await pruneVolumes(engine, {labels});
			if (f.json) printJson(io2, {estimate, result});
			else io2.out(`removed ${result.deleted.length} volumes, reclaimed ${humanSize(result.space_reclaimed)}`);
			return EXIT.ok;
		});
	if (f.dryRun) return body(io);
	return gatedChange(io, 'volume-prune', ...fixed({detail: `unused volumes${labels.length ? ` with label ${labels.join(', ')}` : ''}`}, null), (_v, io2) => body(io2));
};

/**
 * Run a transfer that Ctrl-C (SIGINT/SIGTERM) aborts cleanly: the stream stops, the helper
 * container is removed, a half-written backup file is deleted (engine/volumes.ts does that).
 */
async function interruptible<T>(fn: (signal: AbortSignal) => Promise<T>, what = 'nothing was kept (no partial file, no helper container)'): Promise<T> {
	const ac = new AbortController();
	const stop = () => ac.abort();
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
	try {
		return await fn(ac.signal);
	} catch (err) {
		if (ac.signal.aborted) throw new EngineError('aborted', `interrupted: ${what}`, '');
		throw err;
	} finally {
		process.removeListener('SIGINT', stop);
		process.removeListener('SIGTERM', stop);
	}
}

const transferFlags = {image: {type: 'string'}, force: {type: 'boolean', shortFlag: 'f', default: false}, json: {type: 'boolean', default: false}, ...HOST};

const backup: SubRun = async (argv, io) => {
	const cli = parseFlags(argv, HELP, transferFlags as never, io);
	if (typeof cli === 'number') return cli;
	const f = cli.flags as {image?: string; force: boolean; json: boolean; host?: string};
	if (cli.input.length !== 2) return usage(io, 'volume backup needs NAME and FILE');
	const [name, file] = cli.input as [string, string];
	return gatedChange(io, 'volume-backup', ...fixed({detail: `volume ${name} → ${file}`}, {name, file}), (v, io2) =>
		withEngine(f.host, io2, async (engine) => {
			const r = await interruptible((signal) => backupVolume(engine, v.name, v.file, {force: f.force, signal, ...(f.image ? {image: f.image} : {})}));
			if (f.json) printJson(io2, r);
			else io2.out(`backed up volume ${cell(r.volume)} to ${cell(r.file)} (${humanSize(r.bytes)}, helper image ${cell(r.helper_image)})`);
			return EXIT.ok;
		}),
	);
};

const restore: SubRun = async (argv, io) => {
	const cli = parseFlags(argv, HELP, transferFlags as never, io);
	if (typeof cli === 'number') return cli;
	const f = cli.flags as {image?: string; force: boolean; json: boolean; host?: string};
	if (cli.input.length !== 2) return usage(io, 'volume restore needs NAME and FILE');
	const [name, file] = cli.input as [string, string];
	return gatedChange(io, 'volume-restore', ...fixed({detail: `${file} → volume ${name}`}, {name, file}), (v, io2) =>
		withEngine(f.host, io2, async (engine) => {
			const opts = {force: f.force, ...(f.image ? {image: f.image} : {})};
			let r;
			try {
				r = await interruptible((signal) => restoreVolume(engine, v.name, v.file, {...opts, signal}), `the volume ${v.name} may hold part of the archive`);
			} catch (err) {
				// not empty: on a terminal ask, then unpack over it
				if ((err as {code?: string}).code !== 'conflict' || f.force) throw err;
				const ok = await confirm(`Volume ${v.name} already holds files; unpack ${v.file} over them?`, io2);
				if (!ok) throw err;
				r = await interruptible((signal) => restoreVolume(engine, v.name, v.file, {...opts, force: true, signal}), `the volume ${v.name} may hold part of the archive`);
			}
			if (f.json) printJson(io2, r);
			else io2.out(`restored ${cell(r.file)} into volume ${cell(r.volume)}${r.created ? ' (created)' : ''} (${humanSize(r.bytes)}, helper image ${cell(r.helper_image)})`);
			return EXIT.ok;
		}),
	);
};

export const SUBCOMMANDS: Record<string, SubRun> = {ls, list: ls, create, rm, remove: rm, prune, backup, restore};

export function run(argv: string[], io: Output = stdio): Promise<number> {
	return dispatch('volume', argv, SUBCOMMANDS, 'ls', HELP, io);
}

