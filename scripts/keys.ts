// `npm run keys`: write the key cheatsheet (generated from source/ui/keymap.ts) between the
// <!-- keys:start --> and <!-- keys:end --> markers of README.md.
import {existsSync, readFileSync, writeFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {keysMarkdown} from '../source/ui/keymap.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const START = '<!-- keys:start -->';
const END = '<!-- keys:end -->';

export function withTable(doc: string, table: string): string {
	const a = doc.indexOf(START);
	const b = doc.indexOf(END);
	if (a < 0 || b < a) return doc;
	return `${doc.slice(0, a + START.length)}\n${table}\n${doc.slice(b)}`;
}

for (const file of ['README.md']) {
	const path = root + file;
	if (!existsSync(path)) continue;
	const doc = readFileSync(path, 'utf8');
	const next = withTable(doc, keysMarkdown());
	if (next !== doc) {
		writeFileSync(path, next);
		console.log(`keys: updated ${file}`);
	} else console.log(`keys: ${file} ${doc.includes(START) ? 'up to date' : 'has no markers'}`);
}
