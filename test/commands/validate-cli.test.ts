/** berth validate and berth config as a user runs them: the built CLI, exit codes, output. */
import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';
import {parse} from 'yaml';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

function cli(args: string[], cwd: string, env: Record<string, string> = {}): Promise<{code: number; stdout: string; stderr: string}> {
	return new Promise((resolve) => {
		execFile(process.execPath, [CLI, ...args], {cwd, env: {...process.env, ...env}}, (err, stdout, stderr) => {
			resolve({code: err ? ((err as {code?: number}).code ?? 1) : 0, stdout, stderr});
		});
	});
}

function dirWith(files: Record<string, string>): string {
	const dir = mkdtempSync(join(tmpdir(), 'berth-vcli-'));
	for (const [f, t] of Object.entries(files)) writeFileSync(join(dir, f), t);
	return dir;
}

describe('berth validate / config (built CLI)', () => {
	it('a valid file in the current directory: exit 0, with warnings shown', async () => {
		const dir = dirWith({'docker-compose.yml': 'version: "3.9"\nservices:\n  web:\n    image: nginx:${TAG:-1}\n    ports: ["127.0.0.1:19100:80"]\n'});
		const r = await cli(['validate'], dir);
		assert.equal(r.code, 0, r.stderr);
		assert.equal(r.stdout, `${dir}/docker-compose.yml:1:1 warning: the attribute \`version\` is obsolete, it will be ignored\n${dir}/docker-compose.yml: valid — project ${dir.split('/').pop()!.toLowerCase().replace(/[^a-z0-9_-]/g, '')}, 1 service (0 errors, 1 warning)\n`);
	});

	it('every problem as file:line:col message, exit 2', async () => {
		const dir = dirWith({
			'stack.yaml': `services:
  a:
    image: x
    depends_on: [b, ghost]
    ports: ["19101:80", "80:80/icmp"]
  b:
    image: \${IMG}
    depends_on: [a]
    ports: ["19101:81"]
  c:
    command: hi
`,
		});
		const r = await cli(['validate', '-f', 'stack.yaml'], dir);
		assert.equal(r.code, 2);
		const f = `${dir}/stack.yaml`;
		assert.equal(
			r.stdout,
			[
				`${f}:4:18 dependency cycle: a → b → a`,
				`${f}:4:21 service "a" depends on undefined service "ghost"`,
				`${f}:5:25 bad port "80:80/icmp": unknown protocol "icmp" (tcp, udp or sctp)`,
				`${f}:6:3 service "b" has neither an image nor a build context`,
				`${f}:7:12 warning: variable IMG is not set and has no default; using an empty string`,
				`${f}:9:13 host port 19101/tcp of service "b" is already published by service "a" (line 5)`,
				`${f}:10:3 service "c" has neither an image nor a build context`,
				`${f}: invalid — 6 errors, 1 warning`,
				'',
			].join('\n'),
		);
	});

	it('--json is stable', async () => {
		const dir = dirWith({'compose.yaml': 'services:\n  a:\n    image: x\n    depends_on: [zz]\n'});
		const r = await cli(['validate', '--json'], dir);
		assert.equal(r.code, 2);
		assert.deepEqual(JSON.parse(r.stdout), {
			valid: false,
			file: `${dir}/compose.yaml`,
			project: dir.split('/').pop()!.toLowerCase().replace(/[^a-z0-9_-]/g, ''),
			services: ['a'],
			errors: 1,
			warnings: 0,
			diagnostics: [{file: `${dir}/compose.yaml`, line: 4, col: 18, severity: 'error', code: 'unknown-dependency', message: 'service "a" depends on undefined service "zz"'}],
		});
	});

	it('no compose file: exit 2', async () => {
		const r = await cli(['validate'], dirWith({}));
		assert.equal(r.code, 2);
		assert.match(r.stderr, /no compose file in .* \(looked for compose\.yaml, compose\.yml, docker-compose\.yaml, docker-compose\.yml\)/);
	});

	it('an unknown flag is a usage error', async () => {
		assert.equal((await cli(['validate', '--nope'], dirWith({}))).code, 2);
	});

	it('config prints the resolved model (YAML, or JSON), interpolated from .env and the environment', async () => {
		const dir = dirWith({
			'compose.yaml': 'name: btcconfig\nservices:\n  web:\n    image: ${IMG}\n    environment: ["A=${A_VAL:-dflt}", B]\n    ports: ["[::1]:19102:80/udp", "19103-19104:80-81"]\n',
			'.env': 'IMG=busybox:1\n',
		});
		const r = await cli(['config'], dir, {B: 'from-env'});
		assert.equal(r.code, 0, r.stderr);
		const want = {
			name: 'btcconfig',
			services: {
				web: {
					environment: {A: 'dflt', B: 'from-env'},
					image: 'busybox:1',
					ports: [
						{host_ip: '::1', host_port: 19102, container_port: 80, protocol: 'udp'},
						{host_ip: '', host_port: 19103, container_port: 80, protocol: 'tcp'},
						{host_ip: '', host_port: 19104, container_port: 81, protocol: 'tcp'},
					],
				},
			},
		};
		assert.deepEqual(parse(r.stdout), want);
		const j = await cli(['config', '--json'], dir, {B: 'from-env'});
		assert.deepEqual(JSON.parse(j.stdout), want);
		const s = await cli(['config', '--services'], dir);
		assert.equal(s.stdout, 'web\n');
	});

	it('config shows services of a profile only when it is active', async () => {
		const dir = dirWith({'compose.yaml': 'services:\n  web:\n    image: x\n  debug:\n    image: x\n    profiles: [dbg]\n'});
		assert.equal((await cli(['config', '--services'], dir)).stdout, 'web\n');
		assert.equal((await cli(['config', '--services', '--profile', 'dbg'], dir)).stdout, 'debug\nweb\n');
		assert.equal((await cli(['config', '--services'], dir, {COMPOSE_PROFILES: 'dbg'})).stdout, 'debug\nweb\n');
	});

	it('config on a bad file: exit 2, problems on stderr, nothing on stdout', async () => {
		const r = await cli(['config'], dirWith({'compose.yaml': 'services:\n  a:\n    image: x\n    ports: ["nope"]\n'}));
		assert.equal(r.code, 2);
		assert.equal(r.stdout, '');
		assert.match(r.stderr, /compose\.yaml:4:13 bad port "nope": container port "nope" is not a number or range/);
	});
});
