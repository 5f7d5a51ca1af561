/** `berth restart-container NAME`: restart one container (by name or id) and say how it came back. */
import {containerAction, inspectContainer} from '../engine/containers.js';
import {EXIT, connectOrReport, parseFlags, reportError, printJson, stdio, type Output} from './common.js';

const HELP = `
  Usage
    $ berth restart-container NAME [--timeout S] [--json] [--host H]

  Restart one container (stopped ones are started), then print its state.

  Options
    --timeout, -t S   seconds to wait for it to stop before killing it (engine default 10)
    --json            {name, id, state, health, restart_count, started_at}
    --host, -H        engine address

  Exit codes: 0 running afterwards · 1 failed or not running · 2 usage · 3 engine unreachable
`;

export async function run(argv: string[], io: Output = stdio): Promise<number> {
	const cli = parseFlags(argv, HELP, {timeout: {type: 'number', shortFlag: 't'}, json: {type: 'boolean', default: false}, host: {type: 'string', shortFlag: 'H'}}, io);
	if (typeof cli === 'number') return cli;
	if (cli.input.length !== 1) {
		io.err('berth: restart-container needs exactly one NAME');
		return EXIT.usage;
	}
	const name = cli.input[0]!;
	const engine = await connectOrReport(cli.flags.host as string | undefined, io);
	if (typeof engine === 'number') return engine;
	try {
		const before = await inspectContainer(engine, name);
		if (!before) {
			io.err(`berth: no such container: ${name}`);
			return EXIT.failure;
		}
		const timeout = cli.flags.timeout as number | undefined;
		await containerAction(engine, before.id, 'restart', timeout === undefined ? {} : {timeout});
		const after = await inspectContainer(engine, before.id);
		if (!after) {
			io.err(`berth: ${name} vanished while restarting`);
			return EXIT.failure;
		}
		const out = {name: after.name, id: after.id, state: after.state, health: after.health, restart_count: after.restart_count, started_at: after.started_at};
		if (cli.flags.json) printJson(io, out);
		else io.out(`restarted ${after.name}: ${after.state}${after.health !== 'none' ? ` (${after.health})` : ''}${after.exit_code ? `, exit ${after.exit_code}` : ''}`);
		return after.state === 'running' ? EXIT.ok : EXIT.failure;
	} catch (err) {
		const code = reportError(err, io);
		io.err(`  → \`berth doctor\` explains why a container does not start`);
		return code;
	}
}
