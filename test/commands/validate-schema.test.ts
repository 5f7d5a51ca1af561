/**
 * Types checked the way the compose specification's JSON schema checks them (after interpolation,
 * as compose does): each case's verdict from the built CLI (`berth validate --json`) next to
 * docker-compose 1.29.2's own (`docker-compose -f F config -q`), and each error at its line:col.
 */
import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

interface Run {
	code: number;
	stdout: string;
	stderr: string;
}

function run(cmd: string, args: string[], cwd: string, env: Record<string, string>): Promise<Run> {
	return new Promise((resolve) => {
		execFile(cmd, args, {cwd, env: {PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env}, timeout: 60_000}, (err, stdout, stderr) => {
			resolve({code: err ? ((err as {code?: number}).code ?? 1) : 0, stdout, stderr});
		});
	});
}

interface Case {
	/** one line under `services: a: image: busybox` (indented 4), or a whole file */
	line?: string;
	file?: string;
	env?: Record<string, string>;
	/** null: valid. Else the position (line:col) and a fragment of berth's message */
	error: null | {at: string; says: RegExp};
}

const svc = (line: string) => `services:\n  a:\n    image: busybox\n    ${line}\n`;

const CASES: Record<string, Case> = {
	// the list: docker-compose rejects every one
	'restart: [always]': {line: 'restart: [always]', error: {at: '4:14', says: /services\.a\.restart must be a string/}},
	'mem_limit: true': {line: 'mem_limit: true', error: {at: '4:16', says: /services\.a\.mem_limit must be a number or a string/}},
	'healthcheck: curl': {line: 'healthcheck: curl', error: {at: '4:18', says: /services\.a\.healthcheck must be a mapping/}},
	'command: {a: 1}': {line: 'command: {a: 1}', error: {at: '4:14', says: /services\.a\.command must be null, a string or a list/}},
	"privileged: 'yes please'": {line: "privileged: 'yes please'", error: {at: '4:17', says: /services\.a\.privileged: "yes please" is not a boolean/}},
	'cpus: lots': {line: 'cpus: lots', error: {at: '4:11', says: /services\.a\.cpus: "lots" is not a number/}},
	'user: [root]': {line: 'user: [root]', error: {at: '4:11', says: /services\.a\.user must be a string/}},
	'networks: x': {line: 'networks: x', error: {at: '4:15', says: /services\.a\.networks must be a list or a mapping/}},
	'deploy.replicas: two': {line: 'deploy: {replicas: two}', error: {at: '4:24', says: /services\.a\.deploy\.replicas: "two" is not an integer/}},
	'"${HOST_PORT}:80", HOST_PORT unset': {line: 'ports: ["${HOST_PORT}:80"]', error: {at: '4:13', says: /bad port ":80": the host port is empty/}},
	'":80"': {line: 'ports: [":80"]', error: {at: '4:13', says: /bad port ":80": the host port is empty/}},
	'init: 1': {line: 'init: 1', error: {at: '4:11', says: /services\.a\.init must be a boolean or a string/}},
	'healthcheck.test: true': {line: 'healthcheck: {test: true}', error: {at: '4:25', says: /services\.a\.healthcheck\.test must be a string or a list/}},
	'deploy.replicas unset variable': {line: 'deploy: {replicas: "${NREP}"}', error: {at: '4:24', says: /services\.a\.deploy\.replicas: "" is not an integer/}},
	// …and accepts these: so must berth
	'"${HOST_PORT}:80", HOST_PORT set': {line: 'ports: ["${HOST_PORT}:80"]', env: {HOST_PORT: '19580'}, error: null},
	'"127.0.0.1::80" (an engine-chosen host port)': {line: 'ports: ["127.0.0.1::80"]', error: null},
	'restart: always': {line: 'restart: always', error: null},
	'privileged: "yes"': {line: 'privileged: "yes"', error: null},
	'tty: on (YAML 1.2: a string)': {line: 'tty: on', error: null},
	'cpus: "0.5"': {line: 'cpus: "0.5"', error: null},
	'mem_limit: 2g': {line: 'mem_limit: 2g', error: null},
	'deploy.replicas from a default': {line: 'deploy: {replicas: "${R:-2}"}', error: null},
	'privileged from a variable': {line: 'privileged: "${P}"', env: {P: 'true'}, error: null},
	'x- extension of any shape': {line: 'x-anything: [1, {b: 2}]', error: null},
	'x-berth groups block': {file: 'services:\n  a:\n    image: busybox\n  b:\n    image: busybox\nx-berth:\n  groups:\n    foundation: [a]\n    application: [b]\n', error: null},
};

// Each case has its own directory and file and asks no engine: the cases overlap, two at a time (each
// already runs berth and docker-compose side by side: up to four processes on CI's two cores).
describe('validate checks types as the compose schema does, and agrees with docker-compose 1.29.2', {concurrency: 2}, () => {
	for (const [name, c] of Object.entries(CASES)) {
		it(name, async () => {
			const dir = mkdtempSync(join(tmpdir(), 'berth-validate-schema-'));
			const file = join(dir, 'compose.yaml');
			writeFileSync(file, c.file ?? svc(c.line!));
			const env = c.env ?? {};
			const [ours, theirs] = await Promise.all([run(process.execPath, [CLI, 'validate', '-f', file, '--json'], dir, env), run('docker-compose', ['-f', file, 'config', '-q'], dir, env)]);
			const report = JSON.parse(ours.stdout) as {valid: boolean; diagnostics: Array<{line: number; col: number; severity: string; message: string}>};
			const errors = report.diagnostics.filter((d) => d.severity === 'error');
			assert.equal(theirs.code === 0, c.error === null, `docker-compose's verdict: exit ${theirs.code} ${theirs.stderr}`);
			assert.equal(report.valid, c.error === null, JSON.stringify(errors));
			assert.equal(ours.code, c.error === null ? 0 : 2);
			if (c.error) {
				assert.equal(errors.length, 1, JSON.stringify(errors));
				assert.equal(`${errors[0]!.line}:${errors[0]!.col}`, c.error.at, errors[0]!.message);
				assert.match(errors[0]!.message, c.error.says);
			} else assert.deepEqual(errors, []);
		});
	}

	it('text output: file:line:col and the message', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'berth-validate-schema-'));
		const file = join(dir, 'compose.yaml');
		writeFileSync(file, 'services:\n  a:\n    image: busybox\n    healthcheck:\n      test: [CMD, "true"]\n      retries: many\n      bogus: 1\n');
		const r = await run(process.execPath, [CLI, 'validate', '-f', file], dir, {});
		assert.equal(r.code, 2);
		assert.equal(
			r.stdout,
			[`${file}:6:16 services.a.healthcheck.retries: "many" is not a number`, `${file}:7:7 services.a.healthcheck: unknown key "bogus"`, `${file}: invalid — 2 errors, 0 warnings`, ''].join('\n'),
		);
	});
});
