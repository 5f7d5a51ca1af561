import assert from 'node:assert/strict';
import {createHash} from 'node:crypto';
import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, it} from 'node:test';
import {dockerOptions} from '../../source/engine/connection.js';
import {describeTarget, resolveTarget} from '../../source/engine/host.js';

function configWithContext(name: string, host: string, withTls = false) {
	const dir = mkdtempSync(join(tmpdir(), 'berth-ctx-'));
	const id = createHash('sha256').update(name).digest('hex');
	mkdirSync(join(dir, 'contexts', 'meta', id), {recursive: true});
	writeFileSync(join(dir, 'contexts', 'meta', id, 'meta.json'), JSON.stringify({Name: name, Endpoints: {docker: {Host: host, SkipTLSVerify: false}}}));
	if (withTls) {
		mkdirSync(join(dir, 'contexts', 'tls', id, 'docker'), {recursive: true});
		for (const f of ['ca.pem', 'cert.pem', 'key.pem']) writeFileSync(join(dir, 'contexts', 'tls', id, 'docker', f), 'x');
	}
	writeFileSync(join(dir, 'config.json'), JSON.stringify({currentContext: name}));
	return dir;
}

describe('resolveTarget', () => {
	it('defaults to the local socket', () => {
		const t = resolveTarget(undefined, {HOME: '/nonexistent'});
		assert.equal(t.url, 'unix:///var/run/docker.sock');
		assert.equal(describeTarget(t), 'unix:///var/run/docker.sock (default)');
	});
	it('a flag beats DOCKER_HOST, which beats the context', () => {
		const cfg = configWithContext('remote', 'tcp://10.0.0.1:2375');
		assert.equal(resolveTarget('unix:///tmp/a.sock', {DOCKER_HOST: 'tcp://h:1', DOCKER_CONFIG: cfg}).url, 'unix:///tmp/a.sock');
		assert.equal(resolveTarget(undefined, {DOCKER_HOST: 'tcp://h:1', DOCKER_CONFIG: cfg}).source, 'DOCKER_HOST');
		const t = resolveTarget(undefined, {DOCKER_CONFIG: cfg});
		assert.equal(t.url, 'tcp://10.0.0.1:2375');
		assert.equal(t.source, 'context');
	});
	it('DOCKER_CONTEXT names a context and picks up its TLS files', () => {
		const cfg = configWithContext('secure', 'tcp://example:2376', true);
		const t = resolveTarget(undefined, {DOCKER_CONFIG: cfg, DOCKER_CONTEXT: 'secure'});
		assert.equal(t.url, 'tcp://example:2376');
		assert.ok(t.tls?.caPath?.endsWith('ca.pem'));
		const o = dockerOptions(t, '1.41');
		assert.equal(o.protocol, 'https');
		assert.equal(o.version, 'v1.41');
	});
	it('an unknown context is a clear error', () => {
		assert.throws(() => resolveTarget(undefined, {DOCKER_CONTEXT: 'nope', DOCKER_CONFIG: mkdtempSync(join(tmpdir(), 'x'))}), /context "nope" not found/);
	});
	it('bare paths and host:port are normalised', () => {
		assert.equal(resolveTarget('/run/docker.sock', {}).url, 'unix:///run/docker.sock');
		assert.equal(resolveTarget('host:2375', {}).url, 'tcp://host:2375');
		assert.deepEqual(dockerOptions(resolveTarget('/run/docker.sock', {})), {socketPath: '/run/docker.sock'});
	});
	it('DOCKER_CERT_PATH + DOCKER_TLS_VERIFY select TLS for tcp hosts', () => {
		const t = resolveTarget(undefined, {DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs'});
		assert.deepEqual(t.tls, {caPath: '/certs/ca.pem', certPath: '/certs/cert.pem', keyPath: '/certs/key.pem', verify: true});
	});
});
