/** Roles, read-only mode and the audit trail: one gate for the CLI and the TUI. */
export * from './types.js';
export {authorize, allowedActions, computeGrants, groupsOfTarget, rolesSummary, type RolesContext} from './authorize.js';
export {loadRolesContext, prepareRoles, rolesContext, setReadOnly} from './context.js';
export {audit, guard, guarded, RefusedError, type Attempt, type Outcome} from './guard.js';
export {ConfigError, loadPolicy, formatProblem, SYSTEM_POLICY, type Policy, type Problem} from './policy.js';
export {parsePolicy} from './parse.js';
export {uniformGrants} from './resolve.js';
export {AuditLog, appendAudit, auditLine, defaultAuditPath, type AuditEntry} from '../audit.js';
export {containerTarget, guardAction, guardContainer, refuseAction} from './gate.js';
export {containerGroup, groupLabels} from './containerGroup.js';
export {asInvoker, dropToInvoker} from './invoker.js';
