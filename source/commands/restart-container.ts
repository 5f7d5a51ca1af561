/** `berth restart-container NAME`: restart one container (by name or id) and say how it came back. */
import {containerAction, inspectContainer, listContainers} from '../engine/containers.js';
import {EXIT, connectOrReport, parseFlags, printJson, reportError, stdio, type Output} from './common.js';
import {gated} from './guard.js';
import {candidates, resolveContainer} from './targets.js';

const HELP = `
  Usage
    $ berth restart-container NAME [--timeout S] [--json] [--host H]

  Restart one container (stopped ones are started), then print its state.

  Options
    --timeout, -t S   seconds to wait for it to stop before killing it (engine default 10)
    --json            {name, id, state, health, restart_count, started_at}
    --host, -H        engine address

  Exit codes: 0 running afterwards · 1 failed, not running, or no such container (the message
  lists the containers there are) · 2 usage · 3 engine unreachable · 4 refused by the roles policy
`;

export async function run(argv: string[], io: Output = stdio): Promise<number> {
	const cli = parseFlags(argv, HELP, {timeout: {type: 'number', shortFlag: 't'}, json: {type: 'boolean', default: false}, host: {type: 'string', shortFlag: 'H'}}, io);
	if (typeof cli === 'number') return cli;
	if (cli.input.length !== 1) {
		io.err('berth: restart-container needs exactly one NAME');
		return EXIT.usage;
	}
	const name = cli.input[0]!;
	const timeout = cli.flags.timeout as number | undefined;
	const json = cli.flags.json as boolean;
	return gated(
		io,
		{
			action: 'restart',
			named: {container: name},
			// the container, by id, as the engine knows it: its group is decided from it, and the
			// restart goes to that id (not to whatever the name points at a moment later)
			resolve: async (io) => {
				const engine = await connectOrReport(cli.flags.host as string | undefined, io);
				if (typeof engine === 'number') return engine;
				try {
					const r = await resolveContainer(engine, name);
					if (!r) {
						const names = (await listContainers(engine)).map((c) => c.name);
						io.err(`berth: no such container: ${name} (containers: ${candidates(names, name)})`);
						return EXIT.failure;
					}
					return {target: r.target, value: {engine, id: r.container.id}};
				} catch (err) {
					return reportError(err, io);
				}
			},
		},
		async ({engine, id}, io) => {
			try {
				await containerAction(engine, id, 'restart', timeout === undefined ? {} : {timeout});
				const after = await inspectContainer(engine, id);
				if (!after) {
					io.err(`berth: ${name} vanished while restarting`);
					return EXIT.failure;
				}
				const out = {name: after.name, id: after.id, state: after.state, health: after.health, restart_count: after.restart_count, started_at: after.started_at};
				if (json) printJson(io, out);
				else io.out(`restarted ${after.name}: ${after.state}${after.health !== 'none' ? ` (${after.health})` : ''}${after.exit_code ? `, exit ${after.exit_code}` : ''}`);
				return after.state === 'running' ? EXIT.ok : EXIT.failure;
			} catch (err) {
				const code = reportError(err, io);
				io.err(`  → \`berth doctor\` explains why a container does not start`);
				return code;
			}
		},
	);
}
