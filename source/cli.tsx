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
    --version    print the version
    --help       this help

  Exit codes
    0 ok · 1 failure or findings · 2 usage or config error · 3 engine unreachable
`;

declare const BERTH_VERSION: string | undefined;

async function main(argv: string[]): Promise<number> {
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
		return runDashboardCommand(argv);
	}
	const entry = commands[first];
	if (!entry) {
		process.stderr.write(`berth: unknown command "${first}". Run \`berth --help\` for the list.\n`);
		return 2;
	}
	const mod = await entry.load();
	return mod.run(argv.slice(1));
}

main(process.argv.slice(2)).then(
	(code) => {
		process.exitCode = code;
	},
	(err: unknown) => {
		process.stderr.write(`berth: ${(err as Error)?.stack ?? String(err)}\n`);
		process.exitCode = 1;
	},
);
