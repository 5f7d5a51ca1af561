/**
 * Doctor rules over real inspect data: each fixture in test/fixtures/doctor is the facts berth
 * gathered (gatherFacts) from a real container that failed that way on Docker 20.10.
 */
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {describe, it} from 'node:test';
import {diagnoseFacts} from '../../../source/core/doctor/rules.js';
import type {ContainerFacts} from '../../../source/core/doctor/types.js';

function fixture(name: string): ContainerFacts {
	return JSON.parse(readFileSync(new URL(`../../fixtures/doctor/${name}.json`, import.meta.url), 'utf8')) as ContainerFacts;
}

/** A fixture with some facts changed (deep enough for these tests). */
function tweak(name: string, fn: (f: ContainerFacts) => void): ContainerFacts {
	const f = fixture(name);
	fn(f);
	return f;
}

const cases: Array<{name: string; facts: () => ContainerFacts; codes: string[]; severity?: string; message?: RegExp; fix?: RegExp}> = [
	{name: 'OOM under a 16 MiB limit', facts: () => fixture('oom'), codes: ['oom-killed'], severity: 'error', message: /OOM killer.*16 MiB.*exit 137/, fix: /--memory 32m/},
	{name: 'OOM without a limit', facts: () => tweak('oom', (f) => void (f.inspect.HostConfig!.Memory = 0)), codes: ['oom-killed'], message: /host ran out of memory/},
	{name: 'entrypoint without exec bit (runc error)', facts: () => fixture('permission-runc'), codes: ['permission-denied'], message: /entrypoint \/app\.sh is not executable/, fix: /chmod \+x \/app\.sh/},
	{name: 'entrypoint without exec bit (tini log)', facts: () => fixture('permission-init'), codes: ['permission-denied'], message: /\/app\.sh is not executable/},
	{name: 'volume permission in the log', facts: () => tweak('exited-nonzero', (f) => void (f.logs = ['mkdir: can\'t create directory \'/data/x\': Permission denied'])), codes: ['permission-denied'], message: /refused access.*Permission denied/},
	{name: 'port taken by a container', facts: () => fixture('port-container'), codes: ['port-in-use'], message: /127\.0\.0\.1:19590\/tcp.*container id-p1/, fix: /Stop container id-p1/},
	{name: 'port taken by a host process', facts: () => fixture('port-process'), codes: ['port-in-use'], message: /19591\/tcp.*process python3 \(pid \d+\)/},
	{name: 'port would collide before start', facts: () => tweak('port-container', (f) => void (f.inspect.State.Error = '')), codes: ['port-in-use'], severity: 'warning', message: /will fail to start/},
	{name: 'image removed under a container', facts: () => fixture('image-missing'), codes: ['image-missing'], message: /tuitest\/idgone:manual.*no longer on the engine/, fix: /berth load-images/},
	{name: 'failing healthcheck', facts: () => fixture('unhealthy'), codes: ['unhealthy'], message: /output: probe failed: connection refused/},
	{name: 'restart loop', facts: () => fixture('restart-loop'), codes: ['restart-loop'], message: /restart policy always.*fatal: config missing/, fix: /docker update --restart=no id-loop/},
	{name: 'restart loop caught while briefly running', facts: () => tweak('restart-loop', (f) => {
		f.inspect.State = {...f.inspect.State, Status: 'running', Running: true, Restarting: false, ExitCode: 0};
		f.host.now = Date.parse(f.inspect.State.StartedAt!) + 500;
	}), codes: ['restart-loop']},
	{name: 'restarted long ago, stable since', facts: () => tweak('restart-loop', (f) => {
		f.inspect.State = {...f.inspect.State, Status: 'running', Running: true, Restarting: false, ExitCode: 0};
		f.host.now = Date.parse(f.inspect.State.StartedAt!) + 3_600_000;
	}), codes: []},
	{name: 'exit 3 with logs', facts: () => fixture('exited-nonzero'), codes: ['exited-nonzero'], message: /exited with code 3; last log lines: .*database unreachable/},
	{name: 'exit 143 is a warning', facts: () => tweak('exited-nonzero', (f) => void (f.inspect.State.ExitCode = 143)), codes: ['exited-nonzero'], severity: 'warning', message: /SIGTERM/},
	{name: 'missing bind source', facts: () => fixture('mount-missing'), codes: ['mount-missing'], message: /\/tmp\/idtest\/mnt → \/x.*does not exist/, fix: /mkdir -p \/tmp\/idtest\/mnt/},
	{name: 'remote engine: the missing source named by the start error', facts: () => tweak('mount-missing', (f) => {
		f.host.missing_paths = [];
		f.host.local = false;
		f.inspect.State.Error = 'failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: error mounting "/tmp/idtest/mnt" to rootfs at "/x": stat /tmp/idtest/mnt: no such file or directory: unknown';
	}), codes: ['mount-missing'], message: /\/tmp\/idtest\/mnt → \/x/},
	{name: 'bind source present again', facts: () => tweak('mount-missing', (f) => void (f.host.missing_paths = [])), codes: []},
	{name: 'GPU requested, no nvidia runtime', facts: () => fixture('gpu'), codes: ['gpu-runtime-missing'], message: /asks for a GPU.*could not select device driver/, fix: /nvidia-ctk runtime configure/},
	{name: 'GPU requested, nvidia runtime present, not started yet', facts: () => tweak('gpu', (f) => {
		f.host.runtimes.push('nvidia');
		f.inspect.State.Error = '';
	}), codes: []},
	{name: 'unknown OCI runtime', facts: () => tweak('running-ok', (f) => void (f.inspect.HostConfig!.Runtime = 'kata')), codes: ['gpu-runtime-missing'], message: /runtime "kata"/},
	{name: 'exec format error (same-arch label)', facts: () => fixture('exec-format'), codes: ['exec-format'], message: /another CPU architecture.*exec format error/},
	{name: 'arm64 image on amd64, runc', facts: () => fixture('exec-format-arm64'), codes: ['exec-format', 'arch-mismatch'], message: /built for arm64, the engine runs amd64/},
	{name: 'arm64 image on amd64 under tini (ENOENT)', facts: () => fixture('exec-format-init-arm64'), codes: ['exec-format', 'arch-mismatch']},
	{name: 'arm64 image on amd64, still running', facts: () => tweak('running-ok', (f) => void (f.image!.architecture = 'aarch64')), codes: ['arch-mismatch'], severity: 'warning'},
	{name: 'ELF header says arm64 under tini (image label amd64)', facts: () => tweak('running-ok', (f) => {
		f.inspect.State = {...f.inspect.State, Status: 'exited', Running: false, ExitCode: 127};
		f.logs = ['[FATAL tini (7)] exec /bin/app failed: No such file or directory'];
		f.program = {path: '/bin/app', arch: 'arm64'};
	}), codes: ['exec-format'], message: /cannot run \/bin\/app: the binary is built for arm64 and the engine runs amd64 \(the image says amd64\) \("\[FATAL tini/, fix: /--platform linux\/amd64/},
	{name: 'ELF header of a running container is not judged', facts: () => tweak('running-ok', (f) => void (f.program = {path: '/bin/app', arch: 'arm64'})), codes: []},
	{name: 'missing #! interpreter', facts: () => tweak('exited-nonzero', (f) => {
		f.inspect.State.ExitCode = 127;
		f.program = {path: '/app.sh', arch: null, interpreter: '/bin/bash', interpreter_missing: true};
	}), codes: ['exited-nonzero'], message: /interpreter \/bin\/bash \(from the #! line of \/app\.sh\) is not in the image/, fix: /Install \/bin\/bash in the image/},
	{name: 'missing entrypoint', facts: () => tweak('exited-nonzero', (f) => {
		f.inspect.State.ExitCode = 127;
		f.program = {path: '/usr/bin/serve', arch: null, missing: true};
	}), codes: ['exited-nonzero'], message: /\/usr\/bin\/serve is not in the container/},
	{name: 'healthy running container', facts: () => fixture('running-ok'), codes: []},
	{name: 'start failed for another reason', facts: () => tweak('running-ok', (f) => {
		f.inspect.State = {...f.inspect.State, Status: 'created', Running: false, Error: 'OCI runtime create failed: something else'};
	}), codes: ['start-failed'], message: /something else/},
];

describe('doctor rules (real inspect fixtures)', () => {
	for (const c of cases) {
		it(c.name, () => {
			const findings = diagnoseFacts(c.facts());
			assert.deepEqual(findings.map((f) => f.code).sort(), [...c.codes].sort(), JSON.stringify(findings, null, 1));
			const first = findings.find((f) => f.code === c.codes[0]);
			if (c.severity) assert.equal(first?.severity, c.severity);
			if (c.message) assert.match(first!.message, c.message);
			if (c.fix) assert.match(first!.fix, c.fix);
			for (const f of findings) {
				assert.ok(f.container && f.message && f.fix, 'every finding names its container and carries a fix');
			}
		});
	}
});
