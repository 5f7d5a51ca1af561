/**
 * The deploy pipeline: environment check → create missing bind-mount dirs → load images →
 * arch tags → compose up group by group (dependency order inside a group), each group waited on
 * until running and, with a healthcheck, healthy (engine events) → report (for each failed service
 * the doctor's findings). Every step is reported
 * through onStep; compose's output lines through onLine.
 */
import {statfsSync, existsSync} from 'node:fs';
import type {Engine} from '../../engine/connection.js';
import {composeUp, detectComposeCli, type ComposeCli, type ComposeTarget} from '../../engine/compose-cli.js';
import {inspectImage, tagImage} from '../../engine/images.js';
import {engineInfo, engineIsLocal} from '../../engine/system.js';
import type {PortBinding} from '../../engine/types.js';
import {diagnose} from '../doctor/diagnose.js';
import type {Finding} from '../doctor/types.js';
import {loadImages} from '../images/load.js';
import {normaliseRef, setupTags} from '../images/tags.js';
import {cliFileFor} from './cli-file.js';
import {bindMounts, createMissingDirs} from './mounts.js';
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
}

export interface DeployOptions {
	imagesDir?: string;
	timeoutMs: number;
	host?: string;
	signal?: AbortSignal;
	/** minimum free bytes where images and bind mounts live before a warning */
	minFreeBytes?: number;
	onStep?: (e: StepEvent) => void;
	onLine?: (line: string) => void;
	onService?: (s: ServiceStatus) => void;
}

const TITLES: Record<StepId, string> = {
	environment: 'environment check',
	'mount-dirs': 'bind-mount directories',
	'load-images': 'load images',
	'arch-tags': 'arch tags',
	up: 'compose up and wait',
	report: 'report',
};
const ORDER: StepId[] = ['environment', 'mount-dirs', 'load-images', 'arch-tags', 'up', 'report'];

const gib = (n: number) => `${(n / 2 ** 30).toFixed(1)} GiB`;

function freeBytes(path: string): number | null {
	try {
		const s = statfsSync(path);
		return s.bavail * s.bsize;
	} catch {
		return null;
	}
}

export async function deploy(engine: Engine, project: ComposeProject, o: DeployOptions): Promise<DeployResult> {
	const steps: StepEvent[] = [];
	const step = (id: StepId, status: StepStatus, detail: string) => {
		const e: StepEvent = {id, index: ORDER.indexOf(id) + 1, count: ORDER.length, title: TITLES[id], status, detail};
		const at = steps.findIndex((s) => s.id === id);
		if (at >= 0) steps[at] = e;
		else steps.push(e);
		o.onStep?.(e);
	};
	const result: DeployResult = {ok: false, project: project.model.name, steps, services: []};
	const fail = (id: StepId, detail: string) => (step(id, 'failed', detail), result);

	// 1. environment
	step('environment', 'running', `engine ${engine.serverVersion} at ${engine.where}`);
	let cli: ComposeCli;
	try {
		cli = await detectComposeCli(o.host ? {...process.env, DOCKER_HOST: engine.target.url} : process.env);
	} catch (err) {
		return fail('environment', (err as Error).message);
	}
	const notes = [`engine ${engine.serverVersion} (${engine.arch})`, `compose ${cli.flavor} ${cli.version}`];
	let envWarn = false;
	const min = o.minFreeBytes ?? 2 ** 30;
	const places: Array<[string, string]> = [['project dir', project.dir]];
	if (engineIsLocal(engine)) {
		const root = (await engineInfo(engine)).docker_root_dir;
		if (root && existsSync(root)) places.push(['engine data', root]);
	}
	for (const [what, path] of places) {
		const free = freeBytes(path);
		if (free === null) continue;
		notes.push(`${what} ${gib(free)} free`);
		if (free < min) envWarn = true;
	}
	step('environment', envWarn ? 'warn' : 'ok', notes.join(', ') + (envWarn ? ` (below ${gib(min)})` : ''));

	// 2. bind-mount directories
	const mounts = bindMounts(project.model);
	const made = createMissingDirs(mounts);
	if (made.failed.length) return fail('mount-dirs', made.failed.map((f) => `${f.source}: ${f.error}`).join('; '));
	const mountDetail = [`${mounts.length} bind mount${mounts.length === 1 ? '' : 's'}`];
	if (made.created.length) mountDetail.push(`created ${made.created.join(', ')}`);
	for (const s of made.skipped) mountDetail.push(`missing file ${s.source} (not created)`);
	step('mount-dirs', made.skipped.length ? 'warn' : 'ok', mountDetail.join('; '));

	// 3. images from a folder
	if (o.imagesDir) {
		step('load-images', 'running', o.imagesDir);
		try {
			const r = await loadImages(engine, o.imagesDir, {signal: o.signal, onProgress: (p) => p.phase === 'done' && p.result && o.onLine?.(`${p.result.status} ${p.file}${p.result.images.length ? `: ${p.result.images.join(', ')}` : ''}${p.result.note ? ` (${p.result.note})` : ''}`)});
			const d = `${r.loaded} loaded, ${r.skipped} skipped (other arch), ${r.failed} failed`;
			if (r.failed) return fail('load-images', d);
			step('load-images', 'ok', d);
		} catch (err) {
			return fail('load-images', (err as Error).message);
		}
	} else step('load-images', 'skipped', 'no --images folder given');

	// 4. arch tags, then: is every image there?
	const services = activeServices(project.model, project.profiles);
	try {
		// plan every arch tag, apply only those this stack's images need
		const wanted = new Set(services.map((n) => project.model.services[n]!.image).filter((i): i is string => Boolean(i)).map(normaliseRef));
		const t = await setupTags(engine, {dryRun: true});
		let created = 0;
		const failedTags: string[] = [];
		for (const a of t.actions.filter((x) => wanted.has(normaliseRef(x.to)) && (x.status === 'create' || x.status === 'update'))) {
			try {
				await tagImage(engine, a.from_id!, a.to);
				created++;
				o.onLine?.(`tagged ${a.from} → ${a.to}`);
			} catch (err) {
				failedTags.push(`${a.to}: ${(err as Error).message}`);
			}
		}
		const warnings = t.warnings.filter((w) => wanted.has(normaliseRef(w.image)));
		for (const w of warnings) o.onLine?.(`warning: ${w.message}`);
		const missing: string[] = [];
		for (const name of services) {
			const svc = project.model.services[name]!;
			if (svc.image && !svc.build && !(await inspectImage(engine, svc.image))) missing.push(`${name} (${svc.image})`);
		}
		const d = `${created} tag${created === 1 ? '' : 's'} created${failedTags.length ? `, failed: ${failedTags.join('; ')}` : ''}${warnings.length ? `, ${warnings.length} arch warning(s)` : ''}${missing.length ? `; not present locally: ${missing.join(', ')}` : ''}`;
		step('arch-tags', failedTags.length || missing.length || warnings.length ? 'warn' : 'ok', d);
	} catch (err) {
		step('arch-tags', 'warn', (err as Error).message);
	}

	// 5. up, group by group, each waited on through events
	const groups = groupsOf(project.model);
	const plan = groupPlan(project.model, services);
	const file = cliFileFor(project, cli.flavor);
	const target: ComposeTarget = {files: file.files, project: project.model.name, projectDir: file.projectDir, env: o.host ? {DOCKER_HOST: engine.target.url} : {}};
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
				await composeUp(cli, target, {services: g.services, onLine: (l) => o.onLine?.(l), signal: o.signal});
			} catch (err) {
				upFailed = true;
				upNotes.push(`${g.group}: ${(err as Error).message}`);
			}
			const svcs = project.model.services;
			const waited = await waitForServices(engine, {
				project: project.model.name,
				services: g.services,
				health: new Set(g.services.filter((s) => svcs[s]!.healthcheck && svcs[s]!.healthcheck!['disable'] !== true)),
				completes: new Set(services.flatMap((s) => Object.entries(svcs[s]!.depends_on ?? {}).filter(([, d]) => d.condition === 'service_completed_successfully').map(([d]) => d))),
				restarts: new Set(g.services.filter((s) => ['always', 'unless-stopped'].includes(String(svcs[s]!['restart'] ?? '')) || String(svcs[s]!['restart'] ?? '').startsWith('on-failure'))),
				upFailed,
				timeoutMs: Math.max(1000, deadline - Date.now()),
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
	step('up', upOk ? 'ok' : 'failed', `${Object.keys(status).length - failed.length}/${Object.keys(status).length} services up${upNotes.length ? `; ${upNotes.join('; ')}` : ''}`);

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
