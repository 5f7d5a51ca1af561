/** `berth setup-tags [--dry-run]`: NAME:TAG-<hostarch> → NAME:TAG, plus the config's tags.mappings. */
import {setupTags, type TagAction, type TagReport} from '../core/images/tags.js';
import type {Engine} from '../engine/connection.js';
import {EXIT, connectOrReport, parseFlags, printJson, reportError, stdio, type Output} from './common.js';
import {gated} from './guard.js';

const HELP = `
  Usage
    $ berth setup-tags [--dry-run] [--only PREFIX] [--json] [--arch A] [--host H]

  For every local tag NAME:TAG-<hostarch> (amd64/x86_64 or arm64/aarch64) create NAME:TAG, so a
  compose file that says NAME:TAG runs the host's build. Also tags each {from, to} of
  \`tags.mappings\` in berth's config file (~/.config/berth/config.json, or
  $BERTH_CONFIG_DIR/config.json). Warns about images built for another architecture.

  Options
    --dry-run    only say what would be tagged
    --json       {host_arch, dry_run, actions: [{from, to, source, status, from_id, to_id}],
                 warnings: [{image, id, arch, host_arch, message}], config_problems, config_path}
    --arch A     treat the host as A (amd64, arm64)
    --only P     only references starting with P (repeatable), e.g. --only registry.local/myapp/
    --host, -H   engine address

  Exit codes: 0 ok · 1 a tag failed or a mapping's source is missing · 2 usage · 3 engine unreachable
`;

const VERB: Record<string, string> = {
	create: 'would tag',
	update: 'would retag',
	exists: 'up to date',
	'missing-source': 'missing',
	conflict: 'conflict',
	created: 'tagged',
	updated: 'retagged',
	failed: 'FAILED',
};

export function renderAction(a: TagAction): string {
	const extra = a.status === 'missing-source' ? ` (no local image ${a.from})` : a.status === 'conflict' ? ' (another source already maps to it)' : a.error ? ` (${a.error})` : '';
	return `${(VERB[a.status] ?? a.status).padEnd(11)}  ${a.from} → ${a.to}  [${a.source}]${extra}`;
}

export function renderTagReport(r: TagReport): string[] {
	const lines = r.actions.map(renderAction);
	if (!r.actions.length) lines.push(`no local tag ends in -${r.host_arch} (or an alias) and no tags.mappings: nothing to tag`);
	for (const p of r.config_problems) lines.push(`config: ${p} (${r.config_path})`);
	for (const w of r.warnings) lines.push(`warning: ${w.message}`);
	const n = r.actions.filter((a) => ['create', 'update', 'created', 'updated'].includes(a.status)).length;
	lines.push(r.dry_run ? `dry run: ${n} tag(s) would be set (host arch ${r.host_arch})` : `${r.created} tag(s) set, ${r.failed} failed (host arch ${r.host_arch})`);
	return lines;
}

export async function run(argv: string[], io: Output = stdio): Promise<number> {
	const cli = parseFlags(argv, HELP, {
		dryRun: {type: 'boolean', default: false},
		json: {type: 'boolean', default: false},
		arch: {type: 'string'},
		only: {type: 'string', isMultiple: true},
		host: {type: 'string', shortFlag: 'H'},
	}, io);
	if (typeof cli === 'number') return cli;
	if (cli.input.length) {
		io.err('berth: setup-tags takes no arguments (see --help)');
		return EXIT.usage;
	}
	const dryRun = cli.flags.dryRun as boolean;
	const only = (cli.flags.only as string[] | undefined) ?? [];
	const arch = cli.flags.arch as string | undefined;
	const json = cli.flags.json as boolean;
	// admin only (setup-tags), on every group; --dry-run changes nothing
	const detail = `image tags${only.length ? ` (${only.join(', ')})` : ''}`;
	return gated(
		io,
		{
			action: dryRun ? null : 'setup-tags',
			named: {detail},
			resolve: async (io) => {
				const engine = await connectOrReport(cli.flags.host as string | undefined, io);
				return typeof engine === 'number' ? engine : {target: {detail}, value: engine};
			},
		},
		(engine, io) => tag(engine, {dryRun, only, arch, json}, io),
	);
}

async function tag(engine: Engine, o: {dryRun: boolean; only: string[]; arch: string | undefined; json: boolean}, io: Output): Promise<number> {
	let report: TagReport;
	try {
		report = await setupTags(engine, {dryRun: o.dryRun, only: o.only, ...(o.arch ? {hostArch: o.arch} : {})});
	} catch (err) {
		return reportError(err, io);
	}
	if (o.json) printJson(io, report);
	else io.out(renderTagReport(report).join('\n'));
	const bad = report.failed > 0 || report.actions.some((a) => a.status === 'missing-source');
	return bad ? EXIT.failure : EXIT.ok;
}
