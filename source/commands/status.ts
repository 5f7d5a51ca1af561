/** `berth status [--json]`: the same model the dashboard shows, without the TUI. */
import {listDetailed} from '../engine/containers.js';
import type {ContainerRecord} from '../model/container.js';
import {EXIT, connectOrReport, parseFlags, reportError, printJson, stdio, type Output} from './common.js';

export interface StatusFlags {
	json?: boolean;
	host?: string;
	width?: number;
}

/** The stable JSON shape of one container. */
export function toJson(c: ContainerRecord) {
	return {
		name: c.name,
		id: c.id,
		project: c.project,
		service: c.service,
		state: c.state,
		health: c.health,
		ports: c.ports.map((p) => ({host_ip: p.host_ip, host_port: p.host_port, container_port: p.container_port, protocol: p.protocol})),
		image: c.image,
		started_at: c.started_at,
		finished_at: c.finished_at,
		exit_code: c.exit_code,
		oom_killed: c.oom_killed,
		restart_count: c.restart_count,
		created_at: c.created_at,
	};
}

/**
 * What prints the answer (the table's columns and widths, the compose tree and its collator, the
 * roles line), compiled while the engine answers instead of before asking it.
 */
const loadView = async () => {
	const [present, tree, sanitize, guard] = await Promise.all([import('../core/present.js'), import('../core/tree.js'), import('../core/sanitize.js'), import('./guard.js')]);
	return {...present, ...tree, ...sanitize, ...guard};
};
type View = Awaited<ReturnType<typeof loadView>>;

export function renderStatusText({columnsFor, fitCell, formatPorts, formatUptime, healthText, stateText, buildTree, flattenTree, sanitize}: View, records: ContainerRecord[], width: number, now: number): string[] {
	const cols = columnsFor(width);
	const lines = [
		[fitCell('NAME', cols.name), fitCell('STATE', cols.state), fitCell('HEALTH', cols.health), fitCell('PORTS', cols.ports), fitCell('IMAGE', cols.image), 'UPTIME'].join(' '),
	];
	for (const row of flattenTree(buildTree(records), {})) {
		if (row.kind === 'container') {
			const c = row.container;
			lines.push(
				[fitCell('  '.repeat(row.depth) + c.name, cols.name), fitCell(stateText(c), cols.state), fitCell(healthText(c), cols.health), fitCell(formatPorts(c.ports) || '-', cols.ports), fitCell(c.image, cols.image), formatUptime(c, now)]
					.join(' ')
					.trimEnd(),
			);
		} else {
			const label = row.kind === 'project' ? row.node.name : row.node.service;
			const k = row.node.counts;
			lines.push(`${'  '.repeat(row.depth)}${sanitize(label)}  ${k.running}/${k.total} running${k.unhealthy ? ` · ${k.unhealthy} unhealthy` : ''}`);
		}
	}
	return lines;
}

export async function status(flags: StatusFlags, io: Output = stdio): Promise<number> {
	const viewing = loadView();
	viewing.catch(() => undefined); // not awaited when the engine cannot be reached; awaited (and thrown) below otherwise
	const engine = await connectOrReport(flags.host, io);
	if (typeof engine === 'number') return engine;
	let records: ContainerRecord[];
	try {
		records = await listDetailed(engine);
	} catch (err) {
		return reportError(err, io);
	}
	const view = await viewing;
	const {countOf, rolesStatus} = view;
	if (flags.json) {
		const counts = countOf(records);
		printJson(io, {
			engine: {where: engine.where, version: engine.serverVersion, api_version: engine.apiVersion, arch: engine.arch},
			summary: counts,
			roles: rolesStatus().json,
			containers: records.sort((a, b) => a.name.localeCompare(b.name)).map(toJson),
		});
		return EXIT.ok;
	}
	const width = flags.width ?? (process.stdout.columns || 120);
	const counts = countOf(records);
	io.out(`engine ${engine.serverVersion} (API ${engine.apiVersion}) at ${engine.where}`);
	io.out(`${counts.total} containers, ${counts.running} running${counts.unhealthy ? `, ${counts.unhealthy} unhealthy` : ''}`);
	io.out(rolesStatus().line);
	if (records.length) io.out(renderStatusText(view, records, width, Date.now()).join('\n'));
	return EXIT.ok;
}

export async function run(argv: string[], io: Output = stdio): Promise<number> {
	const cli = parseFlags(argv, `
  Usage
    $ berth status [--json] [--host H]

  Every container on the engine, grouped compose project → service → containers (containers
  without compose labels under "standalone"): state, health, published ports, image, uptime.

  Options
    --json       JSON: {engine, summary, containers: [{name, id, project, service, state, health,
                 ports: [{host_ip, host_port, container_port, protocol}], image, started_at, …}]}
    --host, -H   engine address (default: DOCKER_HOST, docker context, /var/run/docker.sock)

  Exit codes: 0 ok · 3 engine unreachable
`, {json: {type: 'boolean', default: false}, host: {type: 'string', shortFlag: 'H'}});
	if (typeof cli === 'number') return cli;
	return status({json: cli.flags.json as boolean, host: cli.flags.host as string | undefined}, io);
}
