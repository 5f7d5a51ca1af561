/**
 * Labels compose should put on the containers it creates (e.g. berth.group), for compose CLIs that
 * take no labels on their command line (docker-compose v1, and v2's `up`): an override file with
 * `services: {svc: {labels: {...}}}`, passed as the last -f.
 *
 * Compose records every -f file in the containers' labels (com.docker.compose.project.config_files)
 * and whoever acts on the project later (the dashboard's compose up/recreate) passes them again, so
 * the file is kept at a stable path, readable by everyone (0644 in 0755 directories):
 * $XDG_CACHE_HOME/berth/compose-labels/<project>-<hash of the files and labels>/berth-labels.yml.
 * Its content is a function of its name, so rewriting it is idempotent.
 */
import {createHash} from 'node:crypto';
import {chmodSync, mkdirSync, renameSync, writeFileSync} from 'node:fs';
import {homedir} from 'node:os';
import {join} from 'node:path';
import {stringify} from 'yaml';

export type ServiceLabels = Record<string, Record<string, string>>;

export function labelsDir(env: NodeJS.ProcessEnv = process.env): string {
	return join(env['XDG_CACHE_HOME'] || join(homedir(), '.cache'), 'berth', 'compose-labels');
}

/** Write (or rewrite) the override file for these labels; returns its path. */
export function labelOverrideFile(project: string, files: string[], labels: ServiceLabels, env: NodeJS.ProcessEnv = process.env): string {
	const services = Object.fromEntries(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)).map(([s, l]) => [s, {labels: l}]));
	const text = `# written by berth: labels for the containers of project ${JSON.stringify(project)} (kept: compose records this path)\n${stringify({version: '3', services})}`;
	const hash = createHash('sha256').update(JSON.stringify([files, text])).digest('hex').slice(0, 12);
	const safe = project.replace(/[^a-zA-Z0-9_.-]/g, '_').slice(0, 60);
	const dir = join(labelsDir(env), `${safe}-${hash}`);
	mkdirSync(dir, {recursive: true, mode: 0o755});
	for (const d of [dir, join(dir, '..'), join(dir, '..', '..')]) {
		try {
			chmodSync(d, 0o755);
		} catch {
			// not ours: readable or not as it is
		}
	}
	const file = join(dir, 'berth-labels.yml');
	const tmp = `${file}.${process.pid}.tmp`;
	writeFileSync(tmp, text, {mode: 0o644});
	chmodSync(tmp, 0o644);
	renameSync(tmp, file);
	return file;
}
