/**
 * Which binary a container runs and what CPU it is built for: the entrypoint (behind docker-init /
 * tini when --init is on), found on the container's PATH when relative, symlinks followed, a
 * script's #! interpreter checked instead of the script. Read from the container's filesystem
 * through the engine, so it works for containers that never started.
 */
import {posix} from 'node:path';
import type {Engine} from '../../engine/connection.js';
import {elfArch, readFileHead} from '../../engine/files.js';
import type {InspectData, ProgramFacts} from './types.js';

const INIT = /(^|\/)(docker-init|tini|tini-static|dumb-init)$/;

/** Pure: the program a container execs (skipping an init wrapper), and the PATH to search. */
export function programOf(inspect: InspectData): {program: string; path: string[]} | null {
	let argv = [inspect.Path ?? '', ...(inspect.Args ?? [])].filter((a) => a !== '');
	if (argv[0] && INIT.test(argv[0])) {
		const dd = argv.indexOf('--');
		argv = dd >= 0 ? argv.slice(dd + 1) : argv.slice(1).filter((a) => !a.startsWith('-'));
	}
	const program = argv[0];
	if (!program) return null;
	const envPath = (inspect.Config?.Env ?? []).find((e) => e.startsWith('PATH='))?.slice(5);
	const path = (envPath ?? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin').split(':').filter((d) => d.startsWith('/'));
	return {program, path};
}

/** Pure: the interpreter of a "#!" script head, or null. */
export function shebang(head: Buffer): string | null {
	if (head[0] !== 0x23 || head[1] !== 0x21) return null;
	const line = head.subarray(2).toString('utf8').split('\n')[0]!.trim();
	return line.split(/\s+/)[0] || null;
}

async function resolveFile(engine: Engine, id: string, path: string, hops = 0): Promise<{path: string; head: Buffer} | null> {
	const got = await readFileHead(engine, id, path, 256);
	if (!got) return null;
	if (got.kind === 'symlink' && hops < 5) return resolveFile(engine, id, posix.resolve(posix.dirname(path), got.target), hops + 1);
	return got.kind === 'file' ? {path, head: got.head} : null;
}

export async function programFacts(engine: Engine, inspect: InspectData): Promise<ProgramFacts | null> {
	const p = programOf(inspect);
	if (!p) return null;
	const candidates = p.program.includes('/') ? [posix.resolve(inspect.Config?.WorkingDir || '/', p.program)] : p.path.slice(0, 8).map((d) => posix.join(d, p.program));
	for (const c of candidates) {
		let file = await resolveFile(engine, inspect.Id, c);
		if (!file) continue;
		const interp = shebang(file.head);
		if (interp) {
			const i = await resolveFile(engine, inspect.Id, interp);
			if (!i) return {path: file.path, arch: null, interpreter: interp, interpreter_missing: true};
			file = i;
		}
		return {path: file.path, arch: elfArch(file.head), ...(interp ? {interpreter: interp} : {})};
	}
	return {path: candidates[0] ?? p.program, arch: null, missing: true};
}
