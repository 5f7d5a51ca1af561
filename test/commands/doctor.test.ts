/** `berth doctor` and `berth restart-container` (the built CLI) against the real engine. */
import assert from 'node:assert/strict';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, describe, it} from 'node:test';
import {berth as run} from '../helpers/cli.js';
import {RUN_ID, cleanup, docker, runContainer, uniqueName, waitFor} from '../helpers/engine.js';

const berth = (args: string[], cwd?: string) => run(args, {}, cwd ? {cwd} : {});

const project = `btdoccli${process.pid}`;
const dir = mkdtempSync(join(tmpdir(), 'berth-doctor-'));
const compose = (service: string) => ({'com.docker.compose.project': project, 'com.docker.compose.service': service});

describe('berth doctor', () => {
	after(() => {
		cleanup();
		rmSync(dir, {recursive: true, force: true});
	});

	const web = uniqueName('web');
	const job = uniqueName('job');

	it('exit 1 with error findings, as JSON with the documented fields', async () => {
		runContainer({name: web, labels: compose('web')});
		runContainer({name: job, labels: compose('job'), cmd: ['sh', '-c', 'echo "cannot open /etc/job.conf" >&2; exit 5']});
		await waitFor(() => docker('inspect', '-f', '{{.State.Status}}', job) === 'exited', 'job exits');
		const r = berth(['doctor', '-p', project, '--json']);
		assert.equal(r.code, 1, r.err);
		const doc = JSON.parse(r.out) as {findings: Array<Record<string, string>>; errors: number; warnings: number};
		assert.deepEqual(doc.findings.map((f) => Object.keys(f).sort()), [['code', 'container', 'fix', 'message', 'service', 'severity']]);
		assert.deepEqual(doc.findings.map((f) => [f['container'], f['service'], f['code'], f['severity']]), [[job, 'job', 'exited-nonzero', 'error']]);
		assert.match(doc.findings[0]!['message']!, /exited with code 5; last log lines: cannot open \/etc\/job\.conf/);
		assert.equal(doc.errors, 1);
	});

	it('SERVICE narrows; exit 0 when no error findings', () => {
		const r = berth(['doctor', '-p', project, 'web']);
		assert.equal(r.code, 0, r.out + r.err);
		assert.match(r.out, new RegExp(`no problems found \\(project ${project}, services web\\)`));
	});

	it('-f FILE (or a compose file in the current directory) picks the project from the file', () => {
		writeFileSync(join(dir, 'compose.yaml'), `name: ${project}\nservices:\n  web:\n    image: tuitest/busybox:latest\n  job:\n    image: tuitest/busybox:latest\n`);
		const r = berth(['doctor', '-f', join(dir, 'compose.yaml')]);
		assert.equal(r.code, 1);
		assert.match(r.out, new RegExp(`✖ ${job} \\[job\\]  exited-nonzero \\(error\\)\\n +${job} exited with code 5`));
		assert.match(r.out, /\n +fix: Read the full log/);
		assert.match(r.out, new RegExp(`1 error\\(s\\), 0 warning\\(s\\) \\(project ${project}\\)`));
		const inDir = berth(['doctor', 'web'], dir);
		assert.equal(inDir.code, 0, inDir.out + inDir.err);
		assert.equal(berth(['doctor', '-f', join(dir, 'missing.yaml')]).code, 2);
	});

	it('restart-container brings an exited container back, and says so', async () => {
		const before = docker('inspect', '-f', '{{.State.StartedAt}}', web);
		const r = berth(['restart-container', web, '--json', '-t', '1']);
		assert.equal(r.code, 0, r.err);
		const doc = JSON.parse(r.out) as {name: string; state: string; started_at: string};
		assert.equal(doc.name, web);
		assert.equal(doc.state, 'running');
		assert.notEqual(doc.started_at, before);
		const gone = mkdtempSync(join(tmpdir(), 'berth-gone-'));
		const broken = uniqueName('broken');
		docker('create', '--init', '--label', `berth.test=${RUN_ID}`, '--name', broken, '--mount', `type=bind,source=${gone},target=/x`, 'tuitest/busybox:latest', 'sleep', '600');
		rmSync(gone, {recursive: true});
		const failing = berth(['restart-container', broken]);
		assert.equal(failing.code, 1, 'the engine cannot start it');
		assert.match(failing.err, /no such file or directory|bind source path does not exist/);
		assert.match(failing.err, new RegExp(`berth doctor`));
		assert.equal(berth(['restart-container', uniqueName('nope')]).code, 1);
		assert.equal(berth(['restart-container']).code, 2);
	});
});
