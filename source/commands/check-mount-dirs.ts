/** `berth check-mount-dirs [--create]`: bind-mount sources of the compose file missing on the host. */
import {bindMounts, createMissingDirs, type ComposeProject} from '../core/compose/index.js';
import {EXIT, parseFlags, printJson, stdio, type Output} from './common.js';
import {COMMON_FLAGS, COMMON_HELP, commonFlags, loadOrReport, type CommonFlags} from './compose-actions-shared.js';
import {gated} from './guard.js';
import {resolveComposeTargets} from './targets.js';

const HELP = `
  Usage
    $ berth check-mount-dirs [--create] [-f FILE] [-p NAME] [--json]

  Every bind mount of the compose file and whether its host source exists. With --create,
  missing directories are created (mkdir -p); a missing source whose name looks like a file
  (has an extension, e.g. nginx.conf) is reported and never created as a directory.
  Paths are this machine's: run it where the engine runs.

  Options
${COMMON_HELP}
    --create              create the missing directories

  Exit codes: 0 nothing missing (or all created) · 1 something still missing · 2 compose-file error
`;

export async function run(argv: string[], io: Output = stdio): Promise<number> {
	const cli = parseFlags(argv, HELP, {...COMMON_FLAGS, create: {type: 'boolean', default: false}}, io);
	if (typeof cli === 'number') return cli;
	const flags = commonFlags(cli.flags);
	const project = loadOrReport(flags, io);
	if (typeof project === 'number') return project;
	const create = Boolean(cli.flags.create);
	// --create changes the host (admin: mount-dirs), on the whole project's behalf
	return gated(
		io,
		{
			action: create ? 'mount-dirs' : null,
			named: {project: project.model.name, detail: 'bind-mount source directories'},
			resolve: async () => ({target: {...(await resolveComposeTargets(null, project, 'all')).target, detail: 'bind-mount source directories'}, value: project}),
		},
		async (project, io) => report(project, flags, create, io),
	);
}

function report(project: ComposeProject, flags: CommonFlags, create: boolean, io: Output): number {
	const mounts = bindMounts(project.model);
	const created = create ? createMissingDirs(mounts) : {created: [], skipped: [], failed: []};
	const madeSet = new Set(created.created);
	const rows = mounts.map((m) => ({...m, created: madeSet.has(m.source)}));
	const missing = rows.filter((r) => r.exists === 'missing' && !r.created);
	if (flags.json) {
		printJson(io, {project: project.model.name, file: project.file, mounts: rows.map((r) => ({service: r.service, source: r.source, target: r.target, exists: r.exists, looks_like_file: r.looksLikeFile, created: r.created})), missing: missing.length, created: created.created, skipped: created.skipped, failed: created.failed});
		return missing.length ? EXIT.failure : EXIT.ok;
	}
	if (mounts.length === 0) {
		io.out(`${project.file}: no bind mounts`);
		return EXIT.ok;
	}
	for (const r of rows) {
		const state = r.created ? 'created' : r.exists === 'missing' ? (r.looksLikeFile ? 'MISSING (file)' : 'MISSING') : r.exists;
		io.out(`${state.padEnd(14)} ${r.source} → ${r.service}:${r.target}`);
	}
	for (const f of created.failed) io.err(`berth: cannot create ${f.source}: ${f.error}`);
	const hint = !create && missing.some((m) => !m.looksLikeFile) ? ' (run with --create to create the directories)' : '';
	io.out(missing.length ? `${missing.length} bind-mount source${missing.length === 1 ? '' : 's'} missing${hint}` : `all ${mounts.length} bind-mount sources present`);
	return missing.length ? EXIT.failure : EXIT.ok;
}
