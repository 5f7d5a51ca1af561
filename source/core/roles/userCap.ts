/**
 * A user's own limits, in berth's config file (conf: ~/.config/berth-nodejs/config.json, or
 * $BERTH_CONFIG_DIR/config.json):  "roles": {"max_role": "viewer", "service_groups": ["application"],
 * "read_only": true}. It can only lower what the policy grants, never raise it.
 */
import {readFileSync} from 'node:fs';
import {dirname} from 'node:path';
import type Conf from 'conf';
import {LineCounter, parseDocument} from 'yaml';
import {Locator} from '../compose/locate.js';
import {confFor, confPath} from '../confFile.js';
import {GROUPS, isGroup, type GroupName} from '../groups.js';
import {ConfigError, type Problem} from './policy.js';
import {isRole, ROLES, type Role} from './types.js';

export interface UserCap {
	file: string;
	maxRole?: Role;
	/** outside these groups the user keeps only viewer */
	serviceGroups?: GroupName[];
	readOnly?: boolean;
}

const KEYS = new Set(['max_role', 'service_groups', 'read_only']);

/** Place of a JSON path in the file's text (JSON is YAML, so the yaml parser gives positions). */
function locator(file: string): Locator {
	let text = '';
	try {
		text = readFileSync(file, 'utf8');
	} catch {
		// positions default to 1:1
	}
	const lines = new LineCounter();
	return new Locator(file, parseDocument(text, {lineCounter: lines}), lines);
}

/** Pure: validate the "roles" value; file only names the place in messages. */
export function parseUserCap(raw: unknown, file: string, loc: Locator = new Locator(file, null, null)): {cap: UserCap | null; problems: Problem[]} {
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
 * The user's cap from their config file; null when there is none. Throws ConfigError when
 * malformed. Synchronous: cli.tsx has loaded conf beforehand if the file exists (core/confFile.ts).
 */
export function loadUserCap(dir = process.env['BERTH_CONFIG_DIR']): UserCap | null {
	const file = confPath({cwd: dir});
	const Conf = confFor(file);
	if (!Conf) return null;
	let syntax: Error | null = null;
	let conf: Conf<Record<string, unknown>>;
	try {
		conf = new Conf<Record<string, unknown>>({
			projectName: 'berth',
			cwd: dirname(file), // the very file confFor() found
			deserialize: (text: string) => {
				try {
					return JSON.parse(text) as Record<string, unknown>;
				} catch (err) {
					syntax = err as Error;
					return {};
				}
			},
		});
	} catch {
		return null; // no home directory, or not ours to create: no user config
	}
	if (syntax) {
		const message = (syntax as Error).message;
		const pos = /position (\d+)/.exec(message);
		let line = 1;
		let col = 1;
		if (pos) {
			const before = readFileSync(conf.path, 'utf8').slice(0, Number(pos[1]));
			line = before.split('\n').length;
			col = before.length - before.lastIndexOf('\n');
		}
		throw new ConfigError([{file: conf.path, line, col, message: `invalid JSON: ${message.split('\n')[0]}`}]);
	}
	const {cap, problems} = parseUserCap(conf.get('roles'), conf.path, locator(conf.path));
	if (problems.length) throw new ConfigError(problems);
	return cap;
}
