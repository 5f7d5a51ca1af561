/** What every compose command shares: the common flags, loading the file, the compose CLI target. */
import {groupLabels} from '../core/roles/containerGroup.js';
import {asInvoker} from '../core/roles/invoker.js';
import {ComposeFileError, cliFileFor, formatDiagnostic, hasErrors, loadProject, type CliFile, type ComposeProject, type Diagnostic} from '../core/compose/index.js';
import {ComposeCliError, detectComposeCli, type ComposeCli, type ComposeTarget} from '../engine/compose-cli.js';
import {engineEnv} from '../engine/child-env.js';
import {describeTarget, resolveTarget} from '../engine/host.js';
import {EXIT, printJson, type Output} from './common.js';

export const COMMON_FLAGS = {
	file: {type: 'string', shortFlag: 'f'},
	projectName: {type: 'string', shortFlag: 'p'},
	json: {type: 'boolean', default: false},
	host: {type: 'string', shortFlag: 'H'},
	profile: {type: 'string', isMultiple: true},
} as const;

export const COMMON_HELP = `    --file, -f F          compose file (default: compose.yaml, compose.yml, docker-compose.yaml,
                          docker-compose.yml in the current directory)
    --project-name, -p P  project name (default: COMPOSE_PROJECT_NAME, the file's name:, its directory)
    --profile P           activate a Compose profile (repeatable; default: COMPOSE_PROFILES)
    --json                machine-readable output
    --host, -H H          engine address (default: DOCKER_HOST, docker context, /var/run/docker.sock)`;

export interface CommonFlags {
	file?: string;
	projectName?: string;
	json: boolean;
	host?: string;
	profiles: string[];
}

export function commonFlags(f: Record<string, unknown>): CommonFlags {
	return {file: f['file'] as string | undefined, projectName: f['projectName'] as string | undefined, json: Boolean(f['json']), host: f['host'] as string | undefined, profiles: (f['profile'] as string[] | undefined) ?? []};
}

export const diagnosticJson = (d: Diagnostic) => ({file: d.file, line: d.line, col: d.col, severity: d.severity, code: d.code, message: d.message});

/**
 * Load and validate; on any error print every problem and return EXIT.usage (nothing is applied).
 * `keepErrors`: the file's errors are left in project.diagnostics for the caller to list with its
 * own checks (deploy); only warnings are printed here.
 */
export function loadOrReport(flags: CommonFlags, io: Output, opts: {printWarnings?: boolean; keepErrors?: boolean} = {}): ComposeProject | number {
	let project: ComposeProject;
	try {
		// under sudo: the file (and what it pulls in) is read only as the person who ran sudo could
		project = asInvoker(() => loadProject({file: flags.file, projectName: flags.projectName, profiles: flags.profiles}));
	} catch (err) {
		if (!(err instanceof ComposeFileError)) throw err;
		if (flags.json) printJson(io, {ok: false, error: err.message});
		else io.err(`berth: ${err.message}`);
		return EXIT.usage;
	}
	if (opts.keepErrors) {
		if (!flags.json) for (const d of project.diagnostics) if (d.severity !== 'error') io.err(formatDiagnostic(d));
		return project;
	}
	if (hasErrors(project.diagnostics)) {
		if (flags.json) printJson(io, {ok: false, file: project.file, diagnostics: project.diagnostics.map(diagnosticJson)});
		else {
			for (const d of project.diagnostics) io.err(formatDiagnostic(d));
			io.err(`berth: ${project.file} has errors; nothing was changed`);
		}
		return EXIT.usage;
	}
	if (opts.printWarnings !== false && !flags.json) for (const d of project.diagnostics) io.err(formatDiagnostic(d));
	return project;
}

/** Services named on the command line must exist: else a usage error. */
export function checkServices(project: ComposeProject, names: string[], io: Output): number | null {
	const unknown = names.filter((n) => !(n in project.model.services));
	if (unknown.length === 0) return null;
	io.err(`berth: no such service${unknown.length > 1 ? 's' : ''} in ${project.file}: ${unknown.join(', ')} (services: ${Object.keys(project.model.services).join(', ')})`);
	return EXIT.usage;
}

export interface CliContext {
	cli: ComposeCli;
	target: ComposeTarget;
	file: CliFile;
	/** compose's text with berth's cached v1 copy of the file named as the user's file */
	shown: (text: string) => string;
}

/** The compose CLI and the target for this project: the engine berth talks to (--host, DOCKER_HOST, context; TLS). */
export async function composeContext(project: ComposeProject, host: string | undefined): Promise<CliContext> {
	const env = engineEnv(resolveTarget(host));
	const cli = await detectComposeCli({...process.env, ...env});
	const file = cliFileFor(project, cli.flavor);
	const copy = file.files[0] && file.files[0] !== project.file ? file.files[0] : null;
	const shown = (t: string) => (copy ? t.split(copy).join(project.file) : t);
	return {cli, file, shown, target: {files: file.files, project: project.model.name, projectDir: file.projectDir, env, labels: groupLabels(project.model)}};
}

export function reportComposeError(err: unknown, io: Output, shown: (t: string) => string = (t) => t): number | null {
	if (!(err instanceof ComposeCliError)) return null;
	io.err(`berth: ${shown(err.message)}`);
	if (err.hint) io.err(`  → ${err.hint}`);
	return EXIT.failure;
}

export const engineWhere = (host?: string) => describeTarget(resolveTarget(host));
