/**
 * Once: the old second settings file (~/.config/berth-nodejs/config.json, which held the roles cap
 * and the tag mappings) into the one settings file (~/.config/berth/config.json).
 *
 * - Only the old file: it is moved (hard link, then unlink: never over a file that appeared
 *   meanwhile; a copy when the two folders are on different file systems).
 * - Both: merged into the new one. A key found in one file is kept; a key in both with different
 *   values keeps the value berth read until now (`roles` and `tags` came from the old file,
 *   everything else from the new one), and the other value is not lost: the old file is kept as
 *   config.json.migrated and a replaced value of the new file as config.json.before-merge; the
 *   notice names the keys and the files.
 * - Either file not valid JSON: nothing is changed and every start says so until it is fixed;
 *   meanwhile the roles cap refuses every change, as it did for a broken old file
 *   (legacyProblem(), core/roles/userCap.ts).
 *
 * The old file is gone (moved or renamed) after a migration that worked, so a second start finds
 * nothing to do. Under sudo the files are handled as the invoking user (asInvoker).
 */
import {copyFileSync, constants, linkSync, mkdirSync, readFileSync, renameSync, rmdirSync, unlinkSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {isDeepStrictEqual} from 'node:util';
import {fileExists, importConf, readWith, type ConfClass, type LegacyProblem} from './index.js';

/** The keys whose value in force came from the old file. */
const OLD_FILE_KEYS = new Set(['roles', 'tags']);

export interface Migration {
	notices: string[];
	/** the merge could not be done this start (a file is not valid JSON): the roles cap fails closed on it */
	problem: LegacyProblem | null;
}

const code = (err: unknown) => (err as NodeJS.ErrnoException).code;

function freeName(base: string): string {
	let name = base;
	for (let i = 2; fileExists(name); i++) name = `${base}-${i}`;
	return name;
}

/** Move old → target without overwriting target. false: target exists (merge instead). */
function move(old: string, target: string): boolean {
	mkdirSync(path.dirname(target), {recursive: true});
	try {
		linkSync(old, target);
	} catch (err) {
		if (code(err) === 'EEXIST') return false;
		if (code(err) === 'ENOENT' && !fileExists(old)) return true; // another berth moved it just now
		// no hard links here (another file system, a FAT stick): copy, never over an existing file
		try {
			copyFileSync(old, target, constants.COPYFILE_EXCL);
		} catch (err2) {
			if (code(err2) === 'EEXIST') return false;
			throw err2;
		}
	}
	try {
		unlinkSync(old);
	} catch (err) {
		if (code(err) !== 'ENOENT') throw err;
	}
	return true;
}

function removeEmptyDir(dir: string): void {
	try {
		rmdirSync(dir);
	} catch {
		// not empty, or not ours: leave it
	}
}

/** Synchronous throughout (asInvoker holds the invoking user's ids only while it runs). */
export function migrate(Conf: ConfClass, old: string, target: string): Migration {
	if (move(old, target)) {
		removeEmptyDir(path.dirname(old));
		return {notices: [`config: moved ${old} to ${target} (berth reads one config file now)`], problem: null};
	}
	const before = readWith(Conf, old);
	const now = readWith(Conf, target);
	const broken = before.error ? before : now.error ? now : null;
	if (broken?.error) {
		return {
			notices: [
				`config: ${old} is not merged into ${target}: ${broken.path}:${broken.error.line}:${broken.error.col} ${broken.error.message}. ` +
					`Fix it (or move the settings you want into ${target} and delete ${old}); until then berth refuses every change`,
			],
			problem: {file: broken.path, ...broken.error},
		};
	}
	const merged: Record<string, unknown> = Object.assign(Object.create(null) as Record<string, unknown>, now.data); // a "__proto__" key stays a key
	const keptOld: string[] = [];
	const keptNew: string[] = [];
	for (const [key, value] of Object.entries(before.data)) {
		if (!Object.hasOwn(now.data, key)) merged[key] = value;
		else if (isDeepStrictEqual(now.data[key], value)) continue;
		else if (OLD_FILE_KEYS.has(key)) {
			merged[key] = value;
			keptOld.push(key);
		} else keptNew.push(key);
	}
	let savedNew: string | null = null;
	if (keptOld.length) {
		savedNew = freeName(`${target}.before-merge`);
		writeFileSync(savedNew, readFileSync(target), {flag: 'wx'});
	}
	if (!isDeepStrictEqual(merged, now.data)) {
		const conf = new Conf<Record<string, unknown>>({projectName: 'berth', cwd: path.dirname(target), configName: path.basename(target, '.json')});
		conf.store = merged;
	}
	const kept = freeName(`${old}.migrated`);
	try {
		renameSync(old, kept);
	} catch (err) {
		if (code(err) !== 'ENOENT') throw err; // ENOENT: another berth did the same just now
	}
	const said = [`config: merged ${old} into ${target}; the old file is kept as ${kept}`];
	if (keptOld.length) said.push(`config: ${keptOld.join(', ')} differed in the two files: kept the value from ${old} (the one in force), ${target}'s is in ${savedNew}`);
	if (keptNew.length) said.push(`config: ${keptNew.join(', ')} differed in the two files: kept the value from ${target} (the one in force), ${old}'s is in ${kept}`);
	return {notices: said, problem: null};
}

/** Migrate once; every failure is a notice, never a crash of the command the user asked for. */
export async function migrateLegacy(old: string, target: string, env: NodeJS.ProcessEnv = process.env): Promise<Migration> {
	try {
		// under sudo, the files are the invoking user's: touch them only as that user could
		const {asInvoker} = await import('../roles/invoker.js');
		const Conf = await importConf();
		return asInvoker(() => migrate(Conf, old, target), env);
	} catch (err) {
		const message = `could not move ${old} into ${target}: ${(err as Error).message}`;
		return {notices: [`config: ${message}`], problem: {file: old, line: 1, col: 1, message}};
	}
}
