/** The rule table and the pure entry point: facts about one container → its findings. */
import {archMismatchRule, gpuRuntimeMissing, imageMissing, mountMissing, portInUse} from './rules-resources.js';
import {execFormat, exitedNonzero, oomKilled, permissionDenied, restartLoop, startFailed, unhealthy} from './rules-process.js';
import type {ContainerFacts, Finding, FindingCode, Rule} from './types.js';
import {sanitize} from '../sanitize.js';

export const RULES: Array<{code: FindingCode; rule: Rule}> = [
	{code: 'image-missing', rule: imageMissing},
	{code: 'oom-killed', rule: oomKilled},
	{code: 'exec-format', rule: execFormat},
	{code: 'arch-mismatch', rule: archMismatchRule},
	{code: 'permission-denied', rule: permissionDenied},
	{code: 'port-in-use', rule: portInUse},
	{code: 'mount-missing', rule: mountMissing},
	{code: 'gpu-runtime-missing', rule: gpuRuntimeMissing},
	{code: 'unhealthy', rule: unhealthy},
	{code: 'restart-loop', rule: restartLoop},
	{code: 'exited-nonzero', rule: exitedNonzero},
	{code: 'start-failed', rule: startFailed},
];

/** Findings that explain a failure; with one of these the generic ones add nothing. */
const SPECIFIC: FindingCode[] = ['oom-killed', 'exec-format', 'permission-denied', 'port-in-use', 'mount-missing', 'gpu-runtime-missing', 'image-missing'];

const SEVERITY_ORDER = {error: 0, warning: 1, info: 2} as const;

export function diagnoseFacts(f: ContainerFacts): Finding[] {
	const container = f.inspect.Name.replace(/^\//, '');
	const service = f.inspect.Config?.Labels?.['com.docker.compose.service'] ?? null;
	const raw = RULES.flatMap(({rule}) => rule(f));
	const codes = new Set(raw.map((r) => r.code));
	const specific = SPECIFIC.some((c) => codes.has(c) && raw.some((r) => r.code === c && r.severity === 'error'));
	const kept = raw.filter((r) => {
		if (r.code === 'start-failed') return !specific;
		if (r.code === 'exited-nonzero') return !specific && !codes.has('restart-loop');
		return true;
	});
	return kept
		// messages quote healthcheck output and log lines: shown inert (core/sanitize)
		.map((r) => ({container, service, ...r, message: sanitize(r.message, {multiline: true}), fix: sanitize(r.fix, {multiline: true})}))
		.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}
