/**
 * The deploy pipeline: checks → create missing bind-mount dirs → load images → arch tags →
 * compose up group by group (dependency order inside a group), each group waited on until running
 * and, with a healthcheck, healthy (engine events) → report (for each failed service the doctor's
 * findings). Every step is reported through onStep; compose's output lines through onLine.
 *
 * Never half-applied: the first step checks everything that can be checked before a change
 * (deploy-prep.ts preflight: the file as validate and the compose CLI judge it, host ports held by
 * others, bind sources that look like missing files, images neither present nor in the bundle)
 * and stops with every problem listed, nothing changed — unless `force` (then the port, mount and
 * image problems are warnings; a file compose rejects still stops). dryRun: nothing is changed,
 * each step says what it would do.
 */
import type {Engine} from '../../engine/connection.js';
import {engineEnv} from '../../engine/child-env.js';
import {composeUp, type ComposeTarget} from '../../engine/compose-cli.js';
import type {PortBinding} from '../../model/container.js';
import {diagnose} from '../doctor/diagnose.js';
import type {Finding} from '../doctor/types.js';
import {cliFileFor} from './cli-file.js';
import {groupLabels} from '../roles/containerGroup.js';
import {archTags, loadImageDir, preflight, prepareMounts, UNFORCEABLE, type Problem} from './deploy-prep.js';
import {cacheDir} from './cli-file.js';
import {activeServices, groupPlan, groupsOf} from './order.js';
import type {ComposeProject} from './types.js';
import {waitForServices, type ServiceStatus} from './wait.js';

export type StepId = 'environment' | 'mount-dirs' | 'load-images' | 'arch-tags' | 'up' | 'report';
export type StepStatus = 'running' | 'ok' | 'warn' | 'failed' | 'skipped';

export interface StepEvent {
	id: StepId;
	index: number;
	count: number;
	title: string;
	status: StepStatus;
	detail: string;
	/** for a failed step: what to do */
	fix?: string;
}

export interface ServiceOutcome {
	service: string;
	group: string;
	state: ServiceStatus['state'];
	detail: string;
	containers: Array<{id: string; name: string}>;
	ports: PortBinding[];
	/** for a failed service: the doctor's findings */
	findings?: Finding[];
}

export interface DeployResult {
	ok: boolean;
	project: string;
	steps: StepEvent[];
	services: ServiceOutcome[];
	/** what the checks found before any change (with --force: what was gone on despite) */
	problems: Problem[];
	/** stopped by the checks: nothing was changed */
	stopped: boolean;
	/** a problem in the compose file itself (exit 2 rather than 1) */
	fileProblem: boolean;
}

export interface DeployOptions {
	imagesDir?: string;
	timeoutMs: number;
	host?: string;
	signal?: AbortSignal;
	/** change nothing: report what each step would do */
	dryRun?: boolean;
	/** go on despite port, mount and image problems found by the checks */
	force?: boolean;
	/** minimum free bytes where images and bind mounts live before a warning */
	minFreeBytes?: number;
	onStep?: (e: StepEvent) => void;
	onLine?: (line: string) => void;
	onService?: (s: ServiceStatus) => void;
}

const TITLES: Record<StepId, string> = {
	environment: 'checks before any change',
	'mount-dirs': 'bind-mount directories',
	'load-images': 'load images',
	'arch-tags': 'arch tags',
	up: 'compose up and wait',
	report: 'report',
};
const ORDER: StepId[] = ['environment', 'mount-dirs', 'load-images', 'arch-tags', 'up', 'report'];

export async function deploy(engine: Engine, project: ComposeProject, o: DeployOptions): Promise<DeployResult> {
	const steps: StepEvent[] = [];
	const step = (id: StepId, status: StepStatus, detail: string, fix?: string) => {
		const e: StepEvent = {id, index: ORDER.indexOf(id) + 1, count: ORDER.length, title: TITLES[id], status, detail, ...(fix ? {fix} : {})};
		const at = steps.findIndex((s) => s.id === id);
		if (at >= 0) steps[at] = e;
		else steps.push(e);
		o.onStep?.(e);
	};
	const result: DeployResult = {ok: false, project: project.model.name, steps, services: [], problems: [], stopped: false, fileProblem: false};

	const dry = Boolean(o.dryRun);
	// 1. every check, before any change
	step('environment', 'running', `engine ${engine.serverVersion} at ${engine.where}`);
	const pre = await preflight(engine, project, {imagesDir: o.imagesDir, minFree: o.minFreeBytes});
	result.problems = pre.problems;
	result.fileProblem = pre.problems.some((p) => UNFORCEABLE.includes(p.kind));
	const stop = pre.problems.length > 0 && (result.fileProblem || !o.force);
	if (stop) {
		step(
			'environment',
			'failed',
			pre.detail,
			result.fileProblem ? 'fix the problems listed (each with its fix); a compose file with errors cannot be deployed' : 'fix the problems listed (each with its fix), or pass --force to deploy anyway',
		);
		if (!dry || !pre.cli) {
			result.stopped = true;
			step('report', 'failed', `stopped before any change: ${pre.problems.length} problem${pre.problems.length === 1 ? '' : 's'}; nothing was changed`);
			return result;
		}
	} else step('environment', pre.problems.length ? 'warn' : pre.status, pre.problems.length ? `${pre.detail} — going on (--force)` : pre.detail);
	if (!pre.cli) return result;
	const cli = pre.cli;

	// 2. bind-mount directories
	const mounts = prepareMounts(project, dry);
	step('mount-dirs', mounts.status, mounts.detail, mounts.status === 'failed' ? 'create the directories yourself (mkdir -p) with the owner the services need, then deploy again' : undefined);
	if (mounts.status === 'failed') return result;

	// 3. images from a folder
	if (o.imagesDir) step('load-images', 'running', o.imagesDir);
	const images = await loadImageDir(engine, o.imagesDir, dry, o.onLine, o.signal);
	step('load-images', images.status, images.detail, images.status === 'failed' ? `docker load -i ARCHIVE shows why an archive does not load; replace it or take it out of ${o.imagesDir}` : undefined);
	if (images.status === 'failed') return result;

	// 4. arch tags, then: is every image there?
	const services = activeServices(project.model, project.profiles);
	const tags = await archTags(engine, project, services, dry, o.onLine);
	step('arch-tags', tags.status, tags.detail);

	const groups = groupsOf(project.model);
	const plan = groupPlan(project.model, services);
	if (dry) {
		step('up', 'skipped', `would start ${plan.map((g) => `${g.group}: ${g.services.join(', ')}`).join(' → ')}`);
		step('report', stop ? 'failed' : 'ok', stop ? `dry run: nothing was changed; ${pre.problems.length} problem${pre.problems.length === 1 ? '' : 's'} would stop the deploy` : 'dry run: nothing was changed');
		result.ok = !stop;
		result.stopped = stop;
		result.services = plan.flatMap((g) => g.services.map((service) => ({service, group: g.group, state: 'pending' as const, detail: 'not started (dry run)', containers: [], ports: []})));
		return result;
	}

	// 5. up, group by group, each waited on through events
	const file = cliFileFor(project, cli.flavor);
	// compose names berth's cached v1 copy in its messages: show the user's file instead
	const copy = file.files[0] && file.files[0] !== project.file && file.files[0].startsWith(cacheDir()) ? file.files[0] : null;
	const shown = (t: string) => (copy ? t.split(copy).join(project.file) : t);
	const target: ComposeTarget = {files: file.files, project: project.model.name, projectDir: file.projectDir, env: engineEnv(engine.target), labels: groupLabels(project.model)};
	const deadline = Date.now() + o.timeoutMs;
	const status: Record<string, ServiceStatus> = {};
	const upNotes: string[] = [];
	try {
		for (const g of plan) {
			if (o.signal?.aborted) {
				upNotes.push(`aborted before ${g.group}`);
				break;
			}
			step('up', 'running', `${g.group}: ${g.services.join(', ')}`);
			let upFailed = false;
			try {
				await composeUp(cli, target, {services: g.services, onLine: (l) => o.onLine?.(shown(l)), signal: o.signal});
			} catch (err) {
				upFailed = true;
				upNotes.push(`${g.group}: ${shown((err as Error).message)}`);
			}
			const svcs = project.model.services;
			const waited = await waitForServices(engine, {
				project: project.model.name,
				// scale 0 / replicas 0: compose starts no container, nothing to wait for
				services: g.services.filter((s) => Number(svcs[s]!['scale'] ?? 1) !== 0 && Number((svcs[s]!['deploy'] as {replicas?: unknown} | undefined)?.replicas ?? 1) !== 0),
				health: new Set(g.services.filter((s) => svcs[s]!.healthcheck && svcs[s]!.healthcheck!['disable'] !== true)),
				completes: new Set(services.flatMap((s) => Object.entries(svcs[s]!.depends_on ?? {}).filter(([, d]) => d.condition === 'service_completed_successfully').map(([d]) => d))),
				restarts: new Set(g.services.filter((s) => ['always', 'unless-stopped'].includes(String(svcs[s]!['restart'] ?? '')) || String(svcs[s]!['restart'] ?? '').startsWith('on-failure'))),
				upFailed,
				timeoutMs: Math.max(1000, deadline - Date.now()),
				timeoutLabel: `${Math.round(o.timeoutMs / 1000)} s (--timeout)`,
				signal: o.signal,
				onChange: o.onService,
			});
			Object.assign(status, waited);
		}
	} finally {
		file.cleanup();
	}
	const failed = Object.values(status).filter((s) => s.state === 'failed');
	const upOk = failed.length === 0 && upNotes.length === 0;
	step(
		'up',
		upOk ? 'ok' : 'failed',
		`${Object.keys(status).length - failed.length}/${Object.keys(status).length} services up${upNotes.length ? `; ${upNotes.join('; ')}` : ''}`,
		upOk ? undefined : `the doctor's findings for each failed service follow (berth doctor -p ${project.model.name} shows them again)`,
	);

	// the doctor's findings for each failed service
	const findings: Record<string, Finding[]> = {};
	if (failed.length) {
		try {
			for (const f of await diagnose(engine, {project: project.model.name, services: failed.map((s) => s.service)})) (findings[f.service ?? ''] ??= []).push(f);
		} catch (err) {
			o.onLine?.(`doctor failed: ${(err as Error).message}`);
		}
	}
	result.services = Object.values(status).map((s) => ({
		service: s.service,
		group: groups[s.service] ?? 'application',
		state: s.state,
		detail: s.detail,
		containers: s.containers.map((c) => ({id: c.id, name: c.name})),
		ports: s.containers.flatMap((c) => c.ports),
		...(s.state === 'failed' ? {findings: findings[s.service] ?? []} : {}),
	}));
	result.ok = upOk;
	step('report', upOk ? 'ok' : 'failed', upOk ? 'every service is up' : `${failed.length} service${failed.length === 1 ? '' : 's'} failed: ${failed.map((f) => f.service).join(', ')}`);
	return result;
}
