/** `berth deploy [--images DIR] [--timeout S]`: the whole pipeline, each step reported as it goes. */
import {formatDiagnostic, hasErrors, type ComposeProject} from '../core/compose/index.js';
import {deploy, type DeployResult, type StepEvent} from '../core/compose/deploy.js';
import {formatPorts} from '../core/present.js';
import {EXIT, connectOrReport, parseFlags, printJson, reportError, stdio, type Output} from './common.js';
import {COMMON_FLAGS, COMMON_HELP, commonFlags, diagnosticJson, loadOrReport, type CommonFlags} from './compose-actions-shared.js';
import type {Engine} from '../engine/connection.js';
import {gated} from './guard.js';
import {resolveComposeTargets} from './targets.js';

const HELP = `
  Usage
    $ berth deploy [--images DIR] [--timeout S] [--dry-run] [--force] [-f FILE] [-p NAME] [--json]

  Bring a compose stack up and healthy, step by step — never half-applied:
    1 checks              before anything is changed, all of: the compose file as \`berth validate\`
                          judges it and as the compose CLI reads it (config -q); the compose CLI
                          (docker compose v2, else docker-compose v1); free disk; host ports of the
                          stack held by another process or container; bind-mount sources that are
                          missing and look like files (Docker would make a directory) or cannot be
                          created; images neither on the engine, nor made by an arch tag, nor in
                          the --images folder. Any problem: every one is listed with its fix and
                          deploy stops, nothing changed (no directory, no image, no container)
    2 bind-mount dirs     create missing bind-mount source directories
    3 load images         docker load every *.tar, *.tar.gz, *.tgz in DIR (other-arch files skipped)
    4 arch tags           NAME:TAG-<hostarch> → NAME:TAG for this stack's images; missing images
    5 compose up          group by group (foundation → core → application → support), each waited
                          on until running and, with a healthcheck, healthy (engine events)
    6 report              running services with their ports; for each failed one, the doctor's
                          findings (code, message, fix)

  Options
${COMMON_HELP}
    --images, -i DIR      folder of image archives to load first
    --timeout S           seconds to wait for all services to be up (default 180)
    --dry-run             change nothing: run the checks and say what each step would do
    --force               go on despite port, bind-mount and image problems found by the checks
                          (they are then warnings); errors in the compose file still stop

  Progress goes to stdout; with --json to stderr, and stdout holds only the JSON report:
  {ok, project, stopped, problems: [{kind, service?, message, fix}], steps: [{id, status, detail,
  fix?}], services: [{service, group, state, detail, containers, ports, findings?}], file, warnings}.

  Exit codes: 0 every service up · 1 a check found a problem (nothing changed), or a step or a
  service failed · 2 the compose file has errors (nothing changed) · 3 engine unreachable
`;

const MARK: Record<StepEvent['status'], string> = {running: '…', ok: '✓', warn: '!', failed: '✗', skipped: '-'};

export function renderReport(r: DeployResult): string[] {
	const lines: string[] = [];
	const w = Math.max(7, ...r.services.map((s) => s.service.length));
	lines.push(`${'SERVICE'.padEnd(w)}  ${'GROUP'.padEnd(11)}  ${'STATE'.padEnd(9)}  PORTS / DETAIL`);
	for (const s of r.services) {
		const ports = formatPorts(s.ports);
		const detail = s.state === 'failed' ? s.detail : ports || s.detail;
		lines.push(`${s.service.padEnd(w)}  ${s.group.padEnd(11)}  ${s.state.padEnd(9)}  ${detail}`);
	}
	for (const s of r.services.filter((x) => x.state === 'failed')) {
		lines.push('', `${s.service} failed: ${s.detail}`);
		if (!s.findings?.length) lines.push('  (the doctor found nothing more)');
		for (const f of s.findings ?? []) {
			lines.push(`  [${f.code}] ${f.severity}: ${f.message}`);
			if (f.fix) lines.push(`      fix: ${f.fix}`);
		}
	}
	return lines;
}

export async function run(argv: string[], io: Output = stdio): Promise<number> {
	const cli = parseFlags(argv, HELP, {...COMMON_FLAGS, images: {type: 'string', shortFlag: 'i'}, timeout: {type: 'number', default: 180}, dryRun: {type: 'boolean', default: false}, force: {type: 'boolean', default: false}}, io);
	if (typeof cli === 'number') return cli;
	if (cli.input.length) {
		io.err(`berth: deploy takes no arguments (got ${cli.input.join(' ')}); use berth up SERVICE… for some services`);
		return EXIT.usage;
	}
	const flags = commonFlags(cli.flags);
	const timeout = cli.flags.timeout as number;
	if (!(timeout > 0)) {
		io.err('berth: --timeout must be a positive number of seconds');
		return EXIT.usage;
	}
	// the file's errors are listed by the checks with everything else they find
	const project = loadOrReport(flags, io, {keepErrors: true});
	if (typeof project === 'number') return project;
	const dryRun = Boolean(cli.flags.dryRun);
	const o = {dryRun, force: Boolean(cli.flags.force), imagesDir: cli.flags.images as string | undefined, timeout};
	const loaded = project;
	// the roles gate checks the whole project (commands/targets.ts); a dry run changes nothing
	return gated(
		io,
		{
			action: dryRun ? null : 'deploy',
			named: {project: loaded.model.name},
			resolve: async (io) => {
				const engine = await connectOrReport(flags.host, io);
				if (typeof engine === 'number') {
					if (!hasErrors(loaded.diagnostics)) return engine;
					// the file's own errors stand without an engine: nothing could be deployed anyway
					for (const d of loaded.diagnostics) if (d.severity === 'error') io.err(formatDiagnostic(d));
					io.err(`berth: ${loaded.file} has errors; nothing was changed`);
					return EXIT.usage;
				}
				try {
					return {target: (await resolveComposeTargets(engine, loaded, 'all')).target, value: engine};
				} catch (err) {
					return reportError(err, io);
				}
			},
		},
		(engine, io) => execute(engine, loaded, flags, o, io),
	);
}

async function execute(engine: Engine, project: ComposeProject, flags: CommonFlags, o: {dryRun: boolean; force: boolean; imagesDir: string | undefined; timeout: number}, io: Output): Promise<number> {
	const timeout = o.timeout;
	// progress goes to stdout, or to stderr when stdout carries the JSON
	const say = flags.json ? io.err : io.out;
	say(`berth deploy: project ${project.model.name} (${project.file})`);
	const ac = new AbortController();
	const onSigint = () => {
		say('berth deploy: interrupted; stopping the wait (containers already started keep running)');
		ac.abort();
	};
	process.once('SIGINT', onSigint);
	let result: DeployResult;
	try {
		result = await deploy(engine, project, {
			imagesDir: o.imagesDir,
			timeoutMs: timeout * 1000,
			host: flags.host,
			signal: ac.signal,
			dryRun: o.dryRun,
			force: o.force,
			onStep: (e) => {
				say(`[${e.index}/${e.count}] ${e.title} ${MARK[e.status]} ${e.detail}`);
				if (e.fix && e.status !== 'running') say(`      fix: ${e.fix}`);
			},
			onLine: (l) => say(`      │ ${l}`),
			onService: (s) => say(`      ${s.service}: ${s.detail}`),
		});
	} catch (err) {
		return reportError(err, io);
	} finally {
		process.removeListener('SIGINT', onSigint);
	}
	if (flags.json) {
		printJson(io, {...result, file: project.file, warnings: project.diagnostics.filter((d) => d.severity !== 'error').map(diagnosticJson)});
	} else {
		if (result.problems.length) {
			io.out('');
			io.out(result.stopped || !result.ok ? `berth deploy: ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'} found before any change:` : `berth deploy: went on (--force) despite ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}:`);
			for (const p of result.problems) io.out(`  ✗ ${p.message}\n      fix: ${p.fix}`);
		}
		io.out('');
		if (result.services.length && !result.stopped) io.out(renderReport(result).join('\n'));
		io.out(
			o.dryRun
				? `\nberth deploy: dry run, nothing was changed${result.stopped ? '; the problems above would stop the deploy' : ''}`
				: result.stopped
					? `\nberth deploy: stopped; nothing was changed${result.fileProblem ? '' : ' (--force goes on despite port, bind-mount and image problems)'}`
					: result.ok
						? `\nberth deploy: ${result.services.length} service(s) up`
						: '\nberth deploy: failed',
		);
	}
	if (result.ok) return EXIT.ok;
	return result.fileProblem ? EXIT.usage : EXIT.failure;
}
