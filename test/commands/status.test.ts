/** `berth status` (the built CLI) against the real engine. */
import assert from 'node:assert/strict';
import {after, describe, it} from 'node:test';
import {berth} from '../helpers/cli.js';
import {cleanup, docker, runContainer, uniqueName, waitFor} from '../helpers/engine.js';

describe('berth status', () => {
	after(() => cleanup());

	it('--json lists each container with the documented fields, matching docker inspect', async () => {
		const name = uniqueName('st');
		const id = runContainer({
			name,
			ports: ['127.0.0.1:19952:8080/tcp'],
			labels: {'com.docker.compose.project': 'btfs', 'com.docker.compose.service': 'api'},
			cmd: ['httpd', '-f', '-p', '8080', '-h', '/var/www'],
		});
		await waitFor(() => docker('inspect', '-f', '{{.State.Running}}', id) === 'true', 'running');
		const r = berth(['status', '--json']);
		assert.equal(r.code, 0, r.err);
		const doc = JSON.parse(r.out) as {engine: {version: string}; containers: Array<Record<string, unknown>>};
		assert.ok(doc.engine.version);
		const c = doc.containers.find((x) => x['name'] === name);
		assert.ok(c, `no ${name} in ${r.out.slice(0, 400)}`);
		for (const field of ['name', 'id', 'project', 'service', 'state', 'health', 'ports', 'image', 'started_at']) assert.ok(field in c, field);
		assert.equal(c['id'], id);
		assert.equal(c['project'], 'btfs');
		assert.equal(c['service'], 'api');
		assert.equal(c['state'], 'running');
		assert.equal(c['health'], 'none');
		assert.equal(c['image'], 'tuitest/busybox:latest');
		assert.deepEqual(c['ports'], [{host_ip: '127.0.0.1', host_port: 19952, container_port: 8080, protocol: 'tcp'}]);
		assert.equal(c['started_at'], docker('inspect', '-f', '{{.State.StartedAt}}', id));
	});

	it('prints the grouped table as text', () => {
		const r = berth(['status']);
		assert.equal(r.code, 0, r.err);
		const lines = r.out.split('\n');
		const p = lines.findIndex((l) => /^btfs\s+\d+\/\d+ running/.test(l));
		assert.ok(p >= 0, r.out);
		assert.match(lines[p + 1]!, /^ {2}api\s+1\/1 running/);
		assert.match(lines[p + 2]!, /^ {4}bt-st-.*running\s+-\s+127\.0\.0\.1:19952→8080\/tcp/);
	});

	it('exits 3 with what to do when the engine is unreachable', () => {
		const r = berth(['status'], {DOCKER_HOST: 'unix:///tmp/berth-absent.sock'});
		assert.equal(r.code, 3);
		assert.match(r.err, /unix:\/\/\/tmp\/berth-absent\.sock/);
		assert.match(r.err, /Start the Docker daemon|DOCKER_HOST/);
		assert.equal(r.out, '');
	});

	it('exits 2 on an unknown command or flag', () => {
		assert.equal(berth(['no-such-command']).code, 2);
		assert.equal(berth(['status', '--no-such-flag']).code, 2);
	});
});
