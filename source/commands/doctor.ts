/** `berth doctor [SERVICE...]`: why containers fail, each finding with a concrete fix. */
import {asInvoker} from '../core/roles/invoker.js';
import {existsSync} from 'node:fs';
import {ComposeFileError, findComposeFile, loadProject} from '../core/compose/index.js';
import {diagnose} from '../core/doctor/diagnose.js';
import type {Finding} from '../core/doctor/types.js';
import {listContainers} from '../engine/containers.js';
import {EXIT, connectOrReport, parseFlags, reportError, printJson, stdio, type Output} from './common.js';

const HELP = `
  Usage
    $ berth doctor [SERVICE...] [-p PROJECT] [-f FILE] [--json] [--host H]

  Looks at containers (inspect, recent logs, their image, host facts) and reports what is wrong
  with each, and how to fix it. Codes: oom-killed, exec-format, permission-denied, port-in-use,
  image-missing, unhealthy, restart-loop, mount-missing, exited-nonzero, gpu-runtime-missing,
  arch-mismatch, start-failed.

  Which containers: those of PROJECT (-p), else of the compose file (-f, or one in the current
  directory), else every container on the engine; SERVICE names narrow to those services.

  Options
    --project-name, -p P   compose project
    --file, -f F           compose file (its project name is used)
    --json                 {findings: [{container, service, code, severity, message, fix}],
                           errors, warnings}
    --host, -H             engine address

  Exit codes: 0 no error findings · 1 error findings · 2 usage, or a PROJECT/SERVICE with no
  containers (the message names those there are) · 3 engine unreachable
`;

const MARK = {error: '✖', warning: '!', info: 'i'} as const;

export function renderFindings(findings: Finding[], scope: string): string[] {
	if (!findings.length) return [`no problems found (${scope})`];
	const lines: string[] = [];
	for (const f of findings) {
		lines.push(`${MARK[f.severity]} ${f.container}${f.service ? ` [${f.service}]` : ''}  ${f.code} (${f.severity})`, `    ${f.message}`, `    fix: ${f.fix}`);
	}
	const e = findings.filter((f) => f.severity === 'error').length;
	const w = findings.filter((f) => f.severity === 'warning').length;
	lines.push(`${e} error(s), ${w} warning(s) (${scope})`);
	return lines;
}

/** -p wins; else the compose file's project (-f, or one in cwd); else none (every container). */
function projectOf(flags: {projectName?: string; file?: string}, io: Output): string | undefined | number {
	if (flags.projectName) return flags.projectName;
	if (!flags.file && !findComposeFile(process.cwd())) return undefined;
	if (flags.file && !existsSync(flags.file)) {
		io.err(`berth: compose file ${flags.file} not found`);
		return EXIT.usage;
	}
	try {
		return asInvoker(() => loadProject({file: flags.file})).model.name || undefined;
	} catch (err) {
		if (err instanceof ComposeFileError) {
			io.err(`berth: ${err.message}`);
			return EXIT.usage;
		}
		throw err;
	}
}

const list = (xs: Iterable<string>) => [...new Set(xs)].sort().join(', ') || 'none';

/**
 * A scope that matches no container is a mistake, not "no problems": the project (-p, -f, or the
 * compose file here) and each SERVICE must have containers. Null when the scope is fine.
 */
export function scopeProblem(containers: Array<{project: string | null; service: string | null}>, project: string | undefined, services: string[]): string | null {
	const pool = project ? containers.filter((c) => c.project === project) : containers;
	if (project && !pool.length) return `no containers of project ${project} (projects with containers: ${list(containers.flatMap((c) => (c.project ? [c.project] : [])))})`;
	const have = new Set(pool.flatMap((c) => (c.service ? [c.service] : [])));
	const missing = services.filter((s) => !have.has(s));
	if (!missing.length) return null;
	return `no containers of service${missing.length > 1 ? 's' : ''} ${missing.join(', ')}${project ? ` in project ${project}` : ''} (services with containers${project ? '' : ', any project'}: ${list(have)})`;
}

export async function run(argv: string[], io: Output = stdio): Promise<number> {
	const cli = parseFlags(argv, HELP, {
		projectName: {type: 'string', shortFlag: 'p'},
		file: {type: 'string', shortFlag: 'f'},
		json: {type: 'boolean', default: false},
		host: {type: 'string', shortFlag: 'H'},
	}, io);
	if (typeof cli === 'number') return cli;
	const project = projectOf({projectName: cli.flags.projectName as string | undefined, file: cli.flags.file as string | undefined}, io);
	if (typeof project === 'number') return project;
	const services = cli.input;
	const engine = await connectOrReport(cli.flags.host as string | undefined, io);
	if (typeof engine === 'number') return engine;
	let findings: Finding[];
	try {
		const bad = scopeProblem(await listContainers(engine), project, services);
		if (bad) {
			io.err(`berth: ${bad}`);
			return EXIT.usage;
		}
		findings = await diagnose(engine, {...(project ? {project} : {}), ...(services.length ? {services} : {})});
	} catch (err) {
		return reportError(err, io);
	}
	const errors = findings.filter((f) => f.severity === 'error').length;
	const scope = [project ? `project ${project}` : 'all containers', services.length ? `services ${services.join(', ')}` : ''].filter(Boolean).join(', ');
	if (cli.flags.json) printJson(io, {findings, errors, warnings: findings.filter((f) => f.severity === 'warning').length});
	else io.out(renderFindings(findings, scope).join('\n'));
	return errors ? EXIT.failure : EXIT.ok;
}
