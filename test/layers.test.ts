/** The layer rules, read from the imports of every source file: they hold with no exception. */
import assert from 'node:assert/strict';
import {readdirSync, readFileSync, statSync} from 'node:fs';
import {join, relative, resolve, dirname} from 'node:path';
import {describe, it} from 'node:test';

const root = resolve('source');
function files(dir: string): string[] {
	return readdirSync(dir).flatMap((e) => {
		const p = join(dir, e);
		return statSync(p).isDirectory() ? files(p) : /\.tsx?$/.test(e) ? [p] : [];
	});
}
/** Every import of a file: [specifier, resolved path under source/ or the package name]. */
function importsOf(file: string): string[] {
	const text = readFileSync(file, 'utf8');
	const out: string[] = [];
	for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s+'([^']+)'|import\('([^']+)'\)/g)) {
		const spec = m[1] ?? m[2]!;
		out.push(spec.startsWith('.') ? relative(root, resolve(dirname(file), spec)).replace(/\.js$/, '') : spec);
	}
	return out;
}
const all = files(root).map((f) => ({file: relative(root, f), imports: importsOf(f)}));

describe('layers', () => {
	it('only engine/ imports dockerode, and only engine/ reaches its client (engine/client.ts)', () => {
		const bad = all.filter((f) => !f.file.startsWith('engine/') && f.imports.some((i) => i === 'dockerode' || i === 'engine/client'));
		assert.deepEqual(bad.map((f) => f.file), []);
	});
	it('ui/ imports nothing of engine/, not even types', () => {
		const bad = all.filter((f) => f.file.startsWith('ui/') && f.imports.some((i) => i.startsWith('engine/')));
		assert.deepEqual(bad.map((f) => f.file), []);
	});
	it('model/ is the floor: it imports nothing of berth above it', () => {
		const bad = all.filter((f) => f.file.startsWith('model/') && f.imports.some((i) => /^(engine|core|state|ui|commands)\//.test(i)));
		assert.deepEqual(bad.map((f) => f.file), []);
	});
	it('the subject keys are built and parsed in model/subject.ts only', () => {
		const bad = all.filter((f) => f.file !== 'model/subject.ts' && /`[cspg]:\$\{|'[cspg]:'|startsWith\('[cspg]:'\)/.test(readFileSync(join(root, f.file), 'utf8')));
		assert.deepEqual(bad.map((f) => f.file), []);
	});
	it('the scan sees the imports (sanity)', () => {
		assert.ok(all.find((f) => f.file === 'engine/connection.ts')?.imports.includes('dockerode'));
		assert.ok(all.find((f) => f.file === 'ui/App.tsx')?.imports.includes('state/selectors'));
	});
});
