/** Compose up/down/pull/recreate for a project, through the compose CLI driver; progress in the status line. */
import {resolve} from 'node:path';
import {compose, composeDown, composeUp, detectComposeCli, type ComposeCli, type ComposeTarget} from '../../engine/compose-cli.js';
import type {ContainerRecord} from '../../engine/types.js';
import type {Store} from '../store.js';
import type {Action, State} from '../types.js';
import type {GroupName} from '../../core/groups.js';
import {containerGroup} from '../../core/roles/containerGroup.js';
import {guardAction} from '../../core/roles/gate.js';

export type ComposeCommand = 'up' | 'down' | 'pull' | 'recreate';

/** Where a project's compose files are, from the labels compose puts on its containers. */
export function composeTargetOf(project: string, members: ContainerRecord[]): ComposeTarget | null {
	const c = members.find((m) => m.project === project && m.labels['com.docker.compose.project.config_files']);
	if (!c) return null;
	const dir = c.labels['com.docker.compose.project.working_dir'];
	// compose records the files relative to its working directory
	const files = c.labels['com.docker.compose.project.config_files']!.split(',').filter(Boolean).map((f) => (dir ? resolve(dir, f) : f));
	return {files, project, ...(dir ? {projectDir: dir} : {})};
}

let cli: Promise<ComposeCli> | null = null;

export async function runCompose(store: Store<State, Action>, cmd: ComposeCommand, project: string, members: ContainerRecord[], now: () => number = Date.now): Promise<boolean> {
	const status = (kind: 'busy' | 'ok' | 'error', text: string, hint?: string) => store.dispatch({type: 'ui/status', status: {kind, text, at: now(), ...(hint ? {hint} : {})}});
	const target = composeTargetOf(project, members);
	if (!target) {
		status('error', `✖ ${project}: not a compose project berth can find the files of.`, 'Run compose in the project directory, or select a container that compose created.');
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
		cli ??= detectComposeCli();
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
