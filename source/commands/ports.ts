/** `berth ports` (every published port) and `berth ports check PORT` (free, or who holds it). */
import {table} from '../core/images/format.js';
import {checkPort, findConflicts, publishedPorts, wantedPorts, type PortCheck, type PortUse} from '../core/ports.js';
import {EXIT, connectOrReport, parseFlags, reportError, printJson, stdio, type Output} from './common.js';

const HELP = `
  Usage
    $ berth ports [--json] [--host H]
    $ berth ports check PORT [--bind ADDR] [--udp] [--json] [--host H]

  \`ports\`: every host port published by a container (container, bind address, protocol), and
  conflicts: host ports that two containers want (a stopped one would fail to start).
  \`ports check\`: is PORT free at ADDR (default 0.0.0.0), and if not, what holds it: a container
  (from the engine) or, on a local engine, a host process (from /proc/net and /proc/<pid>/fd;
  a bind attempt decides when the owner is not visible).

  Options
    --bind ADDR  address to check (default 0.0.0.0: any)
    --udp        check the UDP port (default TCP)
    --json       ports: {ports: [{container, project, service, state, host_ip, host_port,
                 container_port, protocol}], conflicts: [{protocol, host_port, users}]}
                 check: {port, protocol, bind, free, holders: [{kind, name, pid?, host_ip}], method}
    --host, -H   engine address

  Exit codes: ports 0 · check: 0 free, 1 taken · 2 usage · 3 engine unreachable
`;

export function renderPorts(ports: PortUse[], wanted: PortUse[]): string[] {
	const rows = [['HOST', 'PROTO', 'CONTAINER PORT', 'CONTAINER', 'SERVICE']];
	for (const p of ports) rows.push([`${p.host_ip || '*'}:${p.host_port}`, p.protocol, String(p.container_port), p.container, p.project ? `${p.project}/${p.service ?? '-'}` : '-']);
	const lines = ports.length ? table(rows) : ['no published ports'];
	for (const c of findConflicts([...ports, ...wanted])) {
		lines.push(`conflict: ${c.protocol}/${c.host_port} wanted by ${c.users.map((u) => `${u.container} (${u.host_ip || '*'})`).join(', ')}`);
	}
	return lines;
}

export function renderCheck(c: PortCheck): string[] {
	const where = `${c.bind}:${c.port}/${c.protocol}`;
	if (c.free) return [`${where} is free`];
	return [`${where} is taken`, ...c.holders.map((h) => `  by ${h.kind === 'container' ? `container ${h.name}` : h.kind === 'process' ? `process ${h.name} (pid ${h.pid})` : h.name} on ${h.host_ip || '*'}`)];
}

export async function run(argv: string[], io: Output = stdio): Promise<number> {
	const cli = parseFlags(argv, HELP, {
		json: {type: 'boolean', default: false},
		bind: {type: 'string'},
		udp: {type: 'boolean', default: false},
		host: {type: 'string', shortFlag: 'H'},
	}, io);
	if (typeof cli === 'number') return cli;
	const [sub, portArg, ...rest] = cli.input;
	const json = cli.flags.json as boolean;
	if (sub !== undefined && sub !== 'check') {
		io.err(`berth: unknown ports subcommand "${sub}" (ports, or ports check PORT)`);
		return EXIT.usage;
	}
	const port = Number(portArg);
	if (sub === 'check' && (rest.length || !Number.isInteger(port) || port < 1 || port > 65535)) {
		io.err('berth: ports check needs one PORT between 1 and 65535');
		return EXIT.usage;
	}
	if (!sub && (cli.flags.bind || cli.flags.udp)) {
		io.err('berth: --bind and --udp go with `ports check PORT`');
		return EXIT.usage;
	}
	const engine = await connectOrReport(cli.flags.host as string | undefined, io);
	if (typeof engine === 'number') return engine;
	try {
		if (sub === 'check') {
			const c = await checkPort(engine, port, {bind: cli.flags.bind as string | undefined, udp: cli.flags.udp as boolean});
			if (json) printJson(io, c);
			else io.out(renderCheck(c).join('\n'));
			return c.free ? EXIT.ok : EXIT.failure;
		}
		const [ports, wanted] = await Promise.all([publishedPorts(engine), wantedPorts(engine)]);
		if (json) printJson(io, {ports: ports.map(({container_id: _id, ...p}) => p), conflicts: findConflicts([...ports, ...wanted])});
		else io.out(renderPorts(ports, wanted).join('\n'));
		return EXIT.ok;
	} catch (err) {
		return reportError(err, io);
	}
}
