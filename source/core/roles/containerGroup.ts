/**
 * A container's service group from facts a user cannot rewrite at will:
 *  1. its own `berth.group` label (berth puts it on every container `up`/`deploy` create), else
 *  2. its service's group in the compose file(s) compose recorded when it created the container
 *     (com.docker.compose.project.config_files, relative to …working_dir), else
 *  3. unknown (null): then an action on it needs the role on every group (admin, in effect).
 * A compose file named on the command line only proposes groups; the gate adds the groups of the
 * containers the command will touch, so a copy of the file without `x-berth` cannot lower one.
 */
import {readFileSync} from 'node:fs';
import {parse} from 'yaml';
import {GROUP_LABEL, groupsFromXBerth, isGroup, type GroupName} from '../groups.js';
import type {ComposeModel} from '../compose/types.js';
import {groupsOf} from '../compose/order.js';
import {recordedComposeFiles} from '../compose/cli-file.js';

const CONFIG_FILES = 'com.docker.compose.project.config_files';
const WORKING_DIR = 'com.docker.compose.project.working_dir';

/** The labels berth has `up` put on each service's containers: {svc: {"berth.group": group}}. */
export function groupLabels(model: ComposeModel): Record<string, Record<string, string>> {
	return Object.fromEntries(Object.entries(groupsOf(model)).map(([s, g]) => [s, {[GROUP_LABEL]: g}]));
}

/** read files, kept 2 s (a batch of actions reads each once; a running dashboard sees edits) */
const cache = new Map<string, {at: number; groups: Record<string, GroupName> | null}>();

/** service → group from the recorded files (later files win, as compose merges them); null when one cannot be read. */
function recordedGroups(labels: Record<string, string>): Record<string, GroupName> | null {
	const list = labels[CONFIG_FILES];
	if (!list) return null;
	const dir = labels[WORKING_DIR];
	const key = `${dir}\0${list}`;
	const hit = cache.get(key);
	if (hit && Date.now() - hit.at < 2000) return hit.groups;
	let out: Record<string, GroupName> | null = {};
	const byLabel: Record<string, GroupName> = {};
	const byX: Record<string, GroupName> = {};
	const names = new Set<string>();
	try {
		// resolved as compose wrote them (v1: relative to where it ran; see recordedComposeFiles)
		for (const f of recordedComposeFiles(labels)?.files ?? []) {
			const doc = parse(readFileSync(f, 'utf8'), {merge: true}) as {services?: Record<string, {labels?: unknown}>; 'x-berth'?: unknown} | null;
			Object.assign(byX, groupsFromXBerth(doc?.['x-berth']).map);
			for (const [s, def] of Object.entries(doc?.services ?? {})) {
				names.add(s);
				const l = def?.labels;
				const g = Array.isArray(l) ? l.map(String).find((x) => x.startsWith(`${GROUP_LABEL}=`))?.slice(GROUP_LABEL.length + 1) : l && typeof l === 'object' ? String((l as Record<string, unknown>)[GROUP_LABEL] ?? '') : undefined;
				if (isGroup(g)) byLabel[s] = g;
			}
		}
		for (const s of names) out[s] = byLabel[s] ?? byX[s] ?? 'application';
	} catch {
		out = null;
	}
	cache.set(key, {at: Date.now(), groups: out});
	return out;
}

/** The container's group, or null when it cannot be known (the action then needs every group). */
export function containerGroup(labels: Record<string, string> | undefined, service: string | null | undefined): GroupName | null {
	const l = labels?.[GROUP_LABEL];
	if (isGroup(l)) return l;
	if (!labels || !service || !labels[CONFIG_FILES]) return null;
	return recordedGroups(labels)?.[service] ?? null;
}
