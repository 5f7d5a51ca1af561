/** berth: with no command, the dashboard; otherwise a one-shot command from commands/registry.ts. */
import {commands} from './commands/registry.js';

const HELP = () => `
  berth — a keyboard-driven dashboard for Docker containers and compose services

  Usage
    $ berth [--host H] [--read-only]             open the dashboard
    $ berth [--host H] [--read-only] <command> [options]
                                                 run one command and exit (--help on each);
                                                 the global flags may also follow the command

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

/** The flags that may come before the command (docker style: `berth -H tcp://h:2375 status`). */
const GLOBAL_FLAGS = {
	host: {type: 'string', shortFlag: 'H'},
	readOnly: {type: 'boolean', default: false},
	help: {type: 'boolean', shortFlag: 'h', default: false},
	version: {type: 'boolean', shortFlag: 'v', default: false},
} as const;

/** How many leading words are global flags (`-H`/`--host` take the next word as their value). */
function globalWords(argv: string[]): number {
	let i = 0;
	while (i < argv.length) {
		const a = argv[i]!;
		if (a === '--' || a === '-' || !a.startsWith('-')) break;
		i += a === '-H' || a === '--host' ? 2 : 1;
	}
	return i;
}

async function main(rawArgv: string[]): Promise<number> {
	const n = globalWords(rawArgv);
	const command = rawArgv[n];
	if (command === undefined || command === '--') {
		if (rawArgv.includes('--read-only')) (await import('./core/roles/read-only.js')).setReadOnly(true);
		if (rawArgv.slice(0, n).some((a) => a === '--help' || a === '-h')) return help();
		if (rawArgv.slice(0, n).some((a) => a === '--version' || a === '-v')) return version();
		// the old second config file merged once; conf imported only when the file exists (≈30 ms otherwise)
		// (the dashboard shows what the merge said in its status line)
		await (await import('./core/settings/index.js')).prepareSettings();
		await (await import('./core/roles/context.js')).prepareRoles();
		const {runDashboardCommand} = await import('./ui/launch.js');
		// the dashboard parses --host/--read-only itself (it hides dangerous keys)
		return runDashboardCommand(rawArgv);
	}
	// meow prints "Unknown flag" and exits by itself; name the global ones instead
	const head = rawArgv.slice(0, n);
	const unknown = head.find((a, i) => !/^(-H|--host)(=.*)?$|^(--read-only|--help|-h|--version|-v)$/.test(a) && !(i > 0 && (head[i - 1] === '-H' || head[i - 1] === '--host')));
	if (unknown !== undefined) {
		process.stderr.write(await inert(`berth: unknown flag ${unknown} before the command "${command}" (global flags: --host/-H, --read-only; the command's own flags go after it)\n`));
		return 2;
	}
	const meow = (await import('meow')).default;
	const {MEOW_PKG} = await import('./commands/common.js');
	let g;
	try {
		g = meow('', {importMeta: import.meta, pkg: MEOW_PKG, argv: head, flags: GLOBAL_FLAGS, allowUnknownFlags: false, autoHelp: false, autoVersion: false}).flags;
	} catch (err) {
		process.stderr.write(await inert(`berth: ${(err as Error).message} before the command "${command}" (global flags: --host/-H, --read-only; the command's own flags go after it)\n`));
		return 2;
	}
	if (g.help || command === 'help') return help();
	if (g.version) return version();
	const {setGlobalFlags} = await import('./commands/common.js');
	setGlobalFlags(g.host === undefined ? {} : {host: g.host});
	if (g.readOnly) (await import('./core/roles/read-only.js')).setReadOnly(true);
	for (const note of await (await import('./core/settings/index.js')).prepareSettings()) process.stderr.write(await inert(`berth: ${note}\n`));
	// the roles' YAML parser only when a policy file or a roles setting exists (core/roles/context.ts)
	await (await import('./core/roles/context.js')).prepareRoles();
	const entry = commands[command];
	if (!entry) {
		process.stderr.write(await inert(`berth: unknown command "${command}". Run \`berth --help\` for the list.\n`));
		return 2;
	}
	// the command parses its own argv once; one that changes something passes the roles gate
	// (commands/guard.ts) on the targets it resolved: refused → exit 4, audited
	const mod = await entry.load();
	return mod.run(rawArgv.slice(n + 1));
}

function help(): number {
	process.stdout.write(HELP().replace(/^\n/, '') + '\n');
	return 0;
}

function version(): number {
	process.stdout.write(`${typeof BERTH_VERSION === 'string' ? BERTH_VERSION : 'dev'}\n`);
	return 0;
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
