/**
 * The one table of keys. Input routing, the `?` overlay, the footer hints and the README
 * cheatsheet all come from it (test/ui/keymap-readme.test.ts compares the README with it).
 */
import type {Key} from 'ink';
import type {PaneId} from '../state/types.js';

export const BINDING_IDS = [
	'help',
	'pane-next',
	'pane-prev',
	'pane-1',
	'pane-2',
	'pane-3',
	'pane-4',
	'pane-5',
	'pane-6',
	'pane-7',
	'pane-8',
	'pane-9',
	'pane-0',
	'pane-events',
	'command',
	'back',
	'quit',
	'mouse',
	'down',
	'up',
	'top',
	'bottom',
	'page-down',
	'page-up',
	'start',
	'stop',
	'restart',
	'kill',
	'pause',
	'remove',
	'exec',
	'compose-up',
	'compose-down',
	'compose-pull',
	'compose-recreate',
	'yank-name',
	'yank-id',
	'toggle',
	'collapse',
	'expand',
	'mark',
	'unmark',
	'filter',
	'sort',
	'sort-reverse',
	'open-group',
	'open-port',
	'log-search',
	'log-next',
	'log-prev',
	'log-filter',
	'log-timestamps',
	'log-wrap',
	'log-save',
	'log-yank',
	'inspect-search',
	'inspect-next',
	'inspect-prev',
	'doctor-run',
	'image-history',
	'image-remove',
	'image-remove-force',
	'image-prune',
	'image-prune-all',
	'image-pull',
	'image-scan',
	'volume-create',
	'volume-remove',
	'volume-prune',
	'network-create',
	'network-remove',
	'network-connect',
	'network-disconnect',
	'image-reload',
	'volume-reload',
	'network-reload',
	'event-filter',
	'event-health',
	'confirm-yes',
	'confirm-no',
] as const;
/** Every key binding's id: the handler table (ui/handlers) is a Record over it, so a binding without a handler does not compile. */
export type BindingId = (typeof BINDING_IDS)[number];


export type Scope = 'global' | 'nav' | 'targets' | 'containers' | 'lists' | 'groups' | 'ports' | 'logs' | 'inspect' | 'doctor' | 'images' | 'volumes' | 'networks' | 'events' | 'dialog';

export interface KeyBinding {
	id: BindingId;
	keys: string[];
	description: string;
	scope: Scope;
	/** changes something on the engine: hidden in read-only mode */
	dangerous: boolean;
	/** asks y/n first (destroys or interrupts something) */
	confirm: boolean;
	/** shown in the footer */
	hint?: string;
}

export const SCOPE_TITLE: Record<Scope, string> = {
	global: 'Everywhere',
	nav: 'Lists and text panes',
	targets: 'Actions (container, service, project, group or marked rows)',
	containers: 'Containers',
	lists: 'Lists (containers, images, volumes, networks)',
	groups: 'Groups',
	ports: 'Ports',
	logs: 'Logs',
	inspect: 'Inspect',
	doctor: 'Doctor',
	images: 'Images',
	volumes: 'Volumes',
	networks: 'Networks',
	events: 'Events',
	dialog: 'Confirm dialog',
};

const b = (id: BindingId, keys: string[], description: string, scope: Scope, extra: {dangerous?: boolean; confirm?: boolean; hint?: string} = {}): KeyBinding => ({
	id,
	keys,
	description,
	scope,
	dangerous: extra.dangerous ?? false,
	confirm: extra.confirm ?? extra.dangerous ?? false,
	...(extra.hint ? {hint: extra.hint} : {}),
});

export const keymap: KeyBinding[] = [
	b('help', ['?'], 'Show / hide this help', 'global', {hint: 'help'}),
	b('pane-next', ['tab'], 'Next pane', 'global', {hint: 'pane'}),
	b('pane-prev', ['shift+tab'], 'Previous pane', 'global'),
	b('pane-1', ['1'], 'Containers pane', 'global'),
	b('pane-2', ['2'], 'Groups pane (service groups and compose projects)', 'global'),
	b('pane-3', ['3'], 'Ports pane', 'global'),
	b('pane-4', ['4'], 'Logs pane', 'global'),
	b('pane-5', ['5'], 'Stats pane', 'global'),
	b('pane-6', ['6'], 'Inspect pane', 'global'),
	b('pane-7', ['7'], 'Doctor pane', 'global'),
	b('pane-8', ['8'], 'Images pane', 'global'),
	b('pane-9', ['9'], 'Volumes pane', 'global'),
	b('pane-0', ['0'], 'Networks pane', 'global'),
	b('pane-events', ['v'], 'Events pane (the engine\'s event stream)', 'global'),
	b('command', [':'], 'Command line (:restart web, :logs db, :group core, :messages, :q)', 'global', {hint: 'cmd'}),
	b('back', ['esc'], 'Back: close the overlay, else clear the filter (or marks), else return to containers', 'global'),
	b('quit', ['q', 'ctrl+c'], 'Quit', 'global', {hint: 'quit'}),
	b('mouse', ['m'], 'Mouse on / off: click a tab or a row, the wheel scrolls (off: the terminal selects text)', 'global'),

	b('down', ['j', 'down'], 'Move down', 'nav'),
	b('up', ['k', 'up'], 'Move up', 'nav'),
	b('top', ['g', 'home'], 'Go to the top', 'nav'),
	b('bottom', ['G', 'end'], 'Go to the bottom (logs, events: follow again)', 'nav'),
	b('page-down', ['pagedown', 'ctrl+d'], 'Page down', 'nav'),
	b('page-up', ['pageup', 'ctrl+u'], 'Page up', 'nav'),

	b('start', ['u'], 'Start (up)', 'targets', {dangerous: true, confirm: false}),
	b('stop', ['s'], 'Stop', 'targets', {dangerous: true, hint: 'stop'}),
	b('restart', ['r'], 'Restart', 'targets', {dangerous: true, hint: 'restart'}),
	b('kill', ['K'], 'Kill (SIGKILL)', 'targets', {dangerous: true}),
	b('pause', ['p'], 'Pause / unpause', 'targets', {dangerous: true}),
	b('remove', ['d'], 'Remove (force; volumes kept)', 'targets', {dangerous: true}),
	b('exec', ['e', 'E'], 'Shell in the container (sh; bash when present; E as in lazydocker)', 'targets', {dangerous: true, confirm: false, hint: 'shell'}),
	b('compose-up', ['U'], 'Compose: up -d the project', 'targets', {dangerous: true, confirm: false}),
	b('compose-down', ['D'], 'Compose: down the project (volumes kept)', 'targets', {dangerous: true}),
	b('compose-pull', ['P'], 'Compose: pull the project\'s images', 'targets', {dangerous: true, confirm: false}),
	b('compose-recreate', ['R'], 'Compose: up -d --force-recreate', 'targets', {dangerous: true}),
	b('yank-name', ['y'], 'Copy the name (OSC 52 clipboard)', 'targets'),
	b('yank-id', ['Y'], 'Copy the id', 'targets'),

	b('toggle', ['enter'], 'Fold / unfold a project or service; on a container open its logs', 'containers'),
	b('collapse', ['h', 'left'], 'Fold (or go to the parent)', 'containers'),
	b('expand', ['l', 'right'], 'Unfold', 'containers'),
	b('mark', ['space'], 'Mark / unmark, then move down (bulk actions act on the marked rows, then clear the marks; a project or service row marks its containers)', 'containers', {hint: 'mark'}),
	b('unmark', ['x'], 'Clear all marks', 'containers'),
	b('filter', ['/'], 'Filter: substring, /regex/, or field:value (group:core state:exited; images: repo: tag: arch: dangling:yes …)', 'lists', {hint: 'filter'}),
	b('sort', ['o'], 'Sort by the next column', 'lists', {hint: 'sort'}),
	b('sort-reverse', ['O'], 'Reverse the sort', 'lists'),

	b('open-group', ['enter'], 'Show the group\'s containers (filter) in the containers pane', 'groups'),
	b('open-port', ['enter'], 'Select the port\'s container', 'ports'),

	b('log-search', ['/'], 'Search (highlight; n / N next / previous)', 'logs', {hint: 'search'}),
	b('log-next', ['n'], 'Next search hit', 'logs'),
	b('log-prev', ['N'], 'Previous search hit', 'logs'),
	b('log-filter', ['f'], 'Filter: show only matching lines', 'logs', {hint: 'filter'}),
	b('log-timestamps', ['t'], 'Timestamps on / off', 'logs', {hint: 'time'}),
	b('log-wrap', ['w'], 'Wrap long lines on / off', 'logs', {hint: 'wrap'}),
	b('log-save', ['S'], 'Save the shown lines to a file', 'logs', {hint: 'save'}),
	b('log-yank', ['y'], 'Copy the last shown line', 'logs'),

	b('inspect-search', ['/'], 'Search the YAML (n / N next / previous)', 'inspect'),
	b('inspect-next', ['n'], 'Next hit', 'inspect'),
	b('inspect-prev', ['N'], 'Previous hit', 'inspect'),

	b('doctor-run', ['enter'], 'Diagnose the selection again', 'doctor'),

	b('image-history', ['enter'], 'Layers of the image: size and created-by (esc returns)', 'images', {hint: 'layers'}),
	b('image-remove', ['d'], 'Remove the image (refused while a container uses it)', 'images', {dangerous: true, hint: 'rm'}),
	b('image-remove-force', ['D'], 'Remove the image even if stopped containers use it (force)', 'images', {dangerous: true}),
	b('image-prune', ['x'], 'Prune dangling images (the space to reclaim shown first)', 'images', {dangerous: true, hint: 'prune'}),
	b('image-prune-all', ['X'], 'Prune every image no container uses', 'images', {dangerous: true}),
	b('image-pull', ['p'], 'Pull an image: opens :pull REF (a progress bar per layer)', 'images', {dangerous: true, confirm: false, hint: 'pull'}),
	b('image-scan', ['s'], 'Scan the image with trivy (on the PATH): counts by severity and the top findings, under the list', 'images', {hint: 'scan'}),
	b('volume-create', ['c'], 'Create a volume: opens :volume-create NAME', 'volumes', {dangerous: true, confirm: false, hint: 'new'}),
	b('volume-remove', ['d'], 'Remove the volume (refused while a container mounts it)', 'volumes', {dangerous: true, hint: 'rm'}),
	b('volume-prune', ['x'], 'Prune unused volumes (the space to reclaim shown first)', 'volumes', {dangerous: true, hint: 'prune'}),
	b('network-create', ['c'], 'Create a network (or keep the one of that name): opens :network-create NAME', 'networks', {dangerous: true, confirm: false, hint: 'new'}),
	b('network-remove', ['d'], 'Remove the network (refused while containers are attached; never bridge, host, none)', 'networks', {dangerous: true, hint: 'rm'}),
	b('network-connect', ['a'], 'Connect a container: opens :connect NAME (the selected container filled in)', 'networks', {dangerous: true, confirm: false, hint: 'connect'}),
	b('network-disconnect', ['A'], 'Disconnect a container: opens :disconnect NAME', 'networks', {dangerous: true, confirm: false}),
	b('image-reload', ['ctrl+r'], 'List the images again now (after the engine did not answer)', 'images'),
	b('volume-reload', ['ctrl+r'], 'List the volumes again now (after the engine did not answer)', 'volumes'),
	b('network-reload', ['ctrl+r'], 'List the networks again now (after the engine did not answer)', 'networks'),
	b('event-health', ['H'], 'Health checks shown / hidden (the exec events a healthcheck fires every interval; hidden by default)', 'events', {hint: 'health'}),
	b('event-filter', ['/'], 'Filter events: substring, /regex/, or field:value (type:network action:destroy; fields type action actor name id image attr)', 'events', {hint: 'filter'}),

	b('confirm-yes', ['y', 'enter'], 'Yes, do it', 'dialog'),
	b('confirm-no', ['n', 'esc'], 'No, cancel', 'dialog'),
];

/** Which scopes a pane listens to, first match wins. */
export const PANE_SCOPES: Record<PaneId, Scope[]> = {
	containers: ['containers', 'lists', 'targets', 'nav', 'global'],
	groups: ['groups', 'targets', 'nav', 'global'],
	ports: ['ports', 'targets', 'nav', 'global'],
	logs: ['logs', 'targets', 'nav', 'global'],
	stats: ['targets', 'nav', 'global'],
	inspect: ['inspect', 'targets', 'nav', 'global'],
	doctor: ['doctor', 'targets', 'nav', 'global'],
	images: ['images', 'lists', 'nav', 'global'],
	volumes: ['volumes', 'lists', 'nav', 'global'],
	networks: ['networks', 'lists', 'nav', 'global'],
	// no actions: the pane has no selection of its own (an action key would hit a subject not in view)
	events: ['events', 'nav', 'global'],
};

/** The key that opens a pane, where it is not its number (the tab bar shows it). */
export const PANE_KEY: Partial<Record<PaneId, string>> = {events: 'v'};

/** What the help overlay lets through while it is open. */
export const HELP_IDS: ReadonlySet<BindingId> = new Set<BindingId>(['help', 'back', 'quit', 'down', 'up', 'top', 'bottom', 'page-down', 'page-up']);

export interface KeyCollision {
	scope: Scope;
	key: string;
	ids: BindingId[];
}

/** Two bindings on one key in one scope: the second could never run. */
export function keyCollisions(bindings: KeyBinding[]): KeyCollision[] {
	const seen = new Map<string, BindingId[]>();
	for (const x of bindings) {
		for (const k of new Set(x.keys)) {
			const at = `${x.scope}\u0000${k}`;
			seen.set(at, [...(seen.get(at) ?? []), x.id]);
		}
	}
	return [...seen.entries()].filter(([, list]) => list.length > 1).map(([at, ids]) => {
		const [scope, key] = at.split('\u0000') as [Scope, string];
		return {scope, key, ids};
	});
}

/** Ink's (input, key) as one name: "j", "G", "enter", "ctrl+d", "?" … */
export function keyName(input: string, key: Key): string {
	if (key.upArrow) return 'up';
	if (key.downArrow) return 'down';
	if (key.leftArrow) return 'left';
	if (key.rightArrow) return 'right';
	if (key.pageDown) return 'pagedown';
	if (key.pageUp) return 'pageup';
	if ((key as Key & {home?: boolean}).home) return 'home';
	if ((key as Key & {end?: boolean}).end) return 'end';
	if (key.return) return 'enter';
	if (key.escape) return 'esc';
	if (key.tab) return key.shift ? 'shift+tab' : 'tab';
	if (key.backspace || key.delete) return 'backspace';
	if (key.ctrl && input) return `ctrl+${input.toLowerCase()}`;
	if (input === ' ') return 'space';
	return input;
}

/** The binding for a key name, trying the scopes in order (the first scope that binds the key wins). */
export function lookup(name: string, scopes: Scope[], bindings: KeyBinding[] = keymap): KeyBinding | undefined {
	for (const s of scopes) {
		const hit = bindings.find((x) => x.scope === s && x.keys.includes(name));
		if (hit) return hit;
	}
	return undefined;
}

/** How a key reads in help and footer: "j/↓", "enter", "ctrl+c". */
export function displayKeys(x: KeyBinding): string {
	const pretty: Record<string, string> = {up: '↑', down: '↓', left: '←', right: '→'};
	return x.keys.map((k) => pretty[k] ?? k).join('/');
}

/** Bindings a user may see and use: read-only hides dangerous ones; `allowed` (roles) hides more. */
export function visibleBindings(bindings: KeyBinding[], opts: {readOnly?: boolean; allowed?: (id: string) => boolean} = {}): KeyBinding[] {
	return bindings.filter((x) => !(opts.readOnly && x.dangerous) && (opts.allowed ? opts.allowed(x.id) : true));
}

/**
 * Remap keys from the config file: {"restart": ["R"], …}. Unknown ids are reported, not fatal; a
 * remap that puts two bindings on one key in one scope is reported and not applied (those bindings
 * keep their default keys).
 */
export function applyKeyOverrides(bindings: KeyBinding[], overrides: Record<string, string[] | string> | undefined): {bindings: KeyBinding[]; unknown: string[]; collisions: string[]} {
	if (!overrides) return {bindings, unknown: [], collisions: []};
	const ids = new Set<string>(bindings.map((x) => x.id));
	const unknown = Object.keys(overrides).filter((id) => !ids.has(id));
	const remap = (x: KeyBinding): KeyBinding => {
		const o = Object.hasOwn(overrides, x.id) ? overrides[x.id] : undefined;
		if (o === undefined) return x;
		const keys = (Array.isArray(o) ? o : [o]).map(String).filter(Boolean);
		return keys.length ? {...x, keys} : x;
	};
	let next = bindings.map(remap);
	const clashes = keyCollisions(next);
	const collisions = clashes.map((c) => `"${c.key}" is bound to ${c.ids.join(' and ')} (${SCOPE_TITLE[c.scope].split(' (')[0]})`);
	if (clashes.length) {
		const revert = new Set<string>(clashes.flatMap((c) => c.ids).filter((id) => Object.hasOwn(overrides, id)));
		next = bindings.map((x) => (revert.has(x.id) ? x : remap(x)));
	}
	return {bindings: next, unknown, collisions};
}

/** The README cheatsheet (markdown table), generated from the table above. */
export function keysMarkdown(bindings: KeyBinding[] = keymap): string {
	const esc = (s: string) => s.replace(/\|/g, '\\|');
	const lines = ['| Keys | Where | What it does | Command id |', '| --- | --- | --- | --- |'];
	for (const x of bindings) {
		const keys = x.keys.map((k) => '`' + (k === '`' ? '\\`' : esc(k)) + '`').join(' ');
		lines.push(`| ${keys} | ${SCOPE_TITLE[x.scope].split(' (')[0]} | ${esc(x.description)}${x.confirm ? ' (asks first)' : ''}${x.dangerous ? ' ✎' : ''} | \`${x.id}\` |`);
	}
	return lines.join('\n');
}
