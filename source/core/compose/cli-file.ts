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
import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {homedir} from 'node:os';
import {basename, dirname, isAbsolute, join, relative, resolve} from 'node:path';
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

/** The compose files a running project was started from, read back from its containers' labels. */
export interface RecordedFiles {
	/** absolute paths, in -f order */
	files: string[];
	/** com.docker.compose.project.working_dir (--project-directory) */
	projectDir?: string;
	/** the files among `files` that are not there (any: the project cannot be acted on by file) */
	missing: string[];
	/** the labels as compose wrote them, for messages */
	recorded: string;
}

const FAKE_CWD = resolve('/', ...Array.from({length: 32}, (_, i) => `__cwd${i}`));

/**
 * Resolve `com.docker.compose.project.config_files` the way compose wrote it.
 *
 * Compose v2 records absolute paths. docker-compose v1 records the -f arguments as typed (relative
 * to the directory it ran in, which is not recorded) and, as working_dir, the project directory:
 * without --project-directory that is the first file's directory. So the first file is
 * working_dir/basename(first), and every other file lies where it lies relative to the first one
 * (exact whatever the unknown directory was, `..` included). With --project-directory that does not
 * hold; then the files are looked for relative to working_dir and each of its parents, and the
 * first place where all of them exist wins. Several files are comma-separated.
 */
export function recordedComposeFiles(labels: Record<string, string>, exists: (path: string) => boolean = existsSync): RecordedFiles | null {
	const recorded = labels['com.docker.compose.project.config_files'];
	if (!recorded) return null;
	const list = recorded
		.split(',')
		.map((f) => f.trim())
		.filter(Boolean);
	if (list.length === 0) return null;
	const wd = labels['com.docker.compose.project.working_dir'] || undefined;
	const dir = wd && isAbsolute(wd) ? wd : undefined;
	const out = (files: string[]): RecordedFiles => ({files, ...(dir ? {projectDir: dir} : {}), missing: files.filter((f) => !exists(f)), recorded});
	if (list.every((f) => isAbsolute(f))) return out(list.map((f) => resolve(f)));
	if (!dir) return out(list.map((f) => resolve(f)));
	const candidates: string[][] = [];
	// v1 without --project-directory: working_dir is the first file's directory
	const first = list[0]!;
	if (!isAbsolute(first)) {
		const firstDir = resolve(FAKE_CWD, dirname(first));
		candidates.push(list.map((f) => (isAbsolute(f) ? resolve(f) : resolve(dir, relative(firstDir, resolve(FAKE_CWD, f))))));
	}
	// v1 with --project-directory: it ran in working_dir or one of its parents (the usual places)
	for (let base = dir; ; base = dirname(base)) {
		candidates.push(list.map((f) => resolve(base, f)));
		if (dirname(base) === base) break;
	}
	const hit = candidates.find((c) => c.every((f) => exists(f)));
	return out(hit ?? candidates[0]!);
}
