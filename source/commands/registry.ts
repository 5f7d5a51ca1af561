/**
 * Every one-shot subcommand: name → summary and a lazy loader. A command module exports
 * `run(argv: string[], io?: Output): Promise<number>` (it parses its own flags with meow and
 * prints its own --help). Add a line here to add a command; cli.tsx needs no change.
 */
import type {Output} from './common.js';

export interface CommandModule {
	run(argv: string[], io?: Output): Promise<number>;
}

export interface CommandEntry {
	summary: string;
	load: () => Promise<CommandModule>;
}

export const commands: Record<string, CommandEntry> = {
	status: {summary: 'every container, grouped by compose project and service (--json)', load: () => import('./status.js')},
	validate: {summary: 'check the compose file; every problem as file:line:col message', load: () => import('./validate.js')},
	config: {summary: 'the resolved compose model (interpolated, normalised; --json)', load: () => import('./config.js')},
	up: {summary: 'compose up, group by group (foundation → support)', load: () => import('./compose-actions.js').then((m) => m.forAction('up'))},
	down: {summary: 'compose down (volumes kept unless --volumes)', load: () => import('./compose-actions.js').then((m) => m.forAction('down'))},
	start: {summary: 'start services or a --group, in group order', load: () => import('./compose-actions.js').then((m) => m.forAction('start'))},
	stop: {summary: 'stop services or a --group, in reverse group order', load: () => import('./compose-actions.js').then((m) => m.forAction('stop'))},
	restart: {summary: 'restart services or a --group', load: () => import('./compose-actions.js').then((m) => m.forAction('restart'))},
	'check-mount-dirs': {summary: 'bind-mount sources missing on the host (--create makes the directories)', load: () => import('./check-mount-dirs.js')},
	deploy: {summary: 'env check → mount dirs → load images → arch tags → up → wait healthy → report', load: () => import('./deploy.js')},
	'load-images': {summary: 'docker load every *.tar/*.tar.gz/*.tgz in DIR (streamed; other-arch files skipped)', load: () => import('./load-images.js')},
	'setup-tags': {summary: 'tag NAME:TAG-<hostarch> as NAME:TAG, plus the config\'s tag mappings (--dry-run)', load: () => import('./setup-tags.js')},
	'arch-info': {summary: 'host, engine and image CPU architectures', load: () => import('./arch-info.js')},
	'list-images': {summary: 'images: repository, tag, id, size, created, arch, used by', load: () => import('./list-images.js')},
	images: {summary: 'images (arch, used by, dangling); images rm|prune|pull|history', load: () => import('./images.js')},
	volumes: {summary: 'volumes (size, used by, dangling); same subcommands as volume', load: () => import('./volumes.js')},
	volume: {summary: 'volume create|rm|prune|backup NAME FILE|restore NAME FILE', load: () => import('./volumes.js')},
	networks: {summary: 'networks (subnet, attached containers); same subcommands as network', load: () => import('./networks.js')},
	network: {summary: 'network create|rm|connect|disconnect', load: () => import('./networks.js')},
	events: {summary: "the engine's event stream (--since, --until, --filter, --json)", load: () => import('./events.js')},
	ports: {summary: 'published ports and conflicts; `ports check PORT` says who holds a port', load: () => import('./ports.js')},
	doctor: {summary: 'why containers fail: findings with a concrete fix (exit 1 on errors)', load: () => import('./doctor.js')},
	audit: {summary: 'the audit log: who did what (filters, --json); `audit verify` checks its hash chain', load: () => import('./audit.js')},
	'restart-container': {summary: 'restart one container by name or id', load: () => import('./restart-container.js')},
};
