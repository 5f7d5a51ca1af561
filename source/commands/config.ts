/** `berth config`: the resolved model (interpolated, normalised), as `docker compose config` prints it. */
import {activeServices, renderConfig} from '../core/compose/index.js';
import {dropToInvoker} from '../core/roles/invoker.js';
import {EXIT, parseFlags, printJson, stdio, type Output} from './common.js';
import {COMMON_FLAGS, COMMON_HELP, commonFlags, loadOrReport} from './compose-actions-shared.js';

const HELP = `
  Usage
    $ berth config [-f FILE] [-p NAME] [--json] [--services]

  The compose file after interpolation, with Compose v2 semantics: project name, services (image,
  build, environment with env_file merged, command, ports normalised to {host_ip, host_port,
  container_port, protocol}, depends_on with conditions, volumes in long form with absolute bind
  sources, labels), networks, volumes, secrets, configs. YAML by default. Services of a profile
  appear only when the profile is active (--profile, COMPOSE_PROFILES), as with compose config.

  Options
${COMMON_HELP}
    --services            print only the service names, one a line

  Exit codes: 0 ok · 2 errors in the file (printed as file:line:col message; nothing printed on stdout)
`;

export async function run(argv: string[], io: Output = stdio): Promise<number> {
	dropToInvoker(); // under sudo: read files only as the person who ran sudo could
	const cli = parseFlags(argv, HELP, {...COMMON_FLAGS, services: {type: 'boolean', default: false}}, io);
	if (typeof cli === 'number') return cli;
	const flags = commonFlags(cli.flags);
	const project = loadOrReport(flags, io);
	if (typeof project === 'number') return project;
	const active = new Set(activeServices(project.model, project.profiles));
	const model = {...project.model, services: Object.fromEntries(Object.entries(project.model.services).filter(([n]) => active.has(n)))};
	if (cli.flags.services) {
		const names = Object.keys(model.services);
		if (flags.json) printJson(io, names, 0);
		else io.out(names.join('\n'));
		return EXIT.ok;
	}
	// JSON: renderConfig's own order of keys, written by the one JSON writer
	if (flags.json) printJson(io, JSON.parse(renderConfig(model, 'json')));
	else io.out(renderConfig(model, 'yaml'));
	return EXIT.ok;
}
