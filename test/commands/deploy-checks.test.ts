/**
 * Deploy is never half-applied (real engine, docker-compose v1): every problem that can be found
 * before the first change is found — a host port held by a process and one held by a container,
 * a bind source that is missing and looks like a file, an image that is nowhere — all listed with
 * their fix, exit 1, and nothing changed: no bind-mount dir created, no image loaded from the
 * bundle, no arch tag, no container. A file that docker-compose rejects (though berth's own checks
 * let it pass, or not) exits 2, names the user's file (never berth's copy under ~/.cache),
 * and changes nothing either. --force goes on past the port/mount/image problems, not past a
 * rejected file.
 */
import assert from 'node:assert/strict';
import {existsSync, mkdirSync, readFileSync} from 'node:fs';
import {createServer, type Server} from 'node:net';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {IMAGE, RUN_ID, docker, runContainer, testEngine, uniqueName} from '../helpers/engine.js';
import {LABELS, berth, cleanupProjects, projectContainers, projectName, writeProject} from './compose-helpers.js';

const tag = RUN_ID.replace(/[^a-z0-9]/g, '');
const ARCH = docker('version', '-f', '{{.Server.Arch}}');
const BUNDLED = `btc-bundled-${tag}/app:1`;
const ARCHED = `btc-arched-${tag}/app`;
const GHOST = `btc-ghost-${tag}/nothing:1`;
const imageThere = (ref: string) => docker('images', '-q', ref) !== '';
const rmi = (ref: string) => {
	try {
		docker('rmi', ref);
	} catch {
		// not there
	}
};

function listen(port: number): Promise<Server> {
	return new Promise((resolve, reject) => {
		const s = createServer();
		s.once('error', reject);
		s.listen(port, '127.0.0.1', () => resolve(s));
	});
}

describe('deploy checks everything before the first change (real engine)', () => {
	let server: Server | null = null;
	before(async () => {
		await testEngine();
		// an arch-suffixed tag: the arch-tag step would make ARCHED:1 from it (a change to watch for)
		docker('tag', IMAGE, `${ARCHED}:1-${ARCH}`);
	});
	after(() => {
		server?.close();
		cleanupProjects();
		for (const r of [BUNDLED, `${ARCHED}:1-${ARCH}`, `${ARCHED}:1`, GHOST]) rmi(r);
	});

	it('lists every problem with its fix, exits 1, and changes nothing', async () => {
		const P = projectName('chk');
		const holder = uniqueName('chkholder');
		runContainer({name: holder, ports: ['127.0.0.1:19031:8080'], cmd: ['httpd', '-f', '-p', '8080', '-h', '/var/www']});
		server = await listen(19032);
		const {dir, file} = writeProject(
			P,
			`services:
  web:
    image: ${IMAGE}
    labels: ${LABELS}
    ports: ["127.0.0.1:19031:8080", "127.0.0.1:19032:8081"]
  cfg:
    image: ${ARCHED}:1
    labels: ${LABELS}
    volumes: ["./conf/app.conf:/etc/app.conf", "./data/db:/data"]
  bundled:
    image: ${BUNDLED}
    labels: ${LABELS}
  ghost:
    image: ${GHOST}
    labels: ${LABELS}
`,
		);
		// the bundle: an archive of BUNDLED, then BUNDLED removed from the engine
		const images = join(dir, 'images');
		mkdirSync(images);
		docker('tag', IMAGE, BUNDLED);
		docker('save', '-o', join(images, `app-${ARCH}.tar`), BUNDLED);
		rmi(BUNDLED);
		assert.equal(imageThere(BUNDLED), false);

		const r = await berth('deploy', '-f', file, '-p', P, '--images', images, '--json');
		assert.equal(r.code, 1, r.stdout + r.stderr);
		const j = r.json();
		assert.equal(j.ok, false);
		assert.equal(j.stopped, true);
		const problems = j.problems as Array<{kind: string; service?: string; message: string; fix: string}>;
		const byKind = (k: string) => problems.filter((p) => p.kind === k);
		assert.deepEqual(
			byKind('port').map((p) => p.message),
			[`host port 19031/tcp of service web is held by container ${holder}`, `host port 19032/tcp of service web is held by process ${readFileSync('/proc/self/comm', 'utf8').trim()} (pid ${process.pid})`],
		);
		assert.deepEqual(
			byKind('mount').map((p) => [p.message, p.fix]),
			[[`bind-mount source ${join(dir, 'conf/app.conf')} of service cfg is missing and looks like a file: Docker would create a directory in its place`, `create the file (or correct the path in ${file})`]],
		);
		// BUNDLED is in the bundle, ARCHED:1 comes from the arch tag: only GHOST is nowhere
		assert.deepEqual(
			byKind('image').map((p) => p.message),
			[`image ${GHOST} of service ghost is not on the engine and not in ${images}`],
		);
		assert.equal(problems.length, 4, JSON.stringify(problems, null, 1));
		for (const p of problems) assert.ok(p.fix.length > 10, `a fix for ${p.message}`);
		assert.deepEqual(
			j.steps.map((s: {id: string; status: string}) => [s.id, s.status]),
			[
				['environment', 'failed'],
				['report', 'failed'],
			],
		);
		assert.match(j.steps[0].fix, /--force/);

		// nothing changed
		assert.equal(existsSync(join(dir, 'conf')), false, 'no directory made for the file');
		assert.equal(existsSync(join(dir, 'data')), false, 'no bind-mount dir created');
		assert.equal(imageThere(BUNDLED), false, 'nothing loaded from the bundle');
		assert.equal(imageThere(`${ARCHED}:1`), false, 'no arch tag made');
		assert.deepEqual(projectContainers(P), {}, 'no container');

		// the same in text: each problem, its fix, and what to do
		const t = await berth('deploy', '-f', file, '-p', P, '--images', images);
		assert.equal(t.code, 1);
		assert.match(t.stdout, /^\[1\/6\] checks before any change ✗ .*4 problems found, nothing changed$/m);
		assert.match(t.stdout, /^berth deploy: 4 problems found before any change:$/m);
		assert.match(t.stdout, new RegExp(`^  ✗ image ${GHOST.replace(/[./]/g, '\\$&')} of service ghost .*\\n {6}fix: docker load -i ARCHIVE`, 'm'));
		assert.match(t.stdout, /^berth deploy: stopped; nothing was changed \(--force goes on/m);
		assert.equal(existsSync(join(dir, 'data')), false);
		server.close();
		server = null;
	});

	it('a file docker-compose rejects: exit 2, the user\'s file named (not a copy under ~/.cache), nothing changed, --force does not help', async () => {
		const P = projectName('chkrej');
		// top-level name: makes berth hand docker-compose v1 a copy of the file (in berth's cache)
		const {dir, file} = writeProject(P, `name: ${P}\nservices:\n  a:\n    image: ${ARCHED}:1\n    labels: ${LABELS}\n    restart: [always]\n    volumes: ["./made:/m"]\n`);
		for (const extra of [[], ['--force']]) {
			const r = await berth('deploy', '-f', file, ...extra);
			assert.equal(r.code, 2, r.stdout + r.stderr);
			const all = r.stdout + r.stderr;
			assert.doesNotMatch(all, /\.cache/, 'no path under ~/.cache');
			assert.match(all, /restart/);
			assert.match(all, new RegExp(`✗ .*${file.replace(/[./]/g, '\\$&')}`));
			assert.match(all, /fix: /);
			assert.equal(existsSync(join(dir, 'made')), false, 'no bind-mount dir');
			assert.equal(imageThere(`${ARCHED}:1`), false, 'no arch tag');
			assert.deepEqual(projectContainers(P), {});
		}
	});

	it('--force goes on past a missing file-like bind source (not created) and the rest comes up', async () => {
		const P = projectName('chkforce');
		const {dir, file} = writeProject(P, `services:\n  a:\n    image: ${IMAGE}\n    init: true\n    command: sleep 600\n    labels: ${LABELS}\n    volumes: ["./data:/data", "./conf/x.conf:/x.conf"]\n`);
		const stopped = await berth('deploy', '-f', file, '-p', P, '--json');
		assert.equal(stopped.code, 1);
		assert.equal(existsSync(join(dir, 'data')), false);
		const r = await berth('deploy', '-f', file, '-p', P, '--json', '--force', '--timeout', '60');
		const j = r.json();
		assert.equal(j.steps[0].status, 'warn', JSON.stringify(j.steps[0]));
		assert.equal(j.problems.length, 1);
		assert.equal(existsSync(join(dir, 'data')), true, 'the directory source was created');
		assert.ok(Object.keys(projectContainers(P)).length > 0, 'went on to compose up');
	});
});
