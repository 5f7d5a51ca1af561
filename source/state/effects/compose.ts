/** Compose up/down/pull/recreate for a project, through the compose CLI driver; progress in the status line. */
import {sep} from 'node:path';
import {compose, composeDown, composeUp, detectComposeCli, type ComposeCli, type ComposeTarget} from '../../engine/compose-cli.js';
import {engineEnv} from '../../engine/child-env.js';
import type {EngineTarget} from '../../engine/host.js';
import type {ContainerRecord} from '../../model/container.js';
import type {Store} from '../store.js';
import {setStatus} from '../status.js';
import type {Action, State, StatusMessage} from '../types.js';
import {labelsDir} from '../../engine/compose-labels.js';
import {cacheDir, recordedComposeFiles, type RecordedFiles} from '../../core/compose/cli-file.js';
import type {GroupName} from '../../core/groups.js';
import {containerGroup} from '../../core/roles/containerGroup.js';
import {guardAction} from '../../core/roles/gate.js';

export type ComposeAction = 'up' | 'down' | 'pull' | 'recreate';

/** The compose files of a project as compose recorded them on its containers, resolved (see recordedComposeFiles). */
export function recordedFilesOf(project: string, members: ContainerRecord[]): RecordedFiles | null {
	for (const m of members) {
		if (m.project !== project) continue;
		const r = recordedComposeFiles(m.labels);
		if (r) return r;
	}
	return null;
}

/** Where a project's compose files are, from the labels compose puts on its containers. */
export function composeTargetOf(project: string, members: ContainerRecord[], engine?: EngineTarget): ComposeTarget | null {
	const r = recordedFilesOf(project, members);
	if (!r) return null;
	return {files: r.files, project, ...(r.projectDir ? {projectDir: r.projectDir} : {}), ...(engine ? {env: engineEnv(engine)} : {})};
}

const SUB: Record<ComposeAction, string> = {up: 'up -d', down: 'down', pull: 'pull', recreate: 'up -d --force-recreate'};

let cli: Promise<ComposeCli> | null = null;
let cliFor = '';

/**
 * Run compose for a project. `engine` is the dashboard's engine target: compose talks to that very
 * engine (DOCKER_HOST / TLS pinned), never to whatever the environment would pick.
 */
export async function runCompose(store: Store<State, Action>, cmd: ComposeAction, project: string, members: ContainerRecord[], now: () => number = Date.now, engine?: EngineTarget | null): Promise<boolean> {
	const status = (kind: StatusMessage['kind'], text: string, hint?: string) => setStatus(store, kind, text, {hint, now});
	if (engine === null) {
		status('error', `✖ compose ${cmd} ${project}: not connected to an engine.`, 'Wait for the connection to come back, then try again.');
		return false;
	}
	const recorded = recordedFilesOf(project, members);
	const target = composeTargetOf(project, members, engine);
	if (!recorded || !target) {
		status('error', `✖ ${project}: not a compose project berth can find the files of.`, 'Run compose in the project directory, or select a container that compose created.');
		return false;
	}
	// berth's own label override (compose-labels.ts) may go with a cleared cache: go on without it
	const labelsGone = recorded.missing.filter((f) => f.startsWith(labelsDir() + sep));
	if (labelsGone.length) {
		recorded.missing = recorded.missing.filter((f) => !labelsGone.includes(f));
		target.files = target.files.filter((f) => !labelsGone.includes(f));
	}
	if (recorded.missing.length) {
		const gone = recorded.missing.join(', ');
		const copy = recorded.missing.some((f) => f.startsWith(cacheDir() + sep));
		status(
			'error',
			`✖ compose ${cmd} ${project}: its compose file${recorded.missing.length > 1 ? 's are' : ' is'} gone: ${gone} (recorded by compose on the containers as "${recorded.recorded}"${recorded.projectDir ? ` in ${recorded.projectDir}` : ''})`,
			copy
				? `It was berth's docker-compose v1 copy of your compose file (berth's cache was cleared): run \`berth up -p ${project} -f YOUR_FILE\` once and it is written again.`
				: `Put the file back, or run compose yourself with the file where it is now: docker-compose -p ${project} -f FILE ${SUB[cmd]}${cmd === 'down' ? ` (or docker rm -f the containers labelled com.docker.compose.project=${project})` : ''}.`,
		);
		return false;
	}
	// the roles gate (core/roles): compose up/down/pull/recreate need admin on the project's groups
	// each container's group from its label or the recorded file; one unknown → every group
	const found = members.filter((m) => m.project === project).map((m) => containerGroup(m.labels, m.service));
	const groups = found.some((g) => g === null) ? [] : [...new Set(found as GroupName[])];
	const gate = guardAction(cmd === 'recreate' ? 'up' : cmd, {project, ...(groups.length ? {groups} : {})});
	if (!gate.allowed) {
		status('error', `✖ refused: ${gate.decision.reason}`);
		return false;
	}
	status('busy', `compose ${cmd} ${project}…`);
	const onLine = (line: string) => status('busy', `compose ${cmd} ${project}: ${line.trim().slice(0, 200)}`);
	try {
		const env = {...process.env, ...target.env};
		const key = env['DOCKER_HOST'] ?? '';
		if (!cli || cliFor !== key) (cli = detectComposeCli(env)), (cliFor = key);
		const c = await cli;
		if (cmd === 'up') await composeUp(c, target, {onLine});
		else if (cmd === 'down') await composeDown(c, target, {onLine});
		else if (cmd === 'pull') await compose(c, target, ['pull'], {onLine});
		else await compose(c, target, ['up', '-d', '--force-recreate'], {onLine});
		status('ok', `✔ compose ${cmd} ${project} done`);
		gate.finish({ok: true});
		return true;
	} catch (err) {
		gate.finish({ok: false, error: (err as Error)?.message ?? String(err)});
		cli = null;
		status('error', `✖ compose ${cmd} ${project}: ${(err as Error).message}`, (err as {hint?: string}).hint || 'See the compose output: run the same command in the project directory.');
		return false;
	}
}
