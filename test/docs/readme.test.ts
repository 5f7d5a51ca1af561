/**
 * The README and docs/ keep their promises about things a test can read without an engine:
 * every relative link and #anchor resolves, every CLI command is in the README's command table,
 * and what the README says about the demo stack matches demo/compose.yaml.
 * (The key table is checked against the keymap in test/ui/keymap-readme.test.ts.)
 */
import assert from 'node:assert/strict';
import {existsSync, readdirSync, readFileSync} from 'node:fs';
import {dirname, join, relative, resolve} from 'node:path';
import {describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';
import {parse} from 'yaml';
import {commands} from '../../source/commands/registry.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const docFiles = ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
const read = (file: string) => readFileSync(join(root, file), 'utf8');

/** The text outside fenced code blocks (headings and links in examples are not the document's). */
function prose(doc: string): string {
	let fenced = false;
	return doc
		.split('\n')
		.map((line) => {
			if (/^\s*(```|~~~)/.test(line)) {
				fenced = !fenced;
				return '';
			}
			return fenced ? '' : line;
		})
		.join('\n');
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
export function anchors(doc: string): Set<string> {
	const seen = new Map<string, number>();
	const out = new Set<string>();
	for (const m of prose(doc).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
		const base = m[1]!
			.toLowerCase()
			.replace(/[^\p{L}\p{N}\s_-]/gu, '')
			.replace(/\s/g, '-');
		const n = seen.get(base) ?? 0;
		seen.set(base, n + 1);
		out.add(n === 0 ? base : `${base}-${n}`);
	}
	return out;
}

const NUMBERS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];

describe('README and docs/', () => {
	it('the anchor rule matches GitHub on the headings these files use', () => {
		const a = anchors('# berth\n## `berth deploy`\n## Limits\n### Limits\n## Roles, read-only mode and the audit log\n```\n# not a heading\n```\n');
		assert.deepEqual([...a], ['berth', 'berth-deploy', 'limits', 'limits-1', 'roles-read-only-mode-and-the-audit-log']);
	});

	it('every relative link and image points at a file that exists, and every #anchor at a heading', () => {
		const problems: string[] = [];
		let checked = 0;
		for (const file of docFiles) {
			for (const m of prose(read(file)).matchAll(/\]\(([^)\s]+)\)/g)) {
				const target = m[1]!;
				if (/^[a-z]+:/i.test(target)) continue; // https:, mailto:
				const [path = '', anchor] = target.split('#');
				const abs = path ? resolve(dirname(join(root, file)), path) : join(root, file);
				checked++;
				if (!existsSync(abs)) {
					problems.push(`${file}: ${target} (no such file)`);
					continue;
				}
				if (anchor !== undefined && abs.endsWith('.md') && !anchors(readFileSync(abs, 'utf8')).has(anchor)) {
					problems.push(`${file}: ${target} (no heading #${anchor} in ${relative(root, abs)})`);
				}
			}
		}
		assert.ok(checked >= 20, `only ${checked} links found: is the link pattern still right?`);
		assert.deepEqual(problems, []);
	});

	it('the README names every CLI command in its command table', () => {
		const readme = read('README.md');
		const start = readme.indexOf('\n## Commands');
		assert.ok(start > 0, 'README.md has no "## Commands" section');
		const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
		const rows = section.split('\n').filter((l) => l.startsWith('| `'));
		for (const name of Object.keys(commands)) {
			assert.ok(
				rows.some((r) => new RegExp(`^\\| [^|]*\`${name}[\` ]`).test(r) || new RegExp(`^\\| [^|]*, \`${name}\``).test(r)),
				`berth ${name} is missing from the README's command table`,
			);
		}
	});

	it('what the README says about the demo stack matches demo/compose.yaml', () => {
		const demo = parse(read('demo/compose.yaml')) as {services: Record<string, {scale?: number}>; 'x-berth': {groups: Record<string, string[]>}};
		const services = Object.keys(demo.services);
		const containers = services.reduce((n, s) => n + (demo.services[s]!.scale ?? 1), 0);
		const groups = Object.keys(demo['x-berth'].groups);
		const readme = read('README.md');
		const at = readme.indexOf('brings up `demo/compose.yaml`');
		assert.ok(at > 0, 'the README no longer describes what `npm run demo` brings up');
		const para = readme.slice(at, readme.indexOf('\n\n', at)).replace(/\s+/g, ' ');
		assert.match(para, new RegExp(`\\b${NUMBERS[services.length]} services\\b`), `demo/compose.yaml has ${services.length} services`);
		assert.match(para, new RegExp(`\\b${NUMBERS[containers]} containers\\b`), `demo/compose.yaml makes ${containers} containers`);
		assert.match(para, new RegExp(`\\b${NUMBERS[groups.length]} groups\\b`), `demo/compose.yaml uses ${groups.length} groups`);
		for (const s of services) assert.ok(para.includes(s), `service ${s} not named in the README's demo sentence`);
		// the comment at the top of the file says the same
		const header = read('demo/compose.yaml').split('\n').filter((l) => l.startsWith('#')).join(' ');
		assert.match(header, new RegExp(`\\b${NUMBERS[services.length]} services\\b`), 'demo/compose.yaml\'s header comment miscounts its services');
	});
});
