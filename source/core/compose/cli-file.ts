/**
 * The compose file as the installed compose CLI accepts it. docker-compose v1 rejects Compose v2
 * keys such as a top-level `name:` — for v1 such keys are dropped into a copy (the project name is
 * passed with -p anyway) and --project-directory keeps relative paths right. Files named by
 * `include:` are passed to v1 as further -f files (their relative paths then resolve against the
 * main file's directory, as v1 does for every -f file).
 *
 * The copy lives in berth's cache ($XDG_CACHE_HOME/berth/compose-v1/<name>-<hash of the path>/)
 * and is kept: compose records its path in the containers' labels
 * (com.docker.compose.project.config_files), and whoever acts on the project later (the
 * dashboard) finds a file there. Every berth command rewrites it from the original first.
 */
import {createHash} from 'node:crypto';
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {homedir} from 'node:os';
import {basename, join, resolve} from 'node:path';
import {parseDocument} from 'yaml';
import type {ComposeProject} from './types.js';

const V2_ONLY_TOP = ['name', 'include'];

export interface CliFile {
	files: string[];
	projectDir: string;
	/** nothing to do today (the copy is kept on purpose); call it anyway */
	cleanup: () => void;
}

export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
	return join(env['XDG_CACHE_HOME'] || join(homedir(), '.cache'), 'berth', 'compose-v1');
}

export function cliFileFor(project: ComposeProject, flavor: 'v1' | 'v2'): CliFile {
	const same = {files: [project.file], projectDir: project.dir, cleanup: () => undefined};
	if (flavor === 'v2') return same;
	const doc = parseDocument(readFileSync(project.file, 'utf8'), {merge: true});
	const drop = V2_ONLY_TOP.filter((k) => doc.has(k));
	if (drop.length === 0) return same;
	// v1 has no include: the included files go along as further -f files
	const included: string[] = [];
	const inc = doc.toJS()?.['include'];
	for (const e of Array.isArray(inc) ? inc : []) {
		const p = typeof e === 'string' ? [e] : e && typeof e === 'object' ? [e['path']].flat() : [];
		for (const f of p) if (typeof f === 'string') included.push(resolve(project.dir, f));
	}
	for (const k of drop) doc.delete(k);
	const hash = createHash('sha256').update(project.file).digest('hex').slice(0, 12);
	const dir = join(cacheDir(), `${project.model.name}-${hash}`);
	mkdirSync(dir, {recursive: true});
	const file = join(dir, basename(project.file));
	writeFileSync(file, `# written by berth for docker-compose v1 from ${project.file} (v2-only keys removed: ${drop.join(', ')})\n${doc.toString()}`);
	return {files: [file, ...included], projectDir: project.dir, cleanup: () => undefined};
}
