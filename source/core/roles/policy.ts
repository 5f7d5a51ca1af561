/**
 * The policy file (YAML, default /etc/berth/policy.yaml, BERTH_POLICY overrides the path):
 *
 *   audit_log: /var/log/berth/audit.log   # optional; default: the user's state dir
 *   default_role: viewer                  # anyone no rule matches (viewer when omitted)
 *   rules:
 *     - name: dba                         # optional, shown in refusals
 *       os_groups: [dba]                  # and/or users: [alice]; users: ["*"] is everyone
 *       role: operator
 *       service_groups: [foundation]      # optional: where the role applies (default: all)
 *
 * Every problem is reported as file:line:col; a policy with any problem is not used at all.
 */
import {closeSync, constants, fstatSync, lstatSync, openSync, readFileSync, readlinkSync} from 'node:fs';
import {isAbsolute, join, normalize, resolve} from 'node:path';
import {LineCounter, parseDocument} from 'yaml';
import {Locator} from '../compose/locate.js';
import {GROUPS, isGroup, type GroupName} from '../groups.js';
import {isRole, ROLES, type Role} from './types.js';

export const SYSTEM_POLICY = '/etc/berth/policy.yaml';

export interface PolicyRule {
	index: number;
	name?: string;
	users: string[];
	osGroups: string[];
	role: Role;
	/** null: every service group */
	serviceGroups: GroupName[] | null;
	line: number;
}

export interface Policy {
	file: string;
	auditLog?: string;
	defaultRole: Role;
	/** line of default_role, when written */
	defaultLine?: number;
	rules: PolicyRule[];
	/** not fatal: e.g. the file is writable by others */
	warnings: string[];
}

export interface Problem {
	file: string;
	line: number;
	col: number;
	message: string;
}

export const formatProblem = (p: Problem) => `${p.file}:${p.line}:${p.col} ${p.message}`;

/** A config/policy that cannot be used: every problem with its place. Exit code 2. */
export class ConfigError extends Error {
	constructor(readonly problems: Problem[]) {
		super(problems.map(formatProblem).join('\n'));
		this.name = 'ConfigError';
	}
}

const TOP = new Set(['version', 'audit_log', 'default_role', 'rules']);
const RULE_KEYS = new Set(['name', 'users', 'os_groups', 'role', 'service_groups']);
const isObj = (v: unknown): v is Record<string, unknown> => Boolean(v) && typeof v === 'object' && !Array.isArray(v);

/** Pure: policy text → Policy, or every problem found. */
export function parsePolicy(text: string, file: string): {policy: Policy | null; problems: Problem[]} {
	const lines = new LineCounter();
	const doc = parseDocument(text, {lineCounter: lines, prettyErrors: false, uniqueKeys: true});
	const loc = new Locator(file, doc, lines);
	const problems: Problem[] = [];
	const at = (path: Array<string | number>, message: string, key = false) => problems.push({file, ...loc.at(path, key), message});
	for (const e of doc.errors) problems.push({file, ...lines.linePos(e.pos[0]), message: `YAML: ${e.message.split('\n')[0]}`});
	if (problems.length) return {policy: null, problems};
	const top: unknown = doc.toJS() ?? {};
	if (!isObj(top)) {
		at([], 'the policy must be a mapping (audit_log, default_role, rules)');
		return {policy: null, problems};
	}
	for (const k of Object.keys(top)) if (!TOP.has(k)) at([k], `unknown key "${k}" (allowed: ${[...TOP].join(', ')})`, true);
	if (top['version'] !== undefined && top['version'] !== 1) at(['version'], 'version must be 1');
	const policy: Policy = {file, defaultRole: 'viewer', rules: [], warnings: []};
	if (top['audit_log'] !== undefined) {
		const a = top['audit_log'];
		if (typeof a !== 'string' || !isAbsolute(a)) at(['audit_log'], 'audit_log must be an absolute file path');
		else if (/^\/(proc|sys|dev)(\/|$)/.test(normalize(a))) at(['audit_log'], `audit_log ${a} is on a pseudo file system (/proc, /sys, /dev): no log can be kept there`);
		else policy.auditLog = a;
	}
	if (top['default_role'] !== undefined) {
		if (!isRole(top['default_role'])) at(['default_role'], `default_role must be one of ${ROLES.join(', ')}`);
		else {
			policy.defaultRole = top['default_role'];
			policy.defaultLine = loc.at(['default_role']).line;
		}
	}
	const rules = top['rules'] ?? [];
	if (!Array.isArray(rules)) at(['rules'], 'rules must be a list');
	else rules.forEach((r: unknown, i) => {
		const here = ['rules', i];
		if (!isObj(r)) return void at(here, `rules[${i}] must be a mapping (users/os_groups, role, service_groups)`);
		for (const k of Object.keys(r)) if (!RULE_KEYS.has(k)) at([...here, k], `unknown key "${k}" in rules[${i}] (allowed: ${[...RULE_KEYS].join(', ')})`, true);
		const list = (k: string): string[] | null => {
			const v = r[k];
			if (v === undefined) return [];
			if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' && typeof x !== 'number') || v.length === 0) {
				at([...here, k], `${k} must be a non-empty list of names`);
				return null;
			}
			return v.map(String);
		};
		const users = list('users');
		const osGroups = list('os_groups');
		if (users && osGroups && users.length === 0 && osGroups.length === 0) at(here, `rules[${i}] needs users or os_groups (users: ["*"] matches everyone)`);
		if (!isRole(r['role'])) at(r['role'] === undefined ? here : [...here, 'role'], `rules[${i}].role must be one of ${ROLES.join(', ')}`);
		let serviceGroups: GroupName[] | null = null;
		if (r['service_groups'] !== undefined) {
			const sg = r['service_groups'];
			if (!Array.isArray(sg) || sg.length === 0) at([...here, 'service_groups'], `service_groups must be a non-empty list of: ${GROUPS.join(', ')}`);
			else {
				sg.forEach((g, j) => {
					if (!isGroup(String(g))) at([...here, 'service_groups', j], `unknown service group "${String(g)}" (groups: ${GROUPS.join(', ')})`);
				});
				serviceGroups = sg.map(String).filter(isGroup);
			}
		}
		if (r['name'] !== undefined && typeof r['name'] !== 'string') at([...here, 'name'], 'name must be a string');
		if (users && osGroups && isRole(r['role'])) {
			const rule: PolicyRule = {index: i, users, osGroups, role: r['role'], serviceGroups, line: loc.at(here).line};
			if (typeof r['name'] === 'string') rule.name = r['name'];
			policy.rules.push(rule);
		}
	});
	return problems.length ? {policy: null, problems} : {policy, problems};
}

export interface PolicySource {
	policy: Policy | null;
	/** the path looked at */
	path: string;
	/** where the path came from */
	from: 'BERTH_POLICY' | 'system';
}

/**
 * Find and load the policy. The file is opened once (O_NOFOLLOW, O_NONBLOCK) and every check is
 * made on the open descriptor (fstat: a regular file; owner and mode), then read from it — there is
 * no second look-up of the path a swapped symlink could redirect. Fails closed (ConfigError): a
 * BERTH_POLICY that names a missing file, or (for anyone but root) a symlink anywhere in its path
 * (each component lstat'ed, and the opened file's real path must be the path given), a file not
 * owned by root or writable by group/others — else any user could point berth at a policy of their
 * own; an unreadable or malformed policy.
 */
export function loadPolicy(env: NodeJS.ProcessEnv = process.env, uid = process.getuid?.() ?? 0): PolicySource {
	const override = env['BERTH_POLICY'];
	const path = override || SYSTEM_POLICY;
	const from = override ? 'BERTH_POLICY' : 'system';
	const fail = (message: string): never => {
		throw new ConfigError([{file: path, line: 1, col: 1, message}]);
	};
	const strict = Boolean(override) && uid !== 0;
	const abs = resolve(path);
	if (strict) {
		let at = '/';
		for (const part of abs.split('/').filter(Boolean)) {
			at = join(at, part);
			try {
				if (lstatSync(at).isSymbolicLink()) fail(`BERTH_POLICY must not pass through a symbolic link (${at} is one): name the real file`);
			} catch (err) {
				if (err instanceof ConfigError) throw err;
				if ((err as NodeJS.ErrnoException).code === 'ENOENT') fail('BERTH_POLICY names a file that does not exist (unset it to use the system policy)');
				fail(`cannot check ${at}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
			}
		}
	}
	let fd: number;
	try {
		fd = openSync(abs, constants.O_RDONLY | constants.O_NONBLOCK | (strict ? constants.O_NOFOLLOW : 0));
	} catch (err) {
		const code = (err as NodeJS.ErrnoException).code;
		if (code === 'ENOENT') {
			if (override) fail('BERTH_POLICY names a file that does not exist (unset it to use the system policy)');
			return {policy: null, path, from};
		}
		if (code === 'ELOOP') fail('BERTH_POLICY must not be a symbolic link: name the real file');
		return fail(`cannot read the policy: ${code ?? (err as Error).message}`);
	}
	let buf: Buffer;
	let looseOwner: boolean;
	try {
		const st = fstatSync(fd);
		if (!st.isFile()) fail('the policy must be a regular file');
		if (strict) {
			// the file opened is the file named: no directory in the path was swapped for a link meanwhile
			let real = '';
			try {
				real = readlinkSync(`/proc/self/fd/${fd}`);
			} catch {
				real = abs; // no /proc: the lstat walk above is the check
			}
			if (real !== abs) fail(`BERTH_POLICY must not pass through a symbolic link (it led to ${real})`);
		}
		looseOwner = st.uid !== 0 || (st.mode & 0o022) !== 0;
		if (strict && looseOwner) fail('BERTH_POLICY must name a file owned by root and not writable by group or others');
		buf = readFileSync(fd);
	} catch (err) {
		if (err instanceof ConfigError) throw err;
		return fail(`cannot read the policy: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
	} finally {
		closeSync(fd);
	}
	let text = '';
	try {
		text = new TextDecoder('utf-8', {fatal: true}).decode(buf);
	} catch {
		const lines = new TextDecoder('utf-8').decode(buf).split('\ufffd')[0]!.split('\n');
		throw new ConfigError([{file: path, line: lines.length, col: lines.at(-1)!.length + 1, message: 'invalid UTF-8 (the policy must be UTF-8 text)'}]);
	}
	const {policy, problems} = parsePolicy(text, path);
	if (!policy) throw new ConfigError(problems);
	if (looseOwner) policy.warnings.push(`${path} is not owned by root or is writable by group/others: anyone who can edit it can change everyone's rights`);
	return {policy, path, from};
}
