/**
 * Every one-shot subcommand: name → summary, kind and a lazy loader. A command module exports
 * `run(argv: string[], io?: Output): Promise<number>` (it parses its own flags with meow, once,
 * and prints its own --help). Add a line here to add a command; cli.tsx needs no change.
 *
 * kind: 'read' changes nothing; 'gated' may change something, and its run() passes every change
 * through the roles gate (commands/guard.ts gated()) on the targets it resolved — a test walks
 * every gated command as a viewer and requires a refusal (test/commands/guard.test.ts).
 */
import type {Output} from './common.js';

export interface CommandModule {
	run(argv: string[], io?: Output): Promise<number>;
}

export interface CommandEntry {
	summary: string;
	kind: 'read' | 'gated';
	/** of a gated command, the subcommands that only read (no gate, not audited) */
	reads?: string[];
	load: () => Promise<CommandModule>;
}

export const commands: Record<string, CommandEntry> = {
	status: {summary: 'every container, grouped by compose project and service (--json)', kind: 'read', load: () => import('./status.js')},
	validate: {summary: 'check the compose file; every problem as file:line:col message', kind: 'read', load: () => import('./validate.js')},
	config: {summary: 'the resolved compose model (interpolated, normalised; --json)', kind: 'read', load: () => import('./config.js')},
	up: {summary: 'compose up, group by group (foundation → support)', kind: 'gated', load: () => import('./compose-actions.js').then((m) => m.forAction('up'))},
	down: {summary: 'compose down (volumes kept unless --volumes)', kind: 'gated', load: () => import('./compose-actions.js').then((m) => m.forAction('down'))},
	start: {summary: 'start services or a --group, in group order', kind: 'gated', load: () => import('./compose-actions.js').then((m) => m.forAction('start'))},
	stop: {summary: 'stop services or a --group, in reverse group order', kind: 'gated', load: () => import('./compose-actions.js').then((m) => m.forAction('stop'))},
	restart: {summary: 'restart services or a --group', kind: 'gated', load: () => import('./compose-actions.js').then((m) => m.forAction('restart'))},
	'check-mount-dirs': {summary: 'bind-mount sources missing on the host (--create makes the directories)', kind: 'gated', load: () => import('./check-mount-dirs.js')},
	deploy: {summary: 'checks before any change → mount dirs → load images → arch tags → up → wait healthy → report', kind: 'gated', load: () => import('./deploy.js')},
	'load-images': {summary: 'docker load every *.tar/*.tar.gz/*.tgz in DIR (streamed; other-arch files skipped)', kind: 'gated', load: () => import('./load-images.js')},
	'setup-tags': {summary: 'tag NAME:TAG-<hostarch> as NAME:TAG, plus the config\'s tag mappings (--dry-run)', kind: 'gated', load: () => import('./setup-tags.js')},
	'arch-info': {summary: 'host, engine and image CPU architectures', kind: 'read', load: () => import('./arch-info.js')},
	'list-images': {summary: 'images: repository, tag, id, size, created, arch, used by', kind: 'read', load: () => import('./list-images.js')},
	images: {summary: 'images (arch, used by, dangling); images rm|prune|pull|history|scan', kind: 'gated', reads: ['ls', 'history', 'scan'], load: () => import('./images.js')},
	volumes: {summary: 'volumes (size, used by, dangling); same subcommands as volume', kind: 'gated', load: () => import('./volumes.js')},
	volume: {summary: 'volume create|rm|prune|backup NAME FILE|restore NAME FILE', kind: 'gated', load: () => import('./volumes.js')},
	networks: {summary: 'networks (subnet, attached containers); same subcommands as network', kind: 'gated', load: () => import('./networks.js')},
	network: {summary: 'network create|rm|connect|disconnect', kind: 'gated', load: () => import('./networks.js')},
	events: {summary: "the engine's event stream (--since, --until, --filter, --json)", kind: 'read', load: () => import('./events.js')},
	ports: {summary: 'published ports and conflicts; `ports check PORT` says who holds a port', kind: 'read', load: () => import('./ports.js')},
	doctor: {summary: 'why containers fail: findings with a concrete fix (exit 1 on errors)', kind: 'read', load: () => import('./doctor.js')},
	audit: {summary: 'the audit log: who did what (filters, --json); `audit verify` checks its hash chain', kind: 'read', load: () => import('./audit.js')},
	'restart-container': {summary: 'restart one container by name or id', kind: 'gated', load: () => import('./restart-container.js')},
};
