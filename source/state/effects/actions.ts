/**
 * Lifecycle actions on a set of containers, in group order (start order foundation → support;
 * stop, kill, pause and remove in reverse), parallel within a group. Progress and the outcome go
 * to the status line; the list itself refreshes from /events (and the acted-on rows are inspected
 * again). A target the engine calls "No such container" was removed outside berth: its row is
 * dropped, the status line says so, and the list is read again (the model was wrong). Compose
 * up/down/pull/recreate run the compose CLI for the project the containers belong to (files from
 * its compose labels).
 */
import {GROUPS, type GroupName} from '../../core/groups.js';
import type {Engine} from '../../engine/connection.js';
import {containerAction, type ContainerAction} from '../../engine/containers.js';
import type {ContainerRecord} from '../../model/container.js';
import type {Store} from '../store.js';
import {setStatus} from '../status.js';
import type {Action, State, StatusMessage} from '../types.js';
import {containerGroup} from '../view/groups.js';
import {guardContainer} from '../../core/roles/gate.js';

/** The dashboard's container actions by binding id (ui/keymap.ts); resolveAction() names the engine action. */
export const CONTAINER_ACTION_IDS = ['start', 'stop', 'restart', 'kill', 'pause', 'remove'] as const;
export type ContainerActionId = (typeof CONTAINER_ACTION_IDS)[number];

const PAST: Record<ContainerAction, string> = {start: 'started', stop: 'stopped', restart: 'restarted', kill: 'killed', pause: 'paused', unpause: 'unpaused', remove: 'removed'};
const ING: Record<ContainerAction, string> = {start: 'starting', stop: 'stopping', restart: 'restarting', kill: 'killing', pause: 'pausing', unpause: 'unpausing', remove: 'removing'};
const REVERSE: ReadonlySet<ContainerAction> = new Set(['stop', 'kill', 'pause', 'remove']);

/** Batches in the order an action runs: groups in start order, or reversed for stopping ones. */
export function plan(action: ContainerAction, targets: ContainerRecord[]): ContainerRecord[][] {
	const order: GroupName[] = REVERSE.has(action) ? [...GROUPS].reverse() : [...GROUPS];
	return order.map((g) => targets.filter((c) => containerGroup(c) === g)).filter((b) => b.length > 0);
}

/** `pause` toggles: unpause when every target is paused. */
export function resolveAction(cmd: ContainerActionId, targets: ContainerRecord[]): ContainerAction {
	if (cmd === 'pause' && targets.length > 0 && targets.every((c) => c.state === 'paused')) return 'unpause';
	return cmd;
}

const hintOf = (err: unknown) => (err as {hint?: string}).hint || 'Check the engine log (journalctl -u docker) and the container\'s state.';

export interface ActionRunner {
	run(cmd: ContainerActionId, targets: ContainerRecord[]): Promise<boolean>;
	busy(): boolean;
}

/** What the runner tells the live model (the container sync) when the engine answered. */
export interface ActionModel {
	/** re-inspect these (their rows show the outcome even if an event was lost) */
	refresh(ids: string[]): void;
	/** the engine says these do not exist: drop their rows for good */
	gone(ids: string[]): void;
	/** the engine contradicted the model: list again */
	resync(): void;
}

const isNoSuchContainer = (err: unknown) => (err as {code?: string})?.code === 'not-found';

export function createActionRunner(store: Store<State, Action>, engine: () => Engine | null, now: () => number = Date.now, model?: ActionModel): ActionRunner {
	let running = 0;
	const status = (kind: StatusMessage['kind'], text: string, hint?: string) => setStatus(store, kind, text, {hint, now});

	return {
		busy: () => running > 0,
		async run(cmd, targets) {
			const e = engine();
			if (!e) {
				status('error', `Cannot ${cmd}: the engine is not connected.`, 'Wait for the reconnect (see the banner).');
				return false;
			}
			if (targets.length === 0) {
				status('info', `Nothing to ${cmd}: select a container, service, project or group.`);
				return false;
			}
			const action = resolveAction(cmd, targets);
			const what = targets.length === 1 ? targets[0]!.name : `${targets.length} containers`;
			const failures: Array<{name: string; err: unknown}> = [];
			/** targets the engine no longer has (removed outside berth) */
			const vanished: ContainerRecord[] = [];
			let done = 0;
			running++;
			status('busy', `${ING[action]} ${what}…`);
			try {
				for (const batch of plan(action, targets)) {
					await Promise.all(
						batch.map(async (c) => {
							// the roles gate (core/roles): refused → nothing done; every attempt audited
							const gate = guardContainer(action, c);
							if (!gate.allowed) {
								failures.push({name: c.name, err: Object.assign(new Error(`refused: ${gate.decision.reason}`), {refused: true, hint: 'Nothing was done. Your role in the roles policy does not allow this; ask an admin (`berth audit` shows the attempt).'})});
								done++;
								return;
							}
							try {
								const outcome = await containerAction(e, c.id, action, action === 'remove' ? {force: true} : {});
								gate.finish({ok: true});
								if (outcome === 'gone') vanished.push(c);
							} catch (err) {
								gate.finish({ok: false, error: (err as Error)?.message ?? String(err)});
								if (isNoSuchContainer(err)) vanished.push(c);
								else failures.push({name: c.name, err});
							}
							done++;
							if (targets.length > 1 && done < targets.length) status('busy', `${ING[action]} ${what}… ${done}/${targets.length}`);
						}),
					);
				}
			} finally {
				running--;
			}
			// the model follows the engine's answer, not the other way round
			const goneIds = new Set(vanished.map((c) => c.id));
			if (vanished.length) {
				if (model) model.gone([...goneIds]);
				else store.dispatch({type: 'containers/remove', ids: [...goneIds]});
				model?.resync();
			}
			const acted = targets.filter((c) => !goneIds.has(c.id)).map((c) => c.id);
			if (acted.length) model?.refresh(acted);
			const goneNote =
				vanished.length === 1
					? `${vanished[0]!.name} no longer exists (removed outside berth); its row was removed`
					: `${vanished.length} containers no longer exist (removed outside berth): ${vanished.map((c) => c.name).join(', ')}; their rows were removed`;
			if (failures.length === 0 && (vanished.length === 0 || action === 'remove')) {
				const already = vanished.length === 0 ? '' : targets.length === 1 ? ' (it was already gone)' : ` (${vanished.length} already gone)`;
				status('ok', `✔ ${PAST[action]} ${what}${already}`);
				if (action === 'remove') store.dispatch({type: 'ui/mark', ids: targets.map((c) => c.id), on: false});
				return true;
			}
			if (failures.length === 0) {
				const rest = targets.length - vanished.length;
				status('error', `✖ Cannot ${action}: ${goneNote}${rest > 0 ? `; ${PAST[action]} the other ${rest}` : ''}`, 'The list was read again from the engine.');
				return false;
			}
			const first = failures[0]!;
			const msg = (first.err as Error).message ?? String(first.err);
			const more = failures.length > 1 ? ` (+${failures.length - 1} more)` : '';
			// a refusal is no failure of the engine: say it first, in the words of the policy
			const head = (first.err as {refused?: boolean}).refused ? `✖ ${msg}${more}` : `✖ ${action} failed for ${first.name}${more}: ${msg}`;
			status('error', `${head}${vanished.length ? ` · ${goneNote}` : ''}`, hintOf(first.err));
			return false;
		},
	};
}
