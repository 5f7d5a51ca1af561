/**
 * `berth up|down|start|stop|restart [SERVICE...]` through the real compose CLI. Without services,
 * up/start/restart go group by group (foundation → core → application → support) and stop goes in
 * reverse; `--group G` acts on one group. `down` removes volumes only with --volumes.
 */
import {GROUPS, isGroup} from '../core/groups.js';
import {activeServices, groupPlan, groupsOf, type ComposeProject} from '../core/compose/index.js';
import {composeDown, composeRestart, composeStart, composeStop, composeUp, type ComposeCli, type ComposeTarget} from '../engine/compose-cli.js';
import type {CommandModule} from './registry.js';
import {EXIT, connectOrReport, parseFlags, printJson, reportError, stdio, type Output} from './common.js';
import {COMMON_FLAGS, COMMON_HELP, checkServices, commonFlags, composeContext, loadOrReport, reportComposeError, type CommonFlags} from './compose-actions-shared.js';
import {gated} from './guard.js';
import {resolveComposeTargets} from './targets.js';

export type Action = 'up' | 'down' | 'start' | 'stop' | 'restart';

const WHAT: Record<Action, string> = {
	up: 'create and start services (detached), group by group',
	down: 'stop and remove the project\'s containers and networks (volumes only with --volumes)',
	start: 'start existing services, group by group',
	stop: 'stop services, groups in reverse order (support → application → core → foundation)',
	restart: 'restart services, group by group',
};

function help(action: Action): string {
	const extra =
		action === 'down'
			? `    --volumes             also remove named and anonymous volumes (never without this flag)
    --remove-orphans      also remove containers of services no longer in the file
    --timeout, -t S       seconds to wait for a graceful stop`
			: `    --group, -g G         only the services of group G (${GROUPS.join(', ')})${action === 'up' ? '' : `\n    --timeout, -t S       seconds to wait for a graceful stop`}`;
	return `
  Usage
    $ berth ${action} ${action === 'down' ? '' : '[SERVICE...] [--group G] '}[-f FILE] [-p NAME] [--json]

  ${WHAT[action][0]!.toUpperCase() + WHAT[action].slice(1)}.
  Runs \`docker compose\` (v2) or else \`docker-compose\` (v1). A service's group: its
  berth.group label, else the file's x-berth: {groups: …}, else application.

  Options
${COMMON_HELP}
${extra}

  Exit codes: 0 ok · 1 compose failed · 2 usage or compose-file error (nothing done) · 3 engine unreachable
`;
}

interface Step {
	group: string | null;
	services: string[];
	ok: boolean;
	error?: string;
}

/** Which services, in which group batches, in which order. */
export function planAction(project: ComposeProject, action: Action, services: string[], group?: string): Array<{group: string | null; services: string[]}> {
	const model = project.model;
	if (action === 'down') return [{group: null, services: []}];
	const groups = groupsOf(model);
	let subset = services.length ? services : activeServices(model, project.profiles);
	if (group) subset = subset.filter((s) => groups[s] === group);
	const plan: Array<{group: string | null; services: string[]}> = groupPlan(model, subset);
	return action === 'stop' ? plan.reverse() : plan;
}

async function act(action: Action, cli: ComposeCli, t: ComposeTarget, services: string[], timeout: number | undefined, flags: Record<string, unknown>, onLine: (l: string) => void) {
	const o = {services, timeout, onLine};
	switch (action) {
		case 'up':
			return composeUp(cli, t, {services, onLine});
		case 'down':
			return composeDown(cli, t, {volumes: Boolean(flags['volumes']), removeOrphans: Boolean(flags['removeOrphans']), timeout, onLine});
		case 'start':
			return composeStart(cli, t, o);
		case 'stop':
			return composeStop(cli, t, o);
		case 'restart':
			return composeRestart(cli, t, o);
	}
}

export async function runAction(action: Action, argv: string[], io: Output = stdio): Promise<number> {
	const extraFlags =
		action === 'down'
			? {volumes: {type: 'boolean', default: false}, removeOrphans: {type: 'boolean', default: false}, timeout: {type: 'number', shortFlag: 't'}}
			: {group: {type: 'string', shortFlag: 'g'}, ...(action === 'up' ? {} : {timeout: {type: 'number', shortFlag: 't'}})};
	const cli = parseFlags(argv, help(action), {...COMMON_FLAGS, ...extraFlags} as typeof COMMON_FLAGS, io);
	if (typeof cli === 'number') return cli;
	const flags = commonFlags(cli.flags);
	const raw = cli.flags as Record<string, unknown>;
	const group = raw['group'] as string | undefined;
	if (action === 'down' && cli.input.length) {
		io.err('berth: down acts on the whole project; use `berth stop SERVICE…` for some services');
		return EXIT.usage;
	}
	if (group !== undefined && !isGroup(group)) {
		io.err(`berth: unknown group "${group}" (groups: ${GROUPS.join(', ')})`);
		return EXIT.usage;
	}
	const project = loadOrReport(flags, io);
	if (typeof project === 'number') return project;
	const bad = checkServices(project, cli.input, io);
	if (bad !== null) return bad;
	// the roles gate checks exactly what the plan will touch (commands/targets.ts), then runs it
	const plan = planAction(project, action, cli.input, group);
	return gated(
		io,
		{
			action: action === 'down' && raw['volumes'] ? 'volumes-remove' : action,
			named: {project: project.model.name, ...(cli.input.length ? {service: cli.input.join(',')} : {})},
			resolve: async (io) => {
				const engine = await connectOrReport(flags.host, io);
				if (typeof engine === 'number') return engine;
				try {
					return {target: (await resolveComposeTargets(engine, project, action === 'down' ? 'all' : plan.flatMap((p) => p.services))).target, value: plan};
				} catch (err) {
					return reportError(err, io);
				}
			},
		},
		(plan, io) => execute(action, project, plan, flags, raw, group, io),
	);
}

async function execute(action: Action, project: ComposeProject, plan: ReturnType<typeof planAction>, flags: CommonFlags, raw: Record<string, unknown>, group: string | undefined, io: Output): Promise<number> {
	let ctx;
	try {
		ctx = await composeContext(project, flags.host);
	} catch (err) {
		return reportComposeError(err, io) ?? Promise.reject(err);
	}
	const steps: Step[] = [];
	const timeout = raw['timeout'] as number | undefined;
	const output: string[] = [];
	try {
		if (plan.length === 0) {
			if (!flags.json) io.out(`berth ${action}: no services${group ? ` in group ${group}` : ''}; nothing to do`);
		}
		for (const p of plan) {
			if (!flags.json) io.out(`${action} ${p.group ? `${p.group}: ${p.services.join(', ')}` : `project ${project.model.name}`}`);
			try {
				await act(action, ctx.cli, ctx.target, p.services, timeout, raw, (l) => (flags.json ? output.push(ctx.shown(l)) : io.err(`  ${ctx.shown(l)}`)));
				steps.push({...p, ok: true});
			} catch (err) {
				steps.push({...p, ok: false, error: ctx.shown((err as Error).message)});
				if (flags.json) break;
				return reportComposeError(err, io, ctx.shown) ?? Promise.reject(err);
			}
		}
	} finally {
		ctx.file.cleanup();
	}
	const ok = steps.every((s) => s.ok);
	if (flags.json) {
		printJson(io, {ok, action, project: project.model.name, compose: {flavor: ctx.cli.flavor, version: ctx.cli.version}, steps, output});
	} else {
		io.out(`berth ${action}: done (project ${project.model.name})`);
	}
	return ok ? EXIT.ok : EXIT.failure;
}

export const forAction = (action: Action): CommandModule => ({run: (argv, io) => runAction(action, argv, io)});
