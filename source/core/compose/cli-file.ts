/**
 * The compose file as the installed compose CLI accepts it. docker-compose v1 rejects Compose v2
 * keys such as a top-level `name:` — for v1 such keys are dropped into a temporary copy (the
 * project name is passed with -p anyway) and --project-directory keeps relative paths right.
 * Files named by `include:` are passed to v1 as further -f files (their relative paths then
 * resolve against the main file's directory, as v1 does for every -f file).
 */
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {basename, join, resolve} from 'node:path';
import {parseDocument} from 'yaml';
import type {ComposeProject} from './types.js';

const V2_ONLY_TOP = ['name', 'include'];

export interface CliFile {
	files: string[];
	projectDir: string;
	cleanup: () => void;
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
	const dir = mkdtempSync(join(tmpdir(), 'berth-v1-'));
	const file = join(dir, basename(project.file));
	writeFileSync(file, doc.toString());
	return {files: [file, ...included], projectDir: project.dir, cleanup: () => rmSync(dir, {recursive: true, force: true})};
}
