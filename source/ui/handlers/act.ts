/** Actions on what is selected: lifecycle (with y/n for dangerous ones), compose, exec, yank. */
import {actionTargets, subjectContainers, subjectLabel} from '../../state/selectors.js';
import {CONTAINER_ACTION_IDS, type ContainerActionId, resolveAction} from '../../state/effects/actions.js';
import type {ComposeAction} from '../../state/effects/compose.js';
import type {ContainerRecord} from '../../model/container.js';
import {parseSubject, projectKey, subjectName, subjectProject} from '../../model/subject.js';
import type {BindingId} from '../keymap.js';
import {actionOfBinding, containerTarget, refuseAction} from '../roles.js';
import {currentSubject, status, type HandlerContext} from './context.js';

/** The bindings that act on the selection (or the marked rows). */
export const ACTION_IDS: ReadonlySet<BindingId> = new Set<BindingId>([...CONTAINER_ACTION_IDS, 'exec', 'compose-up', 'compose-down', 'compose-pull', 'compose-recreate', 'yank-name', 'yank-id']);

const isContainerActionId = (id: string): id is ContainerActionId => (CONTAINER_ACTION_IDS as readonly string[]).includes(id);

/** The compose project a subject belongs to (a container's, a service's or the project itself). */
export function projectOf(ctx: HandlerContext, subject: string | null): string | null {
	return subjectProject(parseSubject(subject), ctx.state.containers);
}

const VERB: Record<string, string> = {stop: 'Stop', restart: 'Restart', kill: 'Kill (SIGKILL)', pause: 'Pause', unpause: 'Unpause', remove: 'Remove (force)', start: 'Start'};

/**
 * Under a list filter, a project or service row of the containers pane shows only the containers
 * the filter lets through: an action on the row acts on those (null: the row is not filtered).
 */
function shownUnderRow(ctx: HandlerContext, subject: string | null): {shown: ContainerRecord[]; total: number} | null {
	const ui = ctx.state.ui;
	if (!ui.filter || ui.pane !== 'containers' || Object.keys(ui.marked).length) return null;
	const row = ctx.rows.find((r) => r.key === subject);
	if (!row || row.kind === 'container') return null;
	const shown = row.kind === 'service' ? row.node.containers : [...row.node.services.flatMap((x) => x.containers), ...row.node.loose];
	const total = subjectContainers(ctx.state, subject).length;
	return shown.length < total ? {shown, total} : null;
}

/** `:pause` pauses, `:unpause` unpauses: only the targets in the state the word needs. */
export type PauseWord = 'pause' | 'unpause';

/** A key on a selection: ask first when the binding says so, else run. */
export function requestAction(id: string, ctx: HandlerContext, subjectOverride?: string | null, only?: PauseWord): void {
	const subject = subjectOverride === undefined ? currentSubject(ctx) : subjectOverride;
	const binding = ctx.bindings.find((b) => b.id === id);
	// refused before the gate: still one audit line per target (nothing runs)
	const refuse = (text: string) => (auditRefused(ctx, id, subject, text), status(ctx, 'error', text));
	if (ctx.services.readOnly && binding?.dangerous) return refuse('Read-only mode: actions are off.');
	if (ctx.services.allowed && !ctx.services.allowed(id)) return refuse(`Not allowed for your role: ${id}.`);
	if (id === 'yank-name' || id === 'yank-id') return yank(ctx, subject, id === 'yank-id');
	if (id.startsWith('compose-')) {
		const project = projectOf(ctx, subject);
		if (!project) return status(ctx, 'error', 'Compose actions need a compose project: select one of its containers, services, or the project row.');
		const cmd = id.slice('compose-'.length);
		if (binding?.confirm) {
			ctx.store.dispatch({type: 'ui/confirm', confirm: {message: `compose ${cmd} project ${project}?`, binding: id, subject: projectKey(project), ids: subjectContainers(ctx.state, projectKey(project)).map((c) => c.id)}});
			return;
		}
		return perform(id, projectKey(project), subjectContainers(ctx.state, projectKey(project)).map((c) => c.id), ctx);
	}
	// a row under a filter acts on what it shows (the command line names a subject whole)
	const filtered = subjectOverride === undefined ? shownUnderRow(ctx, subject) : null;
	let targets = filtered ? actionTargets({...ctx.state, ui: {...ctx.state.ui, marked: Object.fromEntries(filtered.shown.map((c) => [c.id, true as const]))}}, null) : actionTargets(ctx.state, subject);
	if (!targets.length) return status(ctx, 'info', 'Nothing selected: move to a container, service, project or group.');
	if (only) {
		const want = only === 'pause' ? 'running' : 'paused';
		const all = targets;
		targets = targets.filter((c) => c.state === want);
		if (!targets.length) return status(ctx, 'info', `Nothing to ${only}: ${all.length === 1 ? `${all[0]!.name} is` : `none of the ${all.length} containers is`} ${want}.`);
	}
	if (id === 'exec') return perform(id, subject ?? '', targets.map((c) => c.id), ctx);
	if (!isContainerActionId(id)) return;
	const action = resolveAction(id, targets);
	const marked = Object.keys(ctx.state.ui.marked).length > 0;
	const what = marked
		? `${targets.length} marked container${targets.length === 1 ? '' : 's'}`
		: filtered
			? `${targets.length} of ${filtered.total} (what the filter shows) in ${parseSubject(subject)?.kind ?? ''} ${subjectName(parseSubject(subject)!, ctx.state.containers)}`
			: only && targets.length === 1
				? targets[0]!.name
				: parseSubject(subject)?.kind === 'container'
					? targets[0]!.name
					: subjectLabel(ctx.state, subject);
	if (binding?.confirm) {
		ctx.store.dispatch({type: 'ui/confirm', confirm: {message: `${VERB[action] ?? action} ${what}?`, binding: id, subject: subject ?? '', ids: targets.map((c) => c.id)}});
		return;
	}
	perform(id, subject ?? '', targets.map((c) => c.id), ctx);
}

/** One refused audit line per target of a key refused before the gate (read-only, hidden by role). */
function auditRefused(ctx: HandlerContext, id: string, subject: string | null, reason: string): void {
	if (id === 'yank-name' || id === 'yank-id') return;
	const action = actionOfBinding(id);
	if (id.startsWith('compose-')) {
		const project = projectOf(ctx, subject);
		refuseAction(action, project ? {project} : {}, reason);
		return;
	}
	const targets = actionTargets(ctx.state, subject);
	if (!targets.length) refuseAction(action, {}, reason);
	for (const c of targets) refuseAction(isContainerActionId(id) ? resolveAction(id, targets) : action, containerTarget(c), reason);
}

/** Run a command on these containers now (after the dialog said yes). */
export function perform(id: string, subject: string, ids: string[], ctx: HandlerContext): void {
	const targets = ids.map((i) => ctx.state.containers[i]).filter((c): c is ContainerRecord => Boolean(c));
	if (id.startsWith('compose-')) {
		const project = subjectProject(parseSubject(subject), ctx.state.containers);
		if (!project) return;
		if (!ctx.services.compose) return status(ctx, 'error', 'Not connected to an engine.');
		// the compose runner (state/effects) talks to the dashboard's own engine
		void ctx.services.compose.run(id.slice('compose-'.length) as ComposeAction, project, targets);
		return;
	}
	if (id === 'exec') {
		const c = targets.find((t) => t.state === 'running');
		if (!c) return status(ctx, 'error', 'No running container to open a shell in.', 'Start it first (u).');
		if (!ctx.services.exec) return status(ctx, 'error', 'A shell needs the full terminal (not available here).');
		ctx.services.exec(c);
		return;
	}
	if (!isContainerActionId(id)) return;
	if (!ctx.services.actions) return status(ctx, 'error', 'Not connected to an engine.');
	void ctx.services.actions.run(id, targets);
	// the marks were for this action: it took them (the next action starts from the cursor again)
	if (Object.keys(ctx.store.getState().ui.marked).length) ctx.store.dispatch({type: 'ui/unmarkAll'});
}

function yank(ctx: HandlerContext, subject: string | null, id: boolean): void {
	const s = parseSubject(subject);
	if (!s) return;
	const list = subjectContainers(ctx.state, s);
	let text: string;
	if (id) text = list.map((c) => c.id).join(' ');
	else if (s.kind === 'container') text = list[0]?.name ?? '';
	else text = subjectName(s, ctx.state.containers);
	if (!text) return;
	ctx.services.yank?.(text);
	status(ctx, 'ok', `Copied ${id ? 'id' : 'name'}: ${text.length > 60 ? text.slice(0, 59) + '…' : text}`);
}
