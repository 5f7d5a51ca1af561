/** `berth volumes [ls|create|rm|prune|backup|restore]` (also `berth volume …`). */
import {humanSize, table} from '../core/images/format.js';
import {EngineError} from '../engine/errors.js';
import {createVolume, listVolumes, pruneVolumes, removeVolume, volumePruneEstimate} from '../engine/volumes.js';
import {backupVolume, restoreVolume} from '../engine/volume-transfer.js';
import type {VolumeRecord} from '../model/volume.js';
import {EXIT, printJson, stdio, type Output} from './common.js';
import {cell, confirm, dispatch, fixedChange, labelsObject, listSub, many, parseOne, parseSub, pruneSub, removeSub, usage, usedBy, type Resource, type SubRun} from './resource-shared.js';

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

const R: Resource = {list: 'volumes', noun: 'volume', kind: 'volume', help: HELP};

export function renderVolumeList(vs: VolumeRecord[]): string[] {
	const t = [['NAME', 'DRIVER', 'SIZE', 'USED BY', 'DANGLING', 'MOUNTPOINT']];
	for (const v of vs) t.push([cell(v.name), cell(v.driver), v.size === null ? '-' : humanSize(v.size), cell(usedBy(v.used_by.map((c) => c.name))), v.dangling ? 'yes' : '', cell(v.mountpoint)]);
	return table(t);
}

const ls = listSub(R, {dangling: true, list: (engine, {dangling, labels}) => listVolumes(engine, {dangling, labels}), render: renderVolumeList});

const create: SubRun = async (argv, io) => {
	const cli = parseOne<{driver?: string; label?: string[]}>(R, 'create', 'NAME', argv, io, {driver: {type: 'string', shortFlag: 'd'}, label: {type: 'string', isMultiple: true}});
	if (typeof cli === 'number') return cli;
	const {f, name} = cli;
	const labels = labelsObject(many(f.label));
	if (typeof labels === 'string') return usage(R, io, labels);
	return fixedChange(io, f.host, 'volume-create', `volume ${name}`, name, async (engine, value, io2) => {
		const r = await createVolume(engine, value, {labels, ...(f.driver ? {driver: f.driver} : {})});
		if (f.json) printJson(io2, r);
		else io2.out(r.created ? `created volume ${cell(value)}` : `volume ${cell(value)} exists (left as it is)`);
		return EXIT.ok;
	});
};

const rm = removeSub(R, {action: 'volume-remove', force: true, what: 'NAME', remove: (engine, name, force) => removeVolume(engine, name, {force})});

const prune = pruneSub(R, {
	action: 'volume-prune',
	what: () => 'unused volumes',
	estimate: (engine, {labels}) => volumePruneEstimate(engine, {labels}),
	describe: (e) => [
		`${e.volumes.length} unused volumes to remove, about ${humanSize(e.bytes)} to reclaim${e.volumes.some((v) => v.size === null) ? ' (some sizes unknown)' : ''}`,
		...e.volumes.map((v) => `  ${cell(v.name)}  ${v.size === null ? '-' : humanSize(v.size)}`),
	],
	question: (e) => `Remove ${e.volumes.length} volumes and their files?`,
	prune: (engine, {labels}) => pruneVolumes(engine, {labels}),
	done: (r) => `removed ${r.deleted.length} volumes, reclaimed ${humanSize(r.space_reclaimed)}`,
});

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

/** `volume backup|restore NAME FILE [--image IMAGE] [--force]`: the parse they share. */
function transferArgs(argv: string[], io: Output, sub: 'backup' | 'restore') {
	const cli = parseSub<{image?: string; force: boolean}>(R, argv, io, {image: {type: 'string'}, force: {type: 'boolean', shortFlag: 'f', default: false}});
	if (typeof cli === 'number') return cli;
	if (cli.input.length !== 2) return usage(R, io, `volume ${sub} needs NAME and FILE`);
	const [name, file] = cli.input as [string, string];
	return {f: cli.f, name, file};
}

const backup: SubRun = async (argv, io) => {
	const a = transferArgs(argv, io, 'backup');
	if (typeof a === 'number') return a;
	const {f} = a;
	return fixedChange(io, f.host, 'volume-backup', `volume ${a.name} → ${a.file}`, {name: a.name, file: a.file}, async (engine, v, io2) => {
		const r = await interruptible((signal) => backupVolume(engine, v.name, v.file, {force: f.force, signal, ...(f.image ? {image: f.image} : {})}));
		if (f.json) printJson(io2, r);
		else io2.out(`backed up volume ${cell(r.volume)} to ${cell(r.file)} (${humanSize(r.bytes)}, helper image ${cell(r.helper_image)})`);
		return EXIT.ok;
	});
};

const restore: SubRun = async (argv, io) => {
	const a = transferArgs(argv, io, 'restore');
	if (typeof a === 'number') return a;
	const {f} = a;
	return fixedChange(io, f.host, 'volume-restore', `${a.file} → volume ${a.name}`, {name: a.name, file: a.file}, async (engine, v, io2) => {
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
	});
};

export const SUBCOMMANDS: Record<string, SubRun> = {ls, list: ls, create, rm, remove: rm, prune, backup, restore};

export function run(argv: string[], io: Output = stdio): Promise<number> {
	return dispatch('volume', argv, SUBCOMMANDS, 'ls', HELP, io);
}

