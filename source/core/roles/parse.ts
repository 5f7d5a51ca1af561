/**
 * The YAML side of the roles: the policy's parser and positions in the settings file. yaml and
 * the compose locator are ≈290 KB for Node to compile; this module is loaded only when a policy
 * file or a "roles" setting exists (context.ts prepareRoles()), and registers itself with
 * policy.ts when it loads. Without it, loadPolicy() refuses a policy file it finds (fail closed).
 */
import {readFileSync} from 'node:fs';
import {isAbsolute, normalize} from 'node:path';
import {LineCounter, parseDocument} from 'yaml';
import {Locator} from '../compose/locate.js';
import {GROUPS, isGroup, type GroupName} from '../groups.js';
import {useRolesParser, type Policy, type PolicyRule, type Problem} from './policy.js';
import {isRole, ROLES, type Role} from './types.js';

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

/** Place of a JSON path in the file's text (JSON is YAML, so the yaml parser gives positions). */
export function settingsLocator(file: string): Locator {
	let text = '';
	try {
		text = readFileSync(file, 'utf8');
	} catch {
		// positions default to 1:1
	}
	const lines = new LineCounter();
	return new Locator(file, parseDocument(text, {lineCounter: lines}), lines);
}


useRolesParser({parsePolicy, settingsLocator});
