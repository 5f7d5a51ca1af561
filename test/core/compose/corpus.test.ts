/**
 * Real-world check: `berth validate` accepts every compose file of the awesome-compose corpus
 * (../shared/corpus/awesome-compose beside the repository) and `berth config` resolves each.
 * The copies in test/fixtures/compose are always checked too, so this never passes on nothing.
 */
import assert from 'node:assert/strict';
import {existsSync, readFileSync, readdirSync} from 'node:fs';
import {join, relative, resolve} from 'node:path';
import {describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';
import {parse} from 'yaml';
import {run as configRun} from '../../../source/commands/config.js';
import {run as validateRun} from '../../../source/commands/validate.js';
import type {Output} from '../../../source/commands/common.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const corpusDir = resolve(root, '../shared/corpus/awesome-compose');
const fixturesDir = resolve(root, 'test/fixtures/compose');
const NAMES = /^(docker-)?compose\.ya?ml$/;

function composeFiles(dir: string): string[] {
	if (!existsSync(dir)) return [];
	const out: string[] = [];
	for (const e of readdirSync(dir, {withFileTypes: true}).sort((a, b) => a.name.localeCompare(b.name))) {
		if (e.isDirectory()) out.push(...composeFiles(join(dir, e.name)));
		else if (NAMES.test(e.name)) out.push(join(dir, e.name));
	}
	return out;
}

function capture(): Output & {stdout: string[]; stderr: string[]} {
	const stdout: string[] = [];
	const stderr: string[] = [];
	return {stdout, stderr, out: (s) => stdout.push(s), err: (s) => stderr.push(s)};
}

const corpus = composeFiles(corpusDir);
const fixtures = composeFiles(fixturesDir);

describe('compose corpus', () => {
	it('has files to check (the corpus beside the repo, and the fixtures)', () => {
		assert.ok(fixtures.length >= 5, `expected at least 5 fixture compose files in ${fixturesDir}, found ${fixtures.length}`);
		if (existsSync(corpusDir)) assert.ok(corpus.length >= 39, `expected the 39 awesome-compose files in ${corpusDir}, found ${corpus.length}`);
	});

	if (corpus.length) {
		it('the fixtures are unmodified copies of corpus files', () => {
			for (const f of fixtures) {
				const twin = join(corpusDir, relative(fixturesDir, f));
				assert.ok(existsSync(twin), `${twin} missing`);
				assert.equal(readFileSync(f, 'utf8'), readFileSync(twin, 'utf8'));
			}
		});
	}

	for (const file of [...corpus, ...fixtures]) {
		const name = relative(resolve(root, '..'), file);
		it(`validate accepts ${name}`, async () => {
			const io = capture();
			const code = await validateRun(['-f', file, '--json'], io);
			const r = JSON.parse(io.stdout.join('\n'));
			assert.deepEqual(r.diagnostics.filter((d: {severity: string}) => d.severity === 'error'), []);
			assert.equal(r.valid, true);
			assert.equal(code, 0);
		});
		it(`config resolves ${name}`, async () => {
			const raw = parse(readFileSync(file, 'utf8')) as {services: Record<string, unknown>};
			const io = capture();
			assert.equal(await configRun(['-f', file, '--json'], io), 0);
			const model = JSON.parse(io.stdout.join('\n'));
			assert.match(model.name, /^[a-z0-9][a-z0-9_-]*$/);
			assert.deepEqual(Object.keys(model.services).sort(), Object.keys(raw.services).sort());
			for (const svc of Object.values(model.services) as Array<{image?: string; build?: {context: string}; ports?: Array<Record<string, unknown>>}>) {
				assert.ok(svc.image || svc.build?.context, 'image or build');
				for (const p of svc.ports ?? []) {
					assert.deepEqual(Object.keys(p).sort(), ['container_port', 'host_ip', 'host_port', 'protocol']);
					assert.ok(Number.isInteger(p['container_port']));
				}
			}
			const yamlIo = capture();
			assert.equal(await configRun(['-f', file], yamlIo), 0);
			assert.deepEqual(parse(yamlIo.stdout.join('\n')), model);
		});
	}
});
