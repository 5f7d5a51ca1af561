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
import {join, resolve} from 'node:path';
import type {GroupName} from '../groups.js';
import type {Role} from './types.js';

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

/** The YAML side of the roles (core/roles/parse.ts registers itself here when it loads). */
export interface RolesParser {
	/** policy text → Policy, or every problem found */
	parsePolicy(text: string, file: string): {policy: Policy | null; problems: Problem[]};
	/** positions in the settings file (JSON is YAML: the yaml parser gives them) */
	settingsLocator(file: string): {at(path: Array<string | number>, key?: boolean): {line: number; col: number}};
}

let parser: RolesParser | null = null;

export function useRolesParser(p: RolesParser): void {
	parser = p;
}

/** The parser, when core/roles/parse.ts was loaded (context.ts prepareRoles() loads it when a policy or a roles setting exists). */
export const rolesParser = (): RolesParser | null => parser;

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
	// fail closed: a policy that exists is never read as no policy
	if (!parser) fail('internal: the policy parser was not loaded (prepareRoles() first); every change is refused');
	const {policy, problems} = parser!.parsePolicy(text, path);
	if (!policy) throw new ConfigError(problems);
	if (looseOwner) policy.warnings.push(`${path} is not owned by root or is writable by group/others: anyone who can edit it can change everyone's rights`);
	return {policy, path, from};
}
