/** Bind mounts of a compose model whose host source is missing, and creating the missing directories. */
import {existsSync, mkdirSync, statSync} from 'node:fs';
import {basename} from 'node:path';
import type {ComposeModel} from './types.js';

export interface BindMount {
	service: string;
	source: string;
	target: string;
	/** what is on the host now */
	exists: 'dir' | 'file' | 'other' | 'missing';
	/** a missing source whose name looks like a file (has an extension): never created as a directory */
	looksLikeFile: boolean;
}

export function bindMounts(model: ComposeModel): BindMount[] {
	const out: BindMount[] = [];
	for (const [service, svc] of Object.entries(model.services)) {
		for (const v of svc.volumes ?? []) {
			if (v.type !== 'bind' || !v.source) continue;
			let exists: BindMount['exists'] = 'missing';
			if (existsSync(v.source)) {
				const st = statSync(v.source);
				exists = st.isDirectory() ? 'dir' : st.isFile() ? 'file' : 'other';
			}
			out.push({service, source: v.source, target: v.target, exists, looksLikeFile: /^[^.].*\.[A-Za-z0-9]{1,8}$/.test(basename(v.source))});
		}
	}
	return out;
}

export interface CreateResult {
	created: string[];
	skipped: Array<{source: string; reason: string}>;
	failed: Array<{source: string; error: string}>;
}

/** mkdir -p every missing bind source that names a directory. Files are reported, not created. */
export function createMissingDirs(mounts: BindMount[]): CreateResult {
	const res: CreateResult = {created: [], skipped: [], failed: []};
	const done = new Set<string>();
	for (const m of mounts) {
		if (m.exists !== 'missing' || done.has(m.source)) continue;
		done.add(m.source);
		if (m.looksLikeFile) {
			res.skipped.push({source: m.source, reason: 'looks like a file; create it yourself (docker would create a directory in its place)'});
			continue;
		}
		try {
			mkdirSync(m.source, {recursive: true});
			res.created.push(m.source);
		} catch (err) {
			res.failed.push({source: m.source, error: (err as Error).message});
		}
	}
	return res;
}
