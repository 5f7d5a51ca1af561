/** berth deploy against the real engine and compose CLI: a two-group stack with a healthcheck. */
import assert from 'node:assert/strict';
import {existsSync, mkdirSync, statSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {IMAGE, RUN_ID, docker, runContainer, testEngine, uniqueName} from '../helpers/engine.js';
import {LABELS, berth, cleanupProjects, projectContainers, projectName, writeProject} from './compose-helpers.js';

const ARCH = docker('version', '-f', '{{.Server.Arch}}');
const TAGGED = `btc-arch-${RUN_ID.replace(/[^a-z0-9]/g, '')}/busybox`;

const healthy = (name: string, port: number, group = '') => `
  ${name}:
    image: ${IMAGE}
    init: true
    command: httpd -f -p 8080 -h /var/www
    labels: {berth.test: "${RUN_ID}"${group ? `, berth.group: ${group}` : ''}}
    ports: ["127.0.0.1:${port}:8080"]
    healthcheck:
      test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/"]
      interval: 1s
      retries: 5`;

describe('berth deploy', () => {
	before(async () => {
		await testEngine();
		docker('tag', IMAGE, `${TAGGED}:1-${ARCH}`);
	});
	after(() => {
		cleanupProjects();
		for (const t of [`${TAGGED}:1-${ARCH}`, `${TAGGED}:1`]) {
			try {
				docker('rmi', t);
			} catch {
				// not there
			}
		}
	});

	it('brings a two-group stack up healthy, foundation first, and reports ports', async () => {
		const P = projectName('dep');
		// db (foundation) becomes healthy only after 2 s; web (application) waits for it
		const {dir, file} = writeProject(
			P,
			`name: ${P}
services:
  db:
    image: ${TAGGED}:1
    init: true
    command: sh -c "sleep 2; touch /tmp/ready; exec sleep 600"
    labels: ${LABELS}
    volumes: ["./data/db:/data"]
    healthcheck:
      test: ["CMD", "test", "-f", "/tmp/ready"]
      interval: 1s
      retries: 10
${healthy('web', 19010)}
    depends_on:
      db: {condition: service_healthy}
x-berth:
  groups:
    foundation: [db]
`,
		);
		const r = await berth('deploy', '-f', file, '--timeout', '60', '--json');
		assert.equal(r.code, 0, r.stdout + r.stderr);
		const j = r.json();
		assert.equal(j.ok, true);
		assert.equal(j.project, P);
		const steps = Object.fromEntries(j.steps.map((s: {id: string; status: string; detail: string}) => [s.id, s]));
		assert.deepEqual(Object.keys(steps), ['environment', 'mount-dirs', 'load-images', 'arch-tags', 'up', 'report']);
		assert.match(steps.environment.status, /^(ok|warn)$/);
		assert.match(steps.environment.detail, /compose v[12] /);
		assert.match(steps['mount-dirs'].detail, /created .*data\/db/);
		assert.ok(statSync(join(dir, 'data/db')).isDirectory());
		assert.equal(steps['load-images'].status, 'skipped');
		assert.match(steps['arch-tags'].detail, /^1 tag created/);
		assert.equal(steps.up.status, 'ok');
		const svc = Object.fromEntries(j.services.map((s: {service: string}) => [s.service, s]));
		assert.equal(svc.db.state, 'healthy');
		assert.equal(svc.db.group, 'foundation');
		assert.equal(svc.web.state, 'healthy');
		assert.equal(svc.web.group, 'application');
		assert.deepEqual(svc.web.ports, [{host_ip: '127.0.0.1', host_port: 19010, container_port: 8080, protocol: 'tcp'}]);
		const cs = projectContainers(P);
		assert.equal(cs['db']![0]!.health, 'healthy');
		assert.equal(cs['web']![0]!.health, 'healthy');
		assert.ok(Date.parse(cs['db']![0]!.started) < Date.parse(cs['web']![0]!.started));
		const body = await (await fetch('http://127.0.0.1:19010/')).text();
		assert.match(body, /tuitest ok/);

		// deploying again changes nothing and is up at once
		const again = await berth('deploy', '-f', file, '--timeout', '60', '--json');
		assert.equal(again.code, 0, again.stdout + again.stderr);
		// its own published port is not "taken"
		assert.doesNotMatch(again.json().steps[0].detail, /already taken/);
		assert.deepEqual(
			again.json().services.map((s: {service: string; state: string}) => [s.service, s.state]),
			[
				['db', 'healthy'],
				['web', 'healthy'],
			],
		);
		const same = projectContainers(P);
		assert.equal(same['db']![0]!.id, cs['db']![0]!.id);
		assert.equal(same['web']![0]!.id, cs['web']![0]!.id);
	});

	it('reports each step in text, and the failed service with why', async () => {
		const P = projectName('depfail');
		const {file} = writeProject(
			P,
			`services:
${healthy('web', 19011, 'core')}
  sick:
    image: ${IMAGE}
    init: true
    command: sleep 600
    labels: ${LABELS}
    healthcheck:
      test: ["CMD-SHELL", "echo probe says no; exit 1"]
      interval: 1s
      retries: 1
`,
		);
		const r = await berth('deploy', '-f', file, '-p', P, '--timeout', '60');
		assert.equal(r.code, 1, r.stdout + r.stderr);
		assert.match(r.stdout, /^\[1\/6\] checks before any change … /m);
		assert.match(r.stdout, /^\[1\/6\] checks before any change ✓ engine /m);
		assert.match(r.stdout, /^\[2\/6\] bind-mount directories ✓ 0 bind mounts/m);
		assert.match(r.stdout, /^\[3\/6\] load images - no --images folder given/m);
		assert.match(r.stdout, /^\[5\/6\] compose up and wait … core: web$/m);
		assert.match(r.stdout, /^\[5\/6\] compose up and wait … application: sick$/m);
		assert.match(r.stdout, /^\[5\/6\] compose up and wait ✗ 1\/2 services up/m);
		assert.match(r.stdout, /^\[6\/6\] report ✗ 1 service failed: sick/m);
		assert.match(r.stdout, /^web +core +healthy +127\.0\.0\.1:19011→8080\/tcp$/m);
		assert.match(r.stdout, /^sick +application +failed +unhealthy: probe says no$/m);
		assert.match(r.stdout, /^sick failed: unhealthy: probe says no\n {2}\[unhealthy\] error: .*probe says no.*\n {6}fix: /m);
	});

	it('a port already taken: stops before any change; with --force compose fails fast, with the doctor\'s finding', async () => {
		const P = projectName('depport');
		const holder = uniqueName('holder');
		runContainer({name: holder, ports: ['127.0.0.1:19013:8080'], cmd: ['httpd', '-f', '-p', '8080', '-h', '/var/www']});
		const {file} = writeProject(P, `services:\n${healthy('web', 19013)}\n`);
		const stopped = await berth('deploy', '-f', file, '-p', P, '--timeout', '120', '--json');
		assert.equal(stopped.code, 1, stopped.stdout + stopped.stderr);
		const s = stopped.json();
		assert.equal(s.stopped, true);
		assert.deepEqual(s.problems, [{kind: 'port', service: 'web', message: `host port 19013/tcp of service web is held by container ${holder}`, fix: `stop what holds it, or publish another host port in ${file}`}]);
		assert.deepEqual(projectContainers(P), {}, 'nothing created');

		const r = await berth('deploy', '-f', file, '-p', P, '--timeout', '120', '--json', '--force');
		assert.equal(r.code, 1, r.stdout + r.stderr);
		const j = r.json();
		assert.equal(j.stopped, false);
		const web = j.services.find((s: {service: string}) => s.service === 'web');
		assert.equal(web.state, 'failed');
		assert.match(web.detail, /created but not started|no container/);
		assert.ok(web.findings.some((f: {code: string}) => f.code === 'port-in-use'), JSON.stringify(web.findings));
		assert.match(j.steps.find((s: {id: string}) => s.id === 'up').detail, /0\/1 services up; application: compose up failed/);
		const env = j.steps.find((s: {id: string}) => s.id === 'environment');
		assert.equal(env.status, 'warn');
		assert.match(env.detail, /1 problem found, nothing changed — going on \(--force\)$/);
	});

	it('a restart loop fails when the timeout runs out, with the doctor\'s restart-loop finding', async () => {
		const P = projectName('deploop');
		const {file} = writeProject(P, `services:\n  crashy:\n    image: ${IMAGE}\n    init: true\n    command: sh -c "echo boom; exit 1"\n    restart: always\n    labels: ${LABELS}\n`);
		const r = await berth('deploy', '-f', file, '-p', P, '--timeout', '8', '--json');
		assert.equal(r.code, 1, r.stdout + r.stderr);
		const crashy = r.json().services[0];
		assert.equal(crashy.state, 'failed');
		assert.match(crashy.detail, /^not ready after 8 s \(--timeout\): (restarting \(\d+ restarts\)|exited with code 1|running, settling)/);
		const codes = crashy.findings.map((f: {code: string}) => f.code);
		assert.ok(codes.includes('restart-loop') || codes.includes('exited-nonzero'), JSON.stringify(crashy.findings));
	});

	it('loads images from --images first', async () => {
		const P = projectName('depimg');
		const images = join(writeProject(P, `services:\n  one:\n    image: ${IMAGE}\n    init: true\n    command: sleep 600\n    labels: ${LABELS}\n`).dir, 'images');
		mkdirSync(images);
		docker('save', '-o', join(images, `busybox-${ARCH}.tar`), IMAGE);
		writeFileSync(join(images, `busybox-${ARCH === 'arm64' ? 'amd64' : 'arm64'}.tar`), 'not loaded: other arch');
		const r = await berth('deploy', '-f', join(images, '..', 'compose.yaml'), '-p', P, '--images', images, '--json');
		assert.equal(r.code, 0, r.stdout + r.stderr);
		const step = r.json().steps.find((s: {id: string}) => s.id === 'load-images');
		assert.equal(step.status, 'ok');
		assert.equal(step.detail, '1 loaded, 1 skipped (other arch), 0 failed');
		// progress (on stderr with --json): tenths of the archive read, then the file's result
		assert.match(r.stderr, new RegExp(`│ loading busybox-${ARCH}\\.tar \\(1/1\\) [1-9]0% of \\d+ MiB`));
		assert.match(r.stderr, new RegExp(`│ loaded busybox-${ARCH}\\.tar: ${IMAGE}`));
	});

	it('--dry-run changes nothing and says what each step would do', async () => {
		const P = projectName('depdry');
		const {dir, file} = writeProject(P, `services:\n  db:\n    image: ${TAGGED}:1\n    init: true\n    labels: ${LABELS}\n    volumes: ["./state:/s"]\n  web:\n    image: ${IMAGE}\n    init: true\n    labels: {berth.test: "${RUN_ID}", berth.group: support}\nx-berth:\n  groups:\n    foundation: [db]\n`);
		const images = join(dir, 'images');
		mkdirSync(images);
		writeFileSync(join(images, `app-${ARCH}.tar`), 'x');
		writeFileSync(join(images, `app-${ARCH === 'arm64' ? 'amd64' : 'arm64'}.tar`), 'x');
		try {
			docker('rmi', `${TAGGED}:1`); // the first test may have made it
		} catch {
			// not there
		}
		const r = await berth('deploy', '--dry-run', '-f', file, '-p', P, '--images', images, '--json');
		assert.equal(r.code, 0, r.stdout + r.stderr);
		const steps = Object.fromEntries(r.json().steps.map((s: {id: string; detail: string}) => [s.id, s.detail]));
		assert.equal(steps['mount-dirs'], `1 bind mount; would create ${join(dir, 'state')}`);
		assert.equal(steps['load-images'], 'would load 1, skip 1 (other arch)');
		assert.equal(steps['arch-tags'], 'would create 1 tag');
		assert.equal(steps.up, 'would start foundation: db → support: web');
		assert.equal(steps.report, 'dry run: nothing was changed');
		assert.match(r.stderr, new RegExp(`would tag ${TAGGED}:1-${ARCH} → ${TAGGED}:1`));
		assert.equal(existsSync(join(dir, 'state')), false);
		assert.deepEqual(projectContainers(P), {});
		assert.equal(docker('images', '-q', `${TAGGED}:1`), '');
	});

	it('a bad compose file exits 2 with file:line:col and creates nothing', async () => {
		const P = projectName('depbad');
		const {dir, file} = writeProject(P, `services:\n  a:\n    image: ${IMAGE}\n    volumes: ["./made:/m"]\n    ports: ["19012:80", "19012:81"]\n`);
		const r = await berth('deploy', '-f', file, '-p', P);
		assert.equal(r.code, 2, r.stdout + r.stderr);
		assert.match(r.stdout, /✗ \S*compose\.yaml:5:25 host port 19012\/tcp of service "a" is already published by service "a".*\n {6}fix: /);
		assert.equal(existsSync(join(dir, 'made')), false);
		assert.deepEqual(projectContainers(P), {});
	});
});
