/**
 * U / D / R from the dashboard on projects that docker-compose v1 started the ordinary ways: from
 * another directory with relative -f files (what it records: "demo/compose.yaml,demo/extra.yaml"
 * and working_dir = the first file's folder), from a subfolder (no -f: "../compose.yaml"), with
 * --project-directory; and a project whose compose file was removed since.
 */
import assert from 'node:assert/strict';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {execFileSync} from 'node:child_process';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {recordedComposeFiles} from '../../source/core/compose/cli-file.js';
import {containerGroup} from '../../source/core/roles/containerGroup.js';
import {berth} from '../commands/compose-helpers.js';
import {runCompose} from '../../source/state/effects/compose.js';
import {listContainers} from '../../source/engine/index.js';
import type {Engine} from '../../source/engine/connection.js';
import {initialState, reducer} from '../../source/state/reducer.js';
import {createStore} from '../../source/state/store.js';
import {IMAGE, RUN_ID, TEST_LABEL, docker, testEngine} from '../helpers/engine.js';

const tag = RUN_ID.replace(/[^a-z0-9]/g, '');
const dirs: string[] = [];
const projects: Array<{name: string; cwd: string; args: string[]}> = [];

const service = (cmd = 'sleep 600') => `services:\n  app:\n    image: ${IMAGE}\n    init: true\n    command: ${cmd}\n    labels: {${TEST_LABEL}: "${RUN_ID}"}\n`;

/** docker-compose v1 as a user types it, in `cwd`. */
function v1(cwd: string, project: string, args: string[]): void {
	projects.push({name: project, cwd, args});
	execFileSync('docker-compose', ['-p', project, ...args, 'up', '-d'], {cwd, stdio: 'ignore'});
}

const ids = (project: string) => docker('ps', '-aq', '--filter', `label=com.docker.compose.project=${project}`).split('\n').filter(Boolean);
const envOf = (id: string) => docker('inspect', '-f', '{{json .Config.Env}}', id);

async function act(engine: Engine, project: string, cmd: 'up' | 'down' | 'recreate') {
	const members = (await listContainers(engine)).filter((c) => c.project === project);
	const store = createStore(reducer, initialState());
	const ok = await runCompose(store, cmd, project, members, Date.now, engine.target);
	return {ok, status: store.getState().ui.status, labels: members[0]?.labels ?? {}};
}

describe('compose files recorded by docker-compose v1, resolved as compose does (real engine)', () => {
	let engine: Engine;
	before(async () => {
		engine = await testEngine();
	});
	after(() => {
		for (const p of projects) {
			const cs = ids(p.name);
			if (cs.length) docker('rm', '-f', '-v', ...cs);
			try {
				docker('network', 'rm', `${p.name}_default`);
			} catch {
				// none
			}
		}
		for (const d of dirs) rmSync(d, {recursive: true, force: true});
	});

	function tree(): string {
		const root = mkdtempSync(join(tmpdir(), `btc-files-${tag}-`));
		dirs.push(root);
		mkdirSync(join(root, 'demo', 'sub'), {recursive: true});
		writeFileSync(join(root, 'demo', 'compose.yaml'), `${service()}x-berth:\n  groups:\n    core: [app]\n`);
		writeFileSync(join(root, 'demo', 'extra.yaml'), 'services:\n  app:\n    environment: [FROM_EXTRA=yes]\n');
		return root;
	}

	it('run from the parent with relative -f files: R recreates with both files, D takes it down', async () => {
		const root = tree();
		const P = `btcfiles${tag}a`;
		v1(root, P, ['-f', 'demo/compose.yaml', '-f', 'demo/extra.yaml']);
		const before = ids(P);
		assert.equal(before.length, 1);
		const r = await act(engine, P, 'recreate');
		// what v1 recorded (the reason for all this)
		assert.equal(r.labels['com.docker.compose.project.config_files'], 'demo/compose.yaml,demo/extra.yaml');
		assert.equal(r.labels['com.docker.compose.project.working_dir'], join(root, 'demo'));
		assert.equal(r.ok, true, JSON.stringify(r.status));
		// the roles' group lookup reads the same recorded files (x-berth groups: app is core)
		assert.equal(containerGroup(r.labels, 'app'), 'core');
		const after = ids(P);
		assert.equal(after.length, 1);
		assert.notEqual(after[0], before[0], 'recreated: a new container');
		assert.match(envOf(after[0]!), /FROM_EXTRA=yes/, 'the second -f file was used too');
		const d = await act(engine, P, 'down');
		assert.equal(d.ok, true, JSON.stringify(d.status));
		assert.deepEqual(ids(P), []);
	});

	it('run in a subfolder without -f ("../compose.yaml"): U brings a removed service back', async () => {
		const root = tree();
		const P = `btcfiles${tag}b`;
		v1(join(root, 'demo', 'sub'), P, []);
		const first = ids(P);
		assert.equal(first.length, 1);
		const labels = (await listContainers(engine)).find((c) => c.project === P)!.labels;
		assert.equal(labels['com.docker.compose.project.config_files'], '../compose.yaml');
		docker('stop', '-t', '0', first[0]!);
		const r = await act(engine, P, 'up');
		assert.equal(r.ok, true, JSON.stringify(r.status));
		assert.equal(docker('inspect', '-f', '{{.State.Running}}', first[0]!), 'true');
	});

	it('run with --project-directory from above: R works', async () => {
		const root = tree();
		const P = `btcfiles${tag}c`;
		v1(root, P, ['-f', 'demo/compose.yaml', '--project-directory', '.']);
		const before = ids(P);
		const r = await act(engine, P, 'recreate');
		assert.equal(r.labels['com.docker.compose.project.working_dir'], root);
		assert.equal(r.ok, true, JSON.stringify(r.status));
		assert.notEqual(ids(P)[0], before[0]);
	});

	it('started by berth up (its label override file and, for v1, its copy of the file): R works; the override gone from the cache: R still works', async () => {
		const root = tree();
		const P = `btcfiles${tag}e`;
		projects.push({name: P, cwd: root, args: []});
		// a top-level name: makes berth hand docker-compose v1 its own copy of the file
		writeFileSync(join(root, 'demo', 'compose.yaml'), `name: ${P}\n${service()}`);
		const up = await berth('up', '-f', join(root, 'demo', 'compose.yaml'));
		assert.equal(up.code, 0, up.stdout + up.stderr);
		const before = ids(P);
		const r = await act(engine, P, 'recreate');
		assert.equal(r.ok, true, JSON.stringify(r.status));
		const recorded = r.labels['com.docker.compose.project.config_files']!.split(',');
		const override = recorded.find((f) => f.endsWith('berth-labels.yml'));
		assert.ok(override, `a label override file is recorded: ${recorded.join(', ')}`);
		assert.notEqual(ids(P)[0], before[0]);
		rmSync(override);
		const again = await act(engine, P, 'recreate');
		assert.equal(again.ok, true, JSON.stringify(again.status));
	});

	it('the compose file is gone: says so, names the file and what to do, runs nothing', async () => {
		const root = tree();
		const P = `btcfiles${tag}d`;
		v1(root, P, ['-f', 'demo/compose.yaml']);
		const before = ids(P);
		rmSync(join(root, 'demo', 'compose.yaml'));
		const r = await act(engine, P, 'recreate');
		assert.equal(r.ok, false);
		assert.equal(r.status?.kind, 'error');
		assert.match(r.status!.text, new RegExp(`compose file is gone: ${join(root, 'demo', 'compose.yaml').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(recorded by compose on the containers as "demo/compose.yaml"`));
		assert.match(r.status!.hint ?? '', /Put the file back, or run compose yourself .*docker-compose -p \S+ -f FILE up -d --force-recreate/);
		assert.deepEqual(ids(P), before, 'nothing was touched');
	});
});

describe('recordedComposeFiles (table)', () => {
	const L = (files: string, dir?: string) => ({'com.docker.compose.project.config_files': files, ...(dir ? {'com.docker.compose.project.working_dir': dir} : {})});
	const have = (...paths: string[]) => (p: string) => paths.includes(p);
	const cases: Array<[string, Record<string, string>, (p: string) => boolean, string[], string[]]> = [
		['v2: absolute, comma-separated', L('/srv/app/compose.yaml,/srv/app/override.yaml', '/srv/app'), have('/srv/app/compose.yaml', '/srv/app/override.yaml'), ['/srv/app/compose.yaml', '/srv/app/override.yaml'], []],
		['v1 in the project dir', L('compose.yaml', '/srv/app'), have('/srv/app/compose.yaml'), ['/srv/app/compose.yaml'], []],
		['v1 from the parent', L('demo/compose.yaml,demo/x.yaml', '/r/demo'), have('/r/demo/compose.yaml', '/r/demo/x.yaml'), ['/r/demo/compose.yaml', '/r/demo/x.yaml'], []],
		['v1 from a subfolder', L('../compose.yaml', '/r/demo'), have('/r/demo/compose.yaml'), ['/r/demo/compose.yaml'], []],
		['v1, second file elsewhere', L('demo/compose.yaml,ops/prod.yaml', '/r/demo'), have('/r/demo/compose.yaml', '/r/ops/prod.yaml'), ['/r/demo/compose.yaml', '/r/ops/prod.yaml'], []],
		['v1, mixed absolute', L('demo/compose.yaml,/etc/extra.yaml', '/r/demo'), have('/r/demo/compose.yaml', '/etc/extra.yaml'), ['/r/demo/compose.yaml', '/etc/extra.yaml'], []],
		['v1 --project-directory . from above', L('demo/compose.yaml', '/r'), have('/r/demo/compose.yaml'), ['/r/demo/compose.yaml'], []],
		['v1 --project-directory, run further up', L('r/demo/compose.yaml', '/top/r'), have('/top/r/demo/compose.yaml'), ['/top/r/demo/compose.yaml'], []],
		['gone', L('demo/compose.yaml', '/r/demo'), have(), ['/r/demo/compose.yaml'], ['/r/demo/compose.yaml']],
		['spaces around commas', L(' a.yaml , b.yaml ', '/p'), have('/p/a.yaml', '/p/b.yaml'), ['/p/a.yaml', '/p/b.yaml'], []],
	];
	for (const [name, labels, exists, files, missing] of cases) {
		it(name, () => {
			const r = recordedComposeFiles(labels, exists);
			assert.ok(r);
			assert.deepEqual(r.files, files);
			assert.deepEqual(r.missing, missing);
		});
	}
	it('no label: null', () => assert.equal(recordedComposeFiles({}), null));
});
