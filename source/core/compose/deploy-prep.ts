/**
 * The deploy steps before `compose up`: environment check, bind-mount directories, images from a
 * folder, arch tags. Each returns {status, detail}; with dryRun nothing is changed and the detail
 * says what would be done.
 */
import {accessSync, constants, existsSync, statfsSync} from 'node:fs';
import {dirname, join} from 'node:path';
import type {Engine} from '../../engine/connection.js';
import {engineEnv} from '../../engine/child-env.js';
import {ComposeCliError, compose, detectComposeCli, type ComposeCli} from '../../engine/compose-cli.js';
import {inspectImage, tagImage} from '../../engine/images.js';
import {engineInfo, engineIsLocal} from '../../engine/system.js';
import {hostArch, splitArchSuffix} from '../images/arch.js';
import {findArchives, loadImages, skipReason} from '../images/load.js';
import {normaliseRef, setupTags} from '../images/tags.js';
import {publishedPorts, portHolders} from '../ports.js';
import {archiveImages} from './bundle.js';
import {cliFileFor} from './cli-file.js';
import {bindMounts, createMissingDirs} from './mounts.js';
import {activeServices} from './order.js';
import {formatDiagnostic, type ComposeProject} from './types.js';

export type PrepStatus = 'ok' | 'warn' | 'failed' | 'skipped';
export interface PrepResult {
	status: PrepStatus;
	detail: string;
}

const gib = (n: number) => `${(n / 2 ** 30).toFixed(1)} GiB`;
const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;

function freeBytes(path: string): number | null {
	try {
		const s = statfsSync(path);
		return s.bavail * s.bsize;
	} catch {
		return null;
	}
}

/** Host ports this stack publishes that something else (not this project) holds now. */
async function takenPorts(engine: Engine, project: ComposeProject): Promise<Array<{port: string; service: string; by: string}>> {
	const out: Array<{port: string; service: string; by: string}> = [];
	try {
		const all = await publishedPorts(engine);
		const published = all.filter((u) => u.project !== project.model.name);
		// this project's own containers (a re-deploy) hold their ports through docker-proxy
		const own = (port: number, proto: string) => all.some((u) => u.project === project.model.name && u.host_port === port && u.protocol === proto);
		for (const name of activeServices(project.model, project.profiles)) {
			for (const p of project.model.services[name]!.ports ?? []) {
				if (p.host_port === null || p.host_port === 0 || p.host_port_end !== undefined || p.protocol === 'sctp') continue;
				const holders = (await portHolders(engine, p.host_port, p.protocol, p.host_ip || '0.0.0.0', undefined, published)).filter(
					(h) => !(h.kind === 'process' && h.name === 'docker-proxy' && own(p.host_port!, p.protocol)),
				);
				if (holders.length) out.push({port: `${p.host_port}/${p.protocol}`, service: name, by: holders.map((h) => `${h.kind} ${h.name}${h.kind === 'process' && h.pid ? ` (pid ${h.pid})` : ''}`).join(', ')});
			}
		}
	} catch {
		// best effort: compose up reports a taken port anyway
	}
	return out;
}

/** What stops a deploy before anything is changed. */
export type ProblemKind = 'compose-file' | 'compose-config' | 'compose-cli' | 'port' | 'mount' | 'image';
export interface Problem {
	kind: ProblemKind;
	service?: string;
	message: string;
	/** what to do about it */
	fix: string;
}
/** problems --force does not override: compose would refuse the file (or cannot run) anyway */
export const UNFORCEABLE: readonly ProblemKind[] = ['compose-file', 'compose-config', 'compose-cli'];

export interface Preflight extends PrepResult {
	cli?: ComposeCli;
	problems: Problem[];
}

/**
 * Everything that can be checked before the first change, all of it (not the first failure): the
 * compose file as `berth validate` judges it and as the compose CLI reads it (`config -q`), the
 * compose CLI, free disk, host ports held by something else, bind-mount sources that are missing
 * and look like files (or cannot be created), and each service's image: on the engine, made by
 * an arch tag, or in the --images folder. Changes nothing (but berth's own cached v1 copy of the
 * file, see cli-file.ts).
 */
export async function preflight(engine: Engine, project: ComposeProject, o: {imagesDir?: string; minFree?: number} = {}): Promise<Preflight> {
	const problems: Problem[] = [];
	const minFree = o.minFree ?? 2 ** 30;
	const fileErrors = project.diagnostics.filter((d) => d.severity === 'error');
	for (const d of fileErrors) problems.push({kind: 'compose-file', message: formatDiagnostic(d), fix: `fix the file there (berth validate -f ${project.file} lists every problem)`});

	let cli: ComposeCli | undefined;
	const env = {...process.env, ...engineEnv(engine.target)};
	try {
		cli = await detectComposeCli(env);
	} catch (err) {
		problems.push({kind: 'compose-cli', message: (err as Error).message, fix: (err as ComposeCliError).hint || 'install the compose CLI'});
	}
	const notes = [`engine ${engine.serverVersion} (${engine.arch})`, ...(cli ? [`compose ${cli.flavor} ${cli.version}`] : [])];

	// the compose CLI's own judgement of the file (what `up` would say), when berth's has no errors
	if (cli && fileErrors.length === 0) {
		const file = cliFileFor(project, cli.flavor);
		const shown = (t: string) => (file.files[0] && file.files[0] !== project.file ? t.split(file.files[0]).join(project.file) : t);
		try {
			await compose(cli, {files: file.files, project: project.model.name, projectDir: file.projectDir, env: engineEnv(engine.target)}, ['config', '-q']);
		} catch (err) {
			const e = err as ComposeCliError;
			const why = (e.output?.length ? e.output : [e.message]).map((l) => shown(l.trim())).filter(Boolean).join(' ');
			problems.push({kind: 'compose-config', message: `${cli.flavor === 'v1' ? 'docker-compose' : 'docker compose'} rejects ${project.file}: ${why}`, fix: `fix the file; \`${cli.flavor === 'v1' ? 'docker-compose' : 'docker compose'} -f ${project.file} config\` shows how compose reads it`});
		} finally {
			file.cleanup();
		}
	}

	// free disk where the project and the engine's data live (a note, not a stop)
	let low = false;
	const places: Array<[string, string]> = [['project dir', project.dir]];
	try {
		if (engineIsLocal(engine)) {
			const root = (await engineInfo(engine)).docker_root_dir;
			if (root && existsSync(root)) places.push(['engine data', root]);
		}
	} catch {
		// no info: only the project dir
	}
	for (const [what, path] of places) {
		const free = freeBytes(path);
		if (free === null) continue;
		notes.push(`${what} ${gib(free)} free`);
		if (free < minFree) low = true;
	}

	for (const t of await takenPorts(engine, project)) {
		problems.push({kind: 'port', service: t.service, message: `host port ${t.port} of service ${t.service} is held by ${t.by}`, fix: `stop what holds it, or publish another host port in ${project.file}`});
	}

	const seen = new Set<string>();
	for (const m of bindMounts(project.model)) {
		if (m.exists !== 'missing' || seen.has(m.source)) continue;
		seen.add(m.source);
		if (m.looksLikeFile) {
			problems.push({kind: 'mount', service: m.service, message: `bind-mount source ${m.source} of service ${m.service} is missing and looks like a file: Docker would create a directory in its place`, fix: `create the file (or correct the path in ${project.file})`});
			continue;
		}
		let up = dirname(m.source);
		while (!existsSync(up) && dirname(up) !== up) up = dirname(up);
		try {
			accessSync(up, constants.W_OK);
		} catch {
			problems.push({kind: 'mount', service: m.service, message: `bind-mount source ${m.source} of service ${m.service} is missing and cannot be created: ${up} is not writable for this user`, fix: `create it yourself (sudo mkdir -p ${m.source}) with the owner the service needs`});
		}
	}

	problems.push(...(await missingImages(engine, project, o.imagesDir)));
	const status: PrepStatus = problems.length ? 'failed' : low ? 'warn' : 'ok';
	const n = problems.length;
	return {cli, problems, status, detail: notes.join(', ') + (low ? ` (below ${gib(minFree)})` : '') + (n ? `; ${n} problem${n === 1 ? '' : 's'} found, nothing changed` : '')};
}

/** Services whose image is not on the engine, not made by an arch tag, and not in the --images folder. */
async function missingImages(engine: Engine, project: ComposeProject, imagesDir: string | undefined): Promise<Problem[]> {
	const missing: Array<{service: string; image: string}> = [];
	for (const name of activeServices(project.model, project.profiles)) {
		const svc = project.model.services[name]!;
		if (!svc.image || svc.build) continue;
		try {
			if (!(await inspectImage(engine, svc.image))) missing.push({service: name, image: svc.image});
		} catch {
			// cannot tell: compose will say
		}
	}
	if (missing.length === 0) return [];
	const arch = (await hostArch()).arch;
	const coming = new Set<string>();
	try {
		const t = await setupTags(engine, {dryRun: true});
		for (const a of t.actions) if (a.status === 'create' || a.status === 'update') coming.add(normaliseRef(a.to));
	} catch {
		// no arch tags known
	}
	if (imagesDir) {
		try {
			for (const f of await findArchives(imagesDir)) {
				if (skipReason(f, arch)) continue;
				for (const ref of await archiveImages(join(imagesDir, f))) {
					coming.add(normaliseRef(ref));
					// NAME:TAG-<hostarch> in the bundle becomes NAME:TAG by the arch-tag step
					const colon = ref.lastIndexOf(':');
					const sfx = colon > ref.lastIndexOf('/') ? splitArchSuffix(ref.slice(colon + 1)) : null;
					if (sfx && sfx.arch === arch) coming.add(normaliseRef(`${ref.slice(0, colon)}:${sfx.base}`));
				}
			}
		} catch {
			// an unreadable folder: the load step says so
		}
	}
	return missing
		.filter((m) => !coming.has(normaliseRef(m.image)))
		.map((m) => ({
			kind: 'image' as const,
			service: m.service,
			message: `image ${m.image} of service ${m.service} is not on the engine${imagesDir ? ` and not in ${imagesDir}` : ''}`,
			fix: `docker load -i ARCHIVE (or pass --images DIR with its archive), build it, or docker pull ${m.image}; --force lets compose try to pull it`,
		}));
}

export function prepareMounts(project: ComposeProject, dryRun: boolean): PrepResult {
	const mounts = bindMounts(project.model);
	const detail = [plural(mounts.length, 'bind mount')];
	if (dryRun) {
		const missing = [...new Set(mounts.filter((m) => m.exists === 'missing').map((m) => m.source))];
		if (missing.length) detail.push(`would create ${missing.join(', ')}`);
		return {status: 'ok', detail: detail.join('; ')};
	}
	const made = createMissingDirs(mounts);
	if (made.failed.length) return {status: 'failed', detail: made.failed.map((f) => `${f.source}: ${f.error}`).join('; ')};
	if (made.created.length) detail.push(`created ${made.created.join(', ')}`);
	for (const s of made.skipped) detail.push(`missing file ${s.source} (not created)`);
	return {status: made.skipped.length ? 'warn' : 'ok', detail: detail.join('; ')};
}

export async function loadImageDir(engine: Engine, dir: string | undefined, dryRun: boolean, onLine?: (l: string) => void, signal?: AbortSignal): Promise<PrepResult> {
	if (!dir) return {status: 'skipped', detail: 'no --images folder given'};
	try {
		if (dryRun) {
			const arch = (await hostArch()).arch;
			const files = await findArchives(dir);
			for (const f of files) onLine?.(`${skipReason(f, arch) ? `would skip ${f} (${skipReason(f, arch)})` : `would load ${join(dir, f)}`}`);
			const skip = files.filter((f) => skipReason(f, arch)).length;
			return {status: 'ok', detail: `would load ${files.length - skip}, skip ${skip} (other arch)`};
		}
		// a line per file when done, and one per tenth read so a big archive never looks stalled
		const shown = new Map<string, number>();
		const mib = (n: number) => `${(n / 2 ** 20).toFixed(0)} MiB`;
		const r = await loadImages(engine, dir, {
			signal,
			onProgress: (p) => {
				if (p.phase === 'data' && p.total > 0) {
					const tenth = Math.floor((p.bytes / p.total) * 10);
					if (tenth > (shown.get(p.file) ?? 0) && tenth < 10) {
						shown.set(p.file, tenth);
						onLine?.(`loading ${p.file} (${p.index}/${p.count}) ${tenth * 10}% of ${mib(p.total)}`);
					}
				}
				if (p.phase === 'done' && p.result) onLine?.(`${p.result.status} ${p.file}${p.result.images.length ? `: ${p.result.images.join(', ')}` : ''}${p.result.note ? ` (${p.result.note})` : ''}`);
			},
		});
		const detail = `${r.loaded} loaded, ${r.skipped} skipped (other arch), ${r.failed} failed`;
		return {status: r.failed ? 'failed' : 'ok', detail};
	} catch (err) {
		return {status: 'failed', detail: (err as Error).message};
	}
}

/** NAME:TAG-<hostarch> → NAME:TAG for the images these services use; then: is every image here? */
export async function archTags(engine: Engine, project: ComposeProject, services: string[], dryRun: boolean, onLine?: (l: string) => void): Promise<PrepResult> {
	try {
		const wanted = new Set(services.map((n) => project.model.services[n]!.image).filter((i): i is string => Boolean(i)).map(normaliseRef));
		const t = await setupTags(engine, {dryRun: true});
		const todo = t.actions.filter((x) => wanted.has(normaliseRef(x.to)) && (x.status === 'create' || x.status === 'update'));
		let created = 0;
		const failed: string[] = [];
		for (const a of todo) {
			if (dryRun) {
				onLine?.(`would tag ${a.from} → ${a.to}`);
				continue;
			}
			try {
				await tagImage(engine, a.from_id!, a.to);
				created++;
				onLine?.(`tagged ${a.from} → ${a.to}`);
			} catch (err) {
				failed.push(`${a.to}: ${(err as Error).message}`);
			}
		}
		const warnings = t.warnings.filter((w) => wanted.has(normaliseRef(w.image)));
		for (const w of warnings) onLine?.(`warning: ${w.message}`);
		const tagged = new Set(todo.map((a) => normaliseRef(a.to)));
		const missing: string[] = [];
		for (const name of services) {
			const svc = project.model.services[name]!;
			if (svc.image && !svc.build && !(dryRun && tagged.has(normaliseRef(svc.image))) && !(await inspectImage(engine, svc.image))) missing.push(`${name} (${svc.image})`);
		}
		const head = dryRun ? `would create ${plural(todo.length, 'tag')}` : `${plural(created, 'tag')} created`;
		const detail = `${head}${failed.length ? `, failed: ${failed.join('; ')}` : ''}${warnings.length ? `, ${warnings.length} arch warning(s)` : ''}${missing.length ? `; not present locally: ${missing.join(', ')}` : ''}`;
		return {status: failed.length || missing.length || warnings.length ? 'warn' : 'ok', detail};
	} catch (err) {
		return {status: 'warn', detail: (err as Error).message};
	}
}
