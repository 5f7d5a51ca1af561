/**
 * Which one-shot commands change something, as which action, on which target (from argv). cli.tsx
 * passes every command named here through the gate. Every command in commands/registry.ts must be
 * listed (test/core/roles/commands.test.ts fails on a new command nobody classified).
 */
import meow from 'meow';
import {groupsOf, loadProject} from '../compose/index.js';
import {isGroup, type GroupName} from '../groups.js';
import type {Target} from './types.js';

export interface CommandGuard {
	/** the action for this argv; null: this invocation changes nothing (e.g. --dry-run) */
	action(argv: string[]): string | null;
	target(argv: string[]): Target;
}

const FLAGS = {
	file: {type: 'string', shortFlag: 'f'},
	projectName: {type: 'string', shortFlag: 'p'},
	host: {type: 'string', shortFlag: 'H'},
	group: {type: 'string', shortFlag: 'g'},
	timeout: {type: 'string', shortFlag: 't'},
	images: {type: 'string', shortFlag: 'i'},
	arch: {type: 'string'},
	signal: {type: 'string', shortFlag: 's'},
	dryRun: {type: 'boolean'},
	create: {type: 'boolean'},
	volumes: {type: 'boolean'},
} as const;

/** argv → flags and positionals (unknown flags tolerated: the command itself rejects them). */
export function scan(argv: string[]) {
	const cut = argv.indexOf('--');
	const r = meow('', {importMeta: import.meta, argv: cut >= 0 ? argv.slice(0, cut) : argv, flags: FLAGS, allowUnknownFlags: true, autoHelp: false, autoVersion: false});
	return {flags: r.flags as Record<string, unknown>, input: r.input};
}

/** A compose command's target: the project, the named services (or all), their groups from the file. */
function composeTarget(argv: string[], wholeProject = false): Target {
	const {flags, input} = scan(argv);
	const t: Target = {};
	if (typeof flags['group'] === 'string' && isGroup(flags['group'])) t.group = flags['group'];
	try {
		const p = loadProject({...(flags['file'] ? {file: String(flags['file'])} : {}), ...(flags['projectName'] ? {projectName: String(flags['projectName'])} : {})});
		t.project = p.model.name;
		const groups = groupsOf(p.model);
		let services = wholeProject || input.length === 0 ? Object.keys(p.model.services) : input;
		// --group G: the services the file puts in G (their containers' own groups are added by the gate)
		if (!wholeProject && t.group) services = services.filter((s) => groups[s] === t.group);
		if (!wholeProject && (input.length || t.group)) t.service = services.join(',');
		if (!t.group) {
			const gs = services.map((s) => groups[s]).filter((g): g is GroupName => Boolean(g));
			if (gs.length === services.length && gs.length) t.groups = [...new Set(gs)];
		}
	} catch {
		// no readable file: the groups stay unknown (the action then needs the role on every group)
		if (input.length && !wholeProject) t.service = input.join(',');
	}
	return t;
}

const always = (action: string) => () => action;
const unlessDry = (action: string) => (argv: string[]) => (scan(argv).flags['dryRun'] ? null : action);

export const COMMAND_GUARDS: Record<string, CommandGuard | 'read'> = {
	status: 'read',
	validate: 'read',
	config: 'read',
	'arch-info': 'read',
	'list-images': 'read',
	ports: 'read',
	doctor: 'read',
	audit: 'read',
	up: {action: always('up'), target: (a) => composeTarget(a)},
	down: {action: (a) => (scan(a).flags['volumes'] ? 'volumes-remove' : 'down'), target: (a) => composeTarget(a, true)},
	start: {action: always('start'), target: (a) => composeTarget(a)},
	stop: {action: always('stop'), target: (a) => composeTarget(a)},
	restart: {action: always('restart'), target: (a) => composeTarget(a)},
	deploy: {action: unlessDry('deploy'), target: (a) => composeTarget(a, true)},
	'check-mount-dirs': {action: (a) => (scan(a).flags['create'] ? 'mount-dirs' : null), target: (a) => composeTarget(a, true)},
	'load-images': {action: unlessDry('load-images'), target: (a) => ({detail: `images in ${scan(a).input[0] ?? '.'}`})},
	'setup-tags': {action: unlessDry('setup-tags'), target: () => ({detail: 'image tags'})},
	'restart-container': {action: always('restart'), target: (a) => ({container: scan(a).input[0] ?? ''})},
	// these gate each change themselves, from their own one parse of argv (commands/resource-gate.ts:
	// image-remove, image-prune, image-pull, volume-*, network-*); reading needs no role
	images: 'read',
	volumes: 'read',
	volume: 'read',
	networks: 'read',
	network: 'read',
	events: 'read',
};

export function commandGuard(name: string): CommandGuard | 'read' | undefined {
	return COMMAND_GUARDS[name];
}
