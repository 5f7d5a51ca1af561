/** berth: with no command, the dashboard; otherwise a one-shot command from commands/registry.ts. */
import {commands} from './commands/registry.js';

const HELP = () => `
  berth — a keyboard-driven dashboard for Docker containers and compose services

  Usage
    $ berth [--host H] [--read-only]   open the dashboard
    $ berth <command> [options]        run one command and exit (--help on each)

  Commands
${Object.entries(commands)
	.map(([name, c]) => `    ${name.padEnd(20)} ${c.summary}`)
	.join('\n')}

  Options
    --host, -H   engine address (default: DOCKER_HOST, the current docker context, or
                 unix:///var/run/docker.sock)
    --read-only  viewer rights only: nothing can be changed (also BERTH_READ_ONLY=1)
    --version    print the version
    --help       this help

  Exit codes
    0 ok · 1 failure or findings · 2 usage or config error · 3 engine unreachable
    4 refused by the roles policy (see docs: roles)
`;

declare const BERTH_VERSION: string | undefined;

/** The output rule of the commands (core/sanitize terminalText) for what this file prints itself. */
const inert = async (s: string) => (await import('./core/sanitize.js')).terminalText(s);

async function main(rawArgv: string[]): Promise<number> {
	// --read-only is global (anywhere before `--`): the roles layer then grants viewer only
	const dashdash = rawArgv.indexOf('--');
	const head = dashdash >= 0 ? rawArgv.slice(0, dashdash) : rawArgv;
	const argv = head.includes('--read-only') ? [...head.filter((a) => a !== '--read-only'), ...(dashdash >= 0 ? rawArgv.slice(dashdash) : [])] : rawArgv;
	if (argv !== rawArgv) (await import('./core/roles/context.js')).setReadOnly(true);
	// conf is imported only when a config file exists (≈30 ms of start-up otherwise)
	await (await import('./core/confFile.js')).preloadConf();
	const first = argv[0];
	if (first === '--help' || first === '-h' || first === 'help') {
		process.stdout.write(HELP().replace(/^\n/, '') + '\n');
		return 0;
	}
	if (first === '--version' || first === '-v') {
		process.stdout.write(`${typeof BERTH_VERSION === 'string' ? BERTH_VERSION : 'dev'}\n`);
		return 0;
	}
	if (first === undefined || first.startsWith('-')) {
		const {runDashboardCommand} = await import('./ui/command.js');
		// the dashboard parses --read-only itself too (it hides dangerous keys): give it the flag
		return runDashboardCommand(rawArgv);
	}
	const entry = commands[first];
	if (!entry) {
		process.stderr.write(await inert(`berth: unknown command "${first}". Run \`berth --help\` for the list.\n`));
		return 2;
	}
	const mod = await entry.load();
	// mutating commands pass the roles gate (core/roles/cliGuard.ts): refused → exit 4, audited
	const {runCommandGuarded} = await import('./core/roles/cliGuard.js');
	return runCommandGuarded(first, argv.slice(1), () => mod.run(argv.slice(1)));
}

// `berth status | head`: a closed pipe ends the command quietly, not with a stack trace
for (const stream of [process.stdout, process.stderr]) {
	stream.on('error', (err: NodeJS.ErrnoException) => {
		if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
		throw err;
	});
}

main(process.argv.slice(2)).then(
	(code) => {
		process.exitCode = code;
	},
	async (err: unknown) => {
		process.exitCode = 1;
		process.stderr.write(await inert(`berth: ${(err as Error)?.stack ?? String(err)}\n`));
	},
);
