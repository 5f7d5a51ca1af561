/** `berth validate`: every problem of the compose file as `file:line:col message`. */
import {ComposeFileError, formatDiagnostic, hasErrors, loadProject} from '../core/compose/index.js';
import {dropToInvoker} from '../core/roles/invoker.js';
import {EXIT, parseFlags, printJson, stdio, type Output} from './common.js';
import {COMMON_FLAGS, COMMON_HELP, commonFlags, diagnosticJson} from './compose-actions-shared.js';

const HELP = `
  Usage
    $ berth validate [-f FILE] [-p NAME] [--json]

  Parse the compose file (Compose v2 semantics), interpolate \${VAR} from .env and the environment,
  and report every problem as file:line:col message: YAML syntax, every key and value type the
  Compose specification's JSON schema checks (after interpolation, as compose does: a \${VAR}
  standing for a boolean or a number must become one), unknown keys (with a "did you mean"),
  unknown service in depends_on, dependency cycles, bad port syntax (an empty host port, as from an
  unset "\${HOST_PORT}:80", too), services with neither image nor build, duplicate host ports,
  undefined networks/volumes/secrets, missing env files, bad extends/include; warnings for unset
  variables without a default and the obsolete version: key. Files over 1 MB or 60,000 YAML
  values are refused (exit 2), as berth checks them within a 128 MB heap.

  Options
${COMMON_HELP}

  Exit codes: 0 valid (warnings allowed) · 2 errors in the file, or no file
`;

export async function run(argv: string[], io: Output = stdio): Promise<number> {
	dropToInvoker(); // under sudo: read files only as the person who ran sudo could
	const cli = parseFlags(argv, HELP, COMMON_FLAGS, io);
	if (typeof cli === 'number') return cli;
	if (cli.input.length) {
		io.err(`berth: validate takes no arguments (got ${cli.input.join(' ')})`);
		return EXIT.usage;
	}
	const flags = commonFlags(cli.flags);
	let project;
	try {
		project = loadProject({file: flags.file, projectName: flags.projectName, profiles: flags.profiles});
	} catch (err) {
		if (!(err instanceof ComposeFileError)) throw err;
		if (flags.json) printJson(io, {valid: false, error: err.message});
		else io.err(`berth: ${err.message}`);
		return EXIT.usage;
	}
	const d = project.diagnostics;
	const errors = d.filter((x) => x.severity === 'error').length;
	const warnings = d.length - errors;
	const valid = !hasErrors(d);
	if (flags.json) {
		printJson(io, {valid, file: project.file, project: project.model.name, services: Object.keys(project.model.services), errors, warnings, diagnostics: d.map(diagnosticJson)});
	} else {
		for (const x of d) io.out(formatDiagnostic(x));
		const n = Object.keys(project.model.services).length;
		const counts = `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`;
		io.out(valid ? `${project.file}: valid — project ${project.model.name}, ${n} service${n === 1 ? '' : 's'}${warnings ? ` (${counts})` : ''}` : `${project.file}: invalid — ${counts}`);
	}
	return valid ? EXIT.ok : EXIT.usage;
}
