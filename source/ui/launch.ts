/** `berth [flags]` with no command: parse the dashboard's flags, then open it. */
import {parseFlags, stdio} from '../commands/common.js';

export async function runDashboardCommand(argv: string[]): Promise<number> {
	const cli = parseFlags(argv, `
  Usage
    $ berth [--host H] [--read-only]

  Opens the dashboard. Keys: ? inside the dashboard, or the README's cheatsheet.

  Options
    --host, -H   engine address (default: DOCKER_HOST, docker context, /var/run/docker.sock)
    --read-only  hide and refuse every action that changes something
`, {host: {type: 'string', shortFlag: 'H'}, readOnly: {type: 'boolean', default: false}});
	if (typeof cli === 'number') return cli;
	if (!process.stdout.isTTY || !process.stdin.isTTY) {
		stdio.err('berth: the dashboard needs a terminal. For scripts use `berth status --json`.');
		return 2;
	}
	// Ink draws only the final frame when CI / CONTINUOUS_INTEGRATION is set (it reads them when it
	// loads). The dashboard runs only on a terminal, so a person is looking: draw it live.
	delete process.env['CI'];
	delete process.env['CONTINUOUS_INTEGRATION'];
	const host = cli.flags.host as string | undefined;
	// the engine's version and container list are asked for now: they arrive while Node compiles
	// the dashboard (Ink, React, yoga: the larger part of the start), not after it
	const {prefetchEngine} = await import('../state/effects/containers.js');
	const head = prefetchEngine(host);
	const {runDashboard} = await import('./run.js');
	return runDashboard({host, head, ...(cli.flags.readOnly ? {readOnly: true} : {})});
}
