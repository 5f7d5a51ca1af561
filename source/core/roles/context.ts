/**
 * The roles context of this process: who runs berth, the policy, the user's own cap, read-only.
 * Loaded once (rolesContext()); a malformed policy or config throws ConfigError (exit 2).
 */
import {defaultAuditPath, SYSTEM_AUDIT_LOG} from '../audit.js';
import {computeGrants, type RolesContext} from './authorize.js';
import {currentIdentity} from './identity.js';
import {lstatSync} from 'node:fs';
import {readSettings} from '../settings/index.js';
import {loadPolicy, rolesParser, SYSTEM_POLICY} from './policy.js';
import type {Identity} from './types.js';
import {readOnlyFlag} from './read-only.js';
import {loadUserCap} from './userCap.js';

export {setReadOnly} from './read-only.js';

let cached: {ctx: RolesContext; readOnly: boolean} | null = null;

export interface LoadOptions {
	env?: NodeJS.ProcessEnv;
	identity?: Identity;
	readOnly?: boolean;
}

export function loadRolesContext(opts: LoadOptions = {}): RolesContext {
	const env = opts.env ?? process.env;
	const identity = opts.identity ?? currentIdentity(env);
	const src = loadPolicy(env, identity.uid);
	const cap = loadUserCap(env['BERTH_CONFIG_DIR']);
	const envRo = env['BERTH_READ_ONLY'] === '1' || env['BERTH_READ_ONLY'] === 'true';
	const flag = opts.readOnly ?? readOnlyFlag();
	const readOnly = {on: flag || envRo, by: flag ? '--read-only' : 'BERTH_READ_ONLY=1'};
	const grants = computeGrants(identity, src.policy, src.path, cap, readOnly);
	return {
		identity,
		policy: src.policy,
		policyPath: src.path,
		grants,
		readOnly: readOnly.on || Boolean(cap?.readOnly),
		// with a policy, the log is where the policy says (never under a $HOME or $XDG_STATE_HOME the user controls)
		auditPath: src.policy ? (src.policy.auditLog ?? SYSTEM_AUDIT_LOG) : defaultAuditPath(env),
		warnings: [...(src.policy?.warnings ?? [])],
	};
}

/**
 * Load the YAML side of the roles (parse.ts) if this context will need it: when something exists
 * at the policy's path, or the settings file has a "roles" key (or cannot be read: its problems
 * are then placed in it). cli.tsx awaits this before any command or the dashboard; without a
 * policy file and a roles setting, nothing of yaml is compiled (`berth status` is that much faster).
 */
export async function prepareRoles(env: NodeJS.ProcessEnv = process.env): Promise<void> {
	if (rolesParser() || !parserNeeded(env)) return;
	await import('./parse.js');
}

function parserNeeded(env: NodeJS.ProcessEnv): boolean {
	try {
		lstatSync(env['BERTH_POLICY'] || SYSTEM_POLICY);
		return true;
	} catch (err) {
		if ((err as NodeJS.ErrnoException).code !== 'ENOENT') return true;
	}
	try {
		const s = readSettings({...env, BERTH_CONFIG_DIR: env['BERTH_CONFIG_DIR'] ?? ''});
		return s.exists && (s.error !== null || s.data['roles'] !== undefined);
	} catch {
		return true;
	}
}

/** This process's context (loaded on first use). */
export function rolesContext(): RolesContext {
	// setReadOnly() after a load makes the next call load again
	if (cached?.readOnly !== readOnlyFlag()) cached = {ctx: loadRolesContext(), readOnly: readOnlyFlag()};
	return cached.ctx;
}
