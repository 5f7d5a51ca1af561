/** Writing the logs pane's lines to a file: never over an existing file; the full path is returned. */
import {writeFile} from 'node:fs/promises';
import {resolve} from 'node:path';

export async function saveText(path: string, text: string): Promise<string> {
	const full = resolve(path.replace(/^~(?=\/|$)/, process.env['HOME'] ?? '~'));
	try {
		await writeFile(full, text, {flag: 'wx'});
	} catch (err) {
		if ((err as {code?: string}).code === 'EEXIST') throw new Error(`${full} exists (berth never overwrites)`);
		throw err;
	}
	return full;
}
