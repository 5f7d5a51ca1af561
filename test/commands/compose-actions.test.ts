/** up/down/start/stop/restart through the real compose CLI and engine, with groups. */
import assert from 'node:assert/strict';
import {existsSync, mkdirSync, writeFileSync} from 'node:fs';
import {join, resolve} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {IMAGE, RUN_ID, docker, testEngine} from '../helpers/engine.js';
import {LABELS, berth, cleanupProjects, projectContainers, projectName, volumeExists, writeProject} from './compose-helpers.js';

const P = projectName('act');
const stack = `
services:
  db:
    image: ${IMAGE}
    init: true
    command: sleep 600
    labels: ${LABELS}
    volumes: ["data:/data"]
  app:
    image: ${IMAGE}
    init: true
    command: sleep 600
    labels: ${LABELS}
    depends_on: [db]
  side:
    image: ${IMAGE}
    init: true
    command: sleep 600
    labels: {berth.test: "${RUN_ID}", berth.group: support}
volumes:
  data: {}
x-berth:
  groups:
    foundation: [db]
`;

describe('compose actions (up/down/start/stop/restart, --group)', () => {
	let file = '';
	before(async () => {
		await testEngine();
		file = writeProject(P, stack).file;
	});
	after(cleanupProjects);

	const states = () => Object.fromEntries(Object.entries(projectContainers(P)).map(([s, cs]) => [s, cs.map((c) => c.state).join(',')]));
	const started = (s: string) => Date.parse(projectContainers(P)[s]![0]!.started);
	const finished = (s: string) => Date.parse(projectContainers(P)[s]![0]!.finished);

	it('up starts every group, foundation → application → support', async () => {
		const r = await berth('up', '-f', file, '-p', P);
		assert.equal(r.code, 0, r.stderr);
		assert.match(r.stdout, /up foundation: db\nup application: app\nup support: side/);
		assert.deepEqual(states(), {db: 'running', app: 'running', side: 'running'});
		assert.ok(started('db') <= started('app') && started('app') <= started('side'), 'start order follows the groups');
	});

	it('stop --group support stops only that group', async () => {
		const r = await berth('stop', '--group', 'support', '-f', file, '-p', P, '-t', '1');
		assert.equal(r.code, 0, r.stderr);
		assert.deepEqual(states(), {db: 'running', app: 'running', side: 'exited'});
	});

	it('start --group support starts it again', async () => {
		const r = await berth('start', '-g', 'support', '-f', file, '-p', P);
		assert.equal(r.code, 0, r.stderr);
		assert.deepEqual(states(), {db: 'running', app: 'running', side: 'running'});
	});

	it('stop without arguments goes in reverse group order', async () => {
		const r = await berth('stop', '-f', file, '-p', P, '-t', '1', '--json');
		assert.equal(r.code, 0, r.stderr);
		const j = r.json();
		assert.deepEqual(
			j.steps.map((s: {group: string; services: string[]}) => [s.group, s.services]),
			[
				['support', ['side']],
				['application', ['app']],
				['foundation', ['db']],
			],
		);
		assert.deepEqual(states(), {db: 'exited', app: 'exited', side: 'exited'});
		assert.ok(finished('side') <= finished('app') && finished('app') <= finished('db'), 'stop order is the reverse');
	});

	it('start SERVICE starts just that one', async () => {
		const r = await berth('start', 'db', '-f', file, '-p', P);
		assert.equal(r.code, 0, r.stderr);
		assert.deepEqual(states(), {db: 'running', app: 'exited', side: 'exited'});
	});

	it('restart SERVICE restarts it', async () => {
		const before = started('db');
		const r = await berth('restart', 'db', '-f', file, '-p', P, '-t', '1');
		assert.equal(r.code, 0, r.stderr);
		assert.ok(started('db') > before);
	});

	it('down keeps volumes; down --volumes removes them', async () => {
		let r = await berth('down', '-f', file, '-p', P, '-t', '1');
		assert.equal(r.code, 0, r.stderr);
		assert.deepEqual(states(), {});
		assert.ok(volumeExists(`${P}_data`), 'the named volume survives a plain down');
		assert.equal((await berth('up', 'db', '-f', file, '-p', P)).code, 0);
		r = await berth('down', '--volumes', '-f', file, '-p', P, '-t', '1');
		assert.equal(r.code, 0, r.stderr);
		assert.equal(volumeExists(`${P}_data`), false);
	});

	it('usage errors exit 2 and change nothing', async () => {
		assert.equal((await berth('start', 'nope', '-f', file, '-p', P)).code, 2);
		assert.equal((await berth('stop', '--group', 'bogus', '-f', file, '-p', P)).code, 2);
		assert.equal((await berth('down', 'db', '-f', file, '-p', P)).code, 2);
		const bad = writeProject(projectName('bad'), `services:\n  a:\n    image: ${IMAGE}\n    depends_on: [ghost]\n`).file;
		const r = await berth('up', '-f', bad, '-p', P);
		assert.equal(r.code, 2);
		assert.match(r.stderr, /compose\.yaml:4:18 service "a" depends on undefined service "ghost"/);
		assert.deepEqual(states(), {});
	});

	it('include: the included file\'s services come up too (its group first)', async () => {
		const P2 = projectName('inc');
		const {dir, file: main} = writeProject(P2, `name: ${P2}\ninclude: [db/compose.yaml]\nservices:\n  web:\n    image: ${IMAGE}\n    init: true\n    command: sleep 600\n    labels: ${LABELS}\n    depends_on: [db]\n`);
		mkdirSync(join(dir, 'db'));
		writeFileSync(join(dir, 'db/compose.yaml'), `services:\n  db:\n    image: ${IMAGE}\n    init: true\n    command: sleep 600\n    labels: {berth.test: "${RUN_ID}", berth.group: foundation}\n`);
		const r = await berth('up', '-f', main);
		assert.equal(r.code, 0, r.stderr);
		assert.match(r.stdout, /up foundation: db\nup application: web/);
		assert.deepEqual(
			Object.fromEntries(Object.entries(projectContainers(P2)).map(([s, cs]) => [s, cs[0]!.state])),
			{db: 'running', web: 'running'},
		);
		// compose records the files it used; they must still exist for whoever acts on the project later
		const files = docker('inspect', '-f', '{{index .Config.Labels "com.docker.compose.project.config_files"}}', projectContainers(P2)['web']![0]!.id);
		for (const f of files.split(',')) assert.ok(existsSync(resolve(dir, f)), `${f} exists`);
		assert.equal((await berth('down', '-f', main, '-t', '1')).code, 0);
		assert.deepEqual(projectContainers(P2), {});
	});

	it('an unreachable engine exits 3', async () => {
		const r = await berth('up', '-f', file, '-p', P, '--host', 'unix:///tmp/berth-no-such-engine.sock');
		assert.equal(r.code, 3);
		assert.match(r.stderr, /Cannot reach the Docker engine/);
	});
});
