/** The compose CLI driver: detection, argument building, streaming, typed errors, ps. */
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {after, describe, it} from 'node:test';
import {ComposeCliError, composeDown, composePs, composeRestart, composeStop, composeUp, compose, detectComposeCli, type ComposeCli} from '../../source/engine/compose-cli.js';
import {IMAGE, docker} from '../helpers/engine.js';
import {LABELS, cleanupProjects, projectName, writeProject} from './compose-helpers.js';

/** A stand-in compose binary (a real process): prints each argument on a line, fails on "fail". */
function echoCli(dir: string): ComposeCli {
	const script = join(dir, 'echo-compose.mjs');
	writeFileSync(script, "const a = process.argv.slice(2); for (const x of a) console.log(x); if (a.includes('fail')) { console.error('Error: it broke'); process.exit(3); }\n");
	return {flavor: 'v2', argv: [process.execPath, script], version: '0.0.0'};
}

describe('compose CLI driver', () => {
	after(cleanupProjects);
	const {dir} = writeProject(projectName('cli'), 'services: {}\n');
	const fake = echoCli(dir);
	const t = {files: ['/x/compose.yaml'], project: 'btcx', projectDir: '/x'};

	it('detects the installed compose CLI (v2 first, else v1)', async () => {
		const cli = await detectComposeCli();
		assert.match(cli.version, /^\d+\.\d+/);
		if (cli.flavor === 'v1') {
			assert.deepEqual(cli.argv, ['docker-compose']);
			assert.equal(cli.version, execFileSync('docker-compose', ['version', '--short'], {encoding: 'utf8'}).trim());
		} else assert.deepEqual(cli.argv, ['docker', 'compose']);
	});

	it('no compose CLI on PATH is a typed not-found error', async () => {
		await assert.rejects(detectComposeCli({PATH: '/nonexistent'}), (e: unknown) => e instanceof ComposeCliError && e.code === 'not-found' && /docker-compose/.test(e.hint));
	});

	const argv: Array<[string, (l: (s: string) => void) => Promise<unknown>, string[]]> = [
		['up -d with services', (l) => composeUp(fake, t, {services: ['a', 'b'], onLine: l}), ['up', '-d', 'a', 'b']],
		['down never removes volumes by default', (l) => composeDown(fake, t, {onLine: l}), ['down']],
		['down --volumes passes -v', (l) => composeDown(fake, t, {volumes: true, removeOrphans: true, timeout: 2, onLine: l}), ['down', '-v', '--remove-orphans', '-t', '2']],
		['stop with a timeout', (l) => composeStop(fake, t, {services: ['db'], timeout: 1, onLine: l}), ['stop', '-t', '1', 'db']],
		['restart', (l) => composeRestart(fake, t, {onLine: l}), ['restart']],
	];
	for (const [name, run, sub] of argv) {
		it(`${name}: -f, -p, --project-directory, then the subcommand (lines streamed)`, async () => {
			const lines: string[] = [];
			await run((s) => lines.push(s));
			assert.deepEqual(lines, ['-f', '/x/compose.yaml', '-p', 'btcx', '--project-directory', '/x', ...sub]);
		});
	}

	it('a non-zero exit is a typed failure with the output tail', async () => {
		await assert.rejects(compose(fake, t, ['fail']), (e: unknown) => {
			assert.ok(e instanceof ComposeCliError);
			assert.equal(e.code, 'failed');
			assert.equal(e.exitCode, 3);
			assert.match(e.message, /compose fail failed \(exit 3\): Error: it broke/);
			assert.equal(e.output.at(-1), 'Error: it broke');
			return true;
		});
	});

	it('ps lists the project containers through the real compose CLI', async () => {
		const cli = await detectComposeCli();
		const P = projectName('clips');
		const {file, dir: pdir} = writeProject(P, `services:\n  a:\n    image: ${IMAGE}\n    init: true\n    command: sleep 600\n    labels: ${LABELS}\n`);
		const target = {files: [file], project: P, projectDir: pdir};
		await composeUp(cli, target);
		const ids = await composePs(cli, target);
		const want = docker('ps', '-aq', '--no-trunc', '--filter', `label=com.docker.compose.project=${P}`);
		assert.equal(ids.length, 1);
		assert.ok(want.startsWith(ids[0]!) || ids[0]!.startsWith(want), `${ids[0]} vs ${want}`);
		await composeDown(cli, target, {timeout: 1});
		assert.deepEqual(await composePs(cli, target), []);
	});
});
