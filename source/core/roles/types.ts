/**
 * Roles and actions. viewer reads; operator also starts/stops/restarts/pauses on the service
 * groups it is granted; admin may do everything (remove, up/down, prune, deploy, load-images,
 * setup-tags, exec …). Any action not listed here needs admin (fail safe).
 */
import type {GroupName} from '../groups.js';

export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const isRole = (s: unknown): s is Role => ROLES.includes(s as Role);
export const roleRank = (r: Role) => ROLES.indexOf(r);
export const minRole = (a: Role, b: Role): Role => (roleRank(a) <= roleRank(b) ? a : b);

/**
 * The guard table: every action the roles guard decides on, by the least role it needs. Not CLI
 * commands (source/commands/) nor key bindings (ui/keymap.ts): both name a guarded action when they act.
 */
export const READ_ACTIONS = ['status', 'logs', 'stats', 'inspect', 'doctor', 'validate', 'config', 'ports', 'images'] as const;
/** image-pull: `berth images pull` (one image; its users' groups); compose pull (`pull`) stays admin */
export const OPERATE_ACTIONS = ['start', 'stop', 'restart', 'pause', 'unpause', 'image-pull'] as const;
export const ADMIN_ACTIONS = [
	'remove', 'kill', 'up', 'down', 'pull', 'prune', 'deploy', 'load-images', 'setup-tags', 'exec', 'volumes-remove', 'mount-dirs',
	'image-remove', 'image-prune', 'volume-create', 'volume-remove', 'volume-prune', 'volume-backup', 'volume-restore',
	'network-create', 'network-remove', 'network-connect', 'network-disconnect',
] as const;
export type GuardedAction = (typeof READ_ACTIONS)[number] | (typeof OPERATE_ACTIONS)[number] | (typeof ADMIN_ACTIONS)[number];
export const GUARDED_ACTIONS: readonly GuardedAction[] = [...READ_ACTIONS, ...OPERATE_ACTIONS, ...ADMIN_ACTIONS];

/** The least role an action needs (anything unknown: admin). */
export function requiredRole(action: string): Role {
	if ((READ_ACTIONS as readonly string[]).includes(action)) return 'viewer';
	if ((OPERATE_ACTIONS as readonly string[]).includes(action)) return 'operator';
	return 'admin';
}

export const isMutating = (action: string) => requiredRole(action) !== 'viewer';

/** What an action is aimed at. No group: the action touches every group (needs the role on all). */
export interface Target {
	container?: string;
	service?: string;
	project?: string;
	group?: GroupName;
	/** several groups (e.g. a compose project's services); the role is needed on each */
	groups?: GroupName[];
	/** free text for the audit line (e.g. an image archive path) */
	detail?: string;
	/** the containers the action will touch (names), as the command resolved them */
	containers?: string[];
}

export interface Request {
	action: GuardedAction | string;
	target?: Target;
}

/** Where a right comes from, for messages and the audit line. */
export interface Grant {
	role: Role;
	/** e.g. 'policy /etc/berth/policy.yaml:12 rule "dba" (os group dba)', '--read-only', 'no policy' */
	rule: string;
}

export interface Decision {
	allowed: boolean;
	/** the role the user has where the action is aimed */
	role: Role;
	/** the rule that decided */
	rule: string;
	/** why (refusals: who, what, and the rule) */
	reason: string;
}

export interface Identity {
	user: string;
	uid: number;
	/** OS group names (primary first) */
	groups: string[];
	/** set when berth runs as root through sudo: the person who ran sudo (user/uid/groups above are theirs) */
	sudoUser?: string;
	/** their primary gid (files are read and written as them under sudo) */
	sudoGid?: number;
}
