/**
 * Writing the logs pane's lines to a file: never over an existing file; the full path is returned.
 * Under sudo the file is created as the person who ran sudo (their uid, gid and groups decide
 * whether the path may be written, and they own the file): a root-owned file at a path of their
 * choosing is never made.
 */
import {writeFileSync} from 'node:fs';
import {resolve} from 'node:path';
import {asInvoker} from '../../core/roles/invoker.js';

export async function saveText(path: string, text: string): Promise<string> {
	const full = resolve(path.replace(/^~(?=\/|$)/, process.env['HOME'] ?? '~'));
	try {
		asInvoker(() => writeFileSync(full, text, {flag: 'wx', mode: 0o644}));
	} catch (err) {
		if ((err as {code?: string}).code === 'EEXIST') throw new Error(`${full} exists (berth never overwrites)`);
		throw err;
	}
	return full;
}
