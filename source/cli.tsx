/** berth: with no command, the dashboard; otherwise a one-shot command (see --help). */
import meow from 'meow';

const cli = meow(
	`
  Usage
    $ berth                 open the dashboard
    $ berth status [--json] every container, grouped by compose project and service

  Options
    --host, -H   engine address (default: DOCKER_HOST, the current docker context, or
                 unix:///var/run/docker.sock)
    --json       machine-readable output (commands)
    --version    print the version
    --help       this help

  Exit codes
    0 ok · 1 failure or findings · 2 usage or config error · 3 engine unreachable
`,
	{
		importMeta: import.meta,
		flags: {
			host: {type: 'string', shortFlag: 'H'},
			json: {type: 'boolean', default: false},
		},
	},
);

async function main(): Promise<number> {
	const [command, ...rest] = cli.input;
	switch (command) {
		case undefined: {
			if (!process.stdout.isTTY || !process.stdin.isTTY) {
				process.stderr.write('berth: the dashboard needs a terminal. For scripts use `berth status --json`.\n');
				return 2;
			}
			const {runDashboard} = await import('./ui/run.js');
			return runDashboard({host: cli.flags.host});
		}
		case 'status': {
			const {status} = await import('./commands/status.js');
			return status({json: cli.flags.json, host: cli.flags.host});
		}
		default:
			process.stderr.write(`berth: unknown command "${command}"${rest.length ? '' : ''}. Run \`berth --help\` for the list.\n`);
			return 2;
	}
}

main().then(
	(code) => {
		process.exitCode = code;
	},
	(err: unknown) => {
		process.stderr.write(`berth: ${(err as Error)?.stack ?? String(err)}\n`);
		process.exitCode = 1;
	},
);
