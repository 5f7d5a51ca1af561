/** `berth deploy [--images DIR] [--timeout S]`: the whole pipeline, each step reported as it goes. */
import {deploy, type DeployResult, type StepEvent} from '../core/compose/deploy.js';
import {formatPorts} from '../core/present.js';
import {EXIT, connectOrReport, parseFlags, reportError, printJson, stdio, type Output} from './common.js';
import {COMMON_FLAGS, COMMON_HELP, commonFlags, diagnosticJson, loadOrReport} from './compose-actions-shared.js';

const HELP = `
  Usage
    $ berth deploy [--images DIR] [--timeout S] [--dry-run] [-f FILE] [-p NAME] [--json]

  Bring a compose stack up and healthy, step by step:
    1 environment check   engine reachable, compose CLI (docker compose v2, else docker-compose v1),
                          free disk space, host ports of the stack already taken (and by what)
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
    --dry-run             change nothing: check the environment and say what each step would do

  Progress goes to stdout; with --json to stderr, and stdout holds only the JSON report:
  {ok, project, steps: [{id, status, detail}], services: [{service, group, state, detail,
  containers, ports, findings?}], file, warnings}.

  Exit codes: 0 every service up · 1 a step or a service failed · 2 compose-file error (nothing
  done) · 3 engine unreachable
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
	const cli = parseFlags(argv, HELP, {...COMMON_FLAGS, images: {type: 'string', shortFlag: 'i'}, timeout: {type: 'number', default: 180}, dryRun: {type: 'boolean', default: false}}, io);
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
	const project = loadOrReport(flags, io);
	if (typeof project === 'number') return project;
	const engine = await connectOrReport(flags.host, io);
	if (typeof engine === 'number') return engine;
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
			imagesDir: cli.flags.images as string | undefined,
			timeoutMs: timeout * 1000,
			host: flags.host,
			signal: ac.signal,
			dryRun: Boolean(cli.flags.dryRun),
			onStep: (e) => say(`[${e.index}/${e.count}] ${e.title} ${MARK[e.status]} ${e.detail}`),
			onLine: (l) => say(`      │ ${l}`),
			onService: (s) => say(`      ${s.service}: ${s.detail}`),
		});
	} catch (err) {
		return reportError(err, io);
	} finally {
		process.removeListener('SIGINT', onSigint);
	}
	if (flags.json) {
		printJson(io, {...result, file: project.file, warnings: project.diagnostics.map(diagnosticJson)});
	} else {
		io.out('');
		if (result.services.length) io.out(renderReport(result).join('\n'));
		io.out(cli.flags.dryRun ? '\nberth deploy: dry run, nothing was changed' : result.ok ? `\nberth deploy: ${result.services.length} service(s) up` : '\nberth deploy: failed');
	}
	return result.ok ? EXIT.ok : EXIT.failure;
}
