/**
 * A user's own limits, in berth's settings file (core/settings: ~/.config/berth/config.json, or
 * $BERTH_CONFIG_DIR/config.json):  "roles": {"max_role": "viewer", "service_groups": ["application"],
 * "read_only": true}. It can only lower what the policy grants, never raise it.
 */
import type {Locator} from '../compose/locate.js';
import {legacyProblem, readSettings} from '../settings/index.js';
import {GROUPS, isGroup, type GroupName} from '../groups.js';
import {ConfigError, rolesParser, type Problem} from './policy.js';
import {isRole, ROLES, type Role} from './types.js';

export interface UserCap {
	file: string;
	maxRole?: Role;
	/** outside these groups the user keeps only viewer */
	serviceGroups?: GroupName[];
	readOnly?: boolean;
}

const KEYS = new Set(['max_role', 'service_groups', 'read_only']);

/** Without the file's text: every problem at 1:1. */
const NO_POSITIONS: Pick<Locator, 'at'> = {at: () => ({line: 1, col: 1})};

/** Pure: validate the "roles" value; file only names the place in messages. */
export function parseUserCap(raw: unknown, file: string, loc: Pick<Locator, 'at'> = NO_POSITIONS): {cap: UserCap | null; problems: Problem[]} {
	const problems: Problem[] = [];
	if (raw === undefined || raw === null) return {cap: null, problems};
	const at = (path: Array<string | number>, message: string, key = false) => problems.push({file, ...loc.at(['roles', ...path], key), message});
	if (typeof raw !== 'object' || Array.isArray(raw)) {
		at([], 'roles must be an object: {"max_role", "service_groups", "read_only"}');
		return {cap: null, problems};
	}
	const r = raw as Record<string, unknown>;
	const cap: UserCap = {file};
	for (const k of Object.keys(r)) if (!KEYS.has(k)) at([k], `unknown key "roles.${k}" (allowed: ${[...KEYS].join(', ')})`, true);
	if (r['max_role'] !== undefined) {
		if (isRole(r['max_role'])) cap.maxRole = r['max_role'];
		else at(['max_role'], `roles.max_role must be one of ${ROLES.join(', ')}`);
	}
	if (r['service_groups'] !== undefined) {
		const sg = r['service_groups'];
		if (!Array.isArray(sg) || sg.some((g) => !isGroup(String(g)))) at(['service_groups'], `roles.service_groups must be a list of: ${GROUPS.join(', ')}`);
		else cap.serviceGroups = sg.map(String).filter(isGroup);
	}
	if (r['read_only'] !== undefined) {
		if (typeof r['read_only'] === 'boolean') cap.readOnly = r['read_only'];
		else at(['read_only'], 'roles.read_only must be true or false');
	}
	return problems.length ? {cap: null, problems} : {cap, problems};
}

/**
 * The user's cap from their settings file; null when there is none. Throws ConfigError when
 * malformed (or when an old second file could not be merged this start: core/settings/migrate.ts),
 * so every change is refused until it is fixed. Synchronous: cli.tsx ran prepareSettings().
 */
export function loadUserCap(dir = process.env['BERTH_CONFIG_DIR']): UserCap | null {
	const pending = dir ? null : legacyProblem();
	if (pending) throw new ConfigError([{file: pending.file, line: pending.line, col: pending.col, message: `${pending.message} (not merged into berth's config file)`}]);
	const s = readSettings({...process.env, BERTH_CONFIG_DIR: dir ?? ''});
	if (!s.exists) return null;
	if (s.error) throw new ConfigError([{file: s.path, line: s.error.line, col: s.error.col, message: s.error.message}]);
	const {cap, problems} = parseUserCap(s.data['roles'], s.path);
	if (problems.length) {
		// the places of the problems, from the file's text (parse.ts: prepareRoles() loaded it, as
		// the settings have a "roles" key; without it, the same problems at 1:1)
		const loc = rolesParser()?.settingsLocator(s.path);
		throw new ConfigError(loc ? parseUserCap(s.data['roles'], s.path, loc).problems : problems);
	}
	return cap;
}
