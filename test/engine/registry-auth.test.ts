/** engine/registry-auth.ts: where docker's credentials come from, read as the docker CLI reads them. */
import assert from 'node:assert/strict';
import {chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, describe, it} from 'node:test';
import {DOCKER_HUB_KEY, registryAuth, registryOf} from '../../source/engine/registry-auth.js';

const dir = mkdtempSync(join(tmpdir(), 'berth-auth-'));
let n = 0;
function config(body: unknown): string {
	const d = join(dir, `cfg${++n}`);
	mkdirSync(d);
	writeFileSync(join(d, 'config.json'), typeof body === 'string' ? body : JSON.stringify(body));
	return d;
}
const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('registry credentials', () => {
	after(() => rmSync(dir, {recursive: true, force: true}));

	it('registryOf reads the registry host as docker does', () => {
		assert.equal(registryOf('busybox'), 'docker.io');
		assert.equal(registryOf('library/busybox:1.36'), 'docker.io');
		assert.equal(registryOf('docker.io/library/busybox'), 'docker.io');
		assert.equal(registryOf('index.docker.io/x/y'), 'docker.io');
		assert.equal(registryOf('ghcr.io/o/r:t'), 'ghcr.io');
		assert.equal(registryOf('localhost/x'), 'localhost');
		assert.equal(registryOf('127.0.0.1:5000/x@sha256:abc'), '127.0.0.1:5000');
		assert.equal(registryOf('team/app'), 'docker.io');
	});

	it('auths: base64 user:password (a colon in the password kept), identity tokens, Hub under its legacy key', async () => {
		const d = config({auths: {'reg.example:5000': {auth: b64('u:p:with:colons')}, 'https://tok.example': {identitytoken: 'T0K'}, [DOCKER_HUB_KEY]: {auth: b64('hubu:hubp')}}});
		assert.deepEqual(await registryAuth('reg.example:5000/a/b:1', {DOCKER_CONFIG: d}), {username: 'u', password: 'p:with:colons', serveraddress: 'reg.example:5000'});
		assert.deepEqual(await registryAuth('tok.example/a', {DOCKER_CONFIG: d}), {identitytoken: 'T0K', serveraddress: 'tok.example'});
		assert.deepEqual(await registryAuth('busybox', {DOCKER_CONFIG: d}), {username: 'hubu', password: 'hubp', serveraddress: DOCKER_HUB_KEY});
		assert.equal(await registryAuth('other.example/x', {DOCKER_CONFIG: d}), null);
	});

	it('credHelpers per registry, then credsStore; a helper that fails or is missing gives no credentials', async () => {
		const bin = join(dir, 'bin');
		mkdirSync(bin);
		const helper = (name: string, body: string) => {
			writeFileSync(join(bin, `docker-credential-${name}`), `#!/bin/sh\n${body}\n`);
			chmodSync(join(bin, `docker-credential-${name}`), 0o755);
		};
		helper('good', 'read s; printf \'{"ServerURL":"%s","Username":"hu","Secret":"hs-%s"}\' "$s" "$s"');
		helper('token', 'read s; printf \'{"Username":"<token>","Secret":"idtok"}\'');
		helper('bad', 'echo "credentials not found in native keychain"; exit 1');
		const env = (d: string) => ({DOCKER_CONFIG: d, PATH: `${bin}:${process.env.PATH}`});
		const d = config({credHelpers: {'a.example': 'good', 'b.example': 'bad', 'c.example': 'absent-helper', 't.example': 'token'}, credsStore: 'good', auths: {'a.example': {auth: b64('no:no')}}});
		assert.deepEqual(await registryAuth('a.example/x', env(d)), {username: 'hu', password: 'hs-a.example', serveraddress: 'a.example'});
		assert.equal(await registryAuth('b.example/x', env(d)), null);
		assert.equal(await registryAuth('c.example/x', env(d)), null);
		assert.deepEqual(await registryAuth('t.example/x', env(d)), {identitytoken: 'idtok', serveraddress: 't.example'});
		// no credHelper, no auths entry: the default store
		assert.deepEqual(await registryAuth('z.example/x', env(d)), {username: 'hu', password: 'hs-z.example', serveraddress: 'z.example'});
		// a helper name that is not a plain word is never run
		const evil = config({credHelpers: {'e.example': '../../bin/sh'}});
		assert.equal(await registryAuth('e.example/x', env(evil)), null);
	});

	it('no config, or a malformed one: anonymous (null), never a throw', async () => {
		assert.equal(await registryAuth('x.example/a', {DOCKER_CONFIG: join(dir, 'nowhere')}), null);
		assert.equal(await registryAuth('x.example/a', {DOCKER_CONFIG: config('{not json')}), null);
	});
});
