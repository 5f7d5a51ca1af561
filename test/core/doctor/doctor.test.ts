/**
 * doctor against the real engine: every finding code comes from a container that really fails
 * that way (OOM, no exec bit, failing healthcheck, taken port, missing bind source, restart loop,
 * non-zero exit, removed image, binary for another arch, GPU without runtime).
 */
import assert from 'node:assert/strict';
import {chmodSync, mkdtempSync, rmSync, rmdirSync} from 'node:fs';
import {createServer, type Server} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {diagnose} from '../../../source/core/doctor/diagnose.js';
import {normaliseArch} from '../../../source/core/images/arch.js';
import type {Finding} from '../../../source/core/doctor/types.js';
import {inspectRaw} from '../../../source/engine/containers.js';
import type {Engine} from '../../../source/engine/connection.js';
import {IMAGE, cleanup, docker, runContainer, testEngine, uniqueName, waitFor} from '../../helpers/engine.js';
import {commitImage, importElfImage, loadArmImage, removeImages, runImage, testTag} from './make-images.js';

let engine: Engine;

async function findingsOf(name: string): Promise<Finding[]> {
	return diagnose(engine, {containers: [name]});
}

const codes = (f: Finding[]) => f.map((x) => x.code).sort();

async function state(name: string) {
	return (await inspectRaw(engine, name))!.State as {Status: string; OOMKilled: boolean; ExitCode: number; Error: string; Health?: {Status: string}};
}

describe('doctor on real failures', () => {
	before(async () => {
		engine = await testEngine();
	});
	after(() => {
		cleanup();
		removeImages();
	});

	it('oom-killed: a 16 MiB container that eats memory', async () => {
		const name = uniqueName('oom');
		runContainer({name, extra: ['--memory', '16m', '--memory-swap', '16m'], cmd: ['sh', '-c', 'dd if=/dev/zero bs=1M count=8 2>/dev/null | cat > /tmp/x; tail /dev/zero']});
		await waitFor(async () => (await state(name)).OOMKilled, 'the OOM kill', 20000);
		const f = await findingsOf(name);
		assert.deepEqual(codes(f), ['oom-killed']);
		assert.match(f[0]!.message, /16 MiB.*exit 137/);
		assert.match(f[0]!.fix, new RegExp(`docker update --memory 32m --memory-swap 32m ${name}`));
	});

	it('permission-denied: an entrypoint without the exec bit (under --init, and straight from runc)', async () => {
		const image = commitImage(testTag('noexec'), {'/app.sh': ['#!/bin/sh\necho hi\n', 0o644]}, ['/app.sh']);
		const viaInit = uniqueName('noexec-init');
		runImage(viaInit, image);
		await waitFor(async () => (await state(viaInit)).Status === 'exited', 'exit', 10000);
		const direct = uniqueName('noexec-runc');
		const r = runImage(direct, image, {init: false});
		assert.match(r.error ?? '', /permission denied/);
		for (const name of [viaInit, direct]) {
			const f = await waitFor(async () => {
				const got = await findingsOf(name);
				return got.some((x) => x.code === 'permission-denied') ? got : null;
			}, `the permission-denied finding of ${name}`, 5000);
			assert.deepEqual(codes(f), ['permission-denied'], name);
			assert.match(f[0]!.message, /entrypoint \/app\.sh is not executable/);
			assert.match(f[0]!.fix, /chmod \+x \/app\.sh/);
		}
	});

	it('permission-denied: a bind-mounted directory the container user may not write', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'berth-ro-'));
		chmodSync(dir, 0o700);
		const name = uniqueName('nowrite');
		runContainer({name, extra: ['--user', '1000:1000', '--mount', `type=bind,source=${dir},target=/data`], cmd: ['sh', '-c', 'echo starting; echo x > /data/state']});
		try {
			await waitFor(async () => (await state(name)).Status === 'exited', 'exit', 10000);
			const f = await findingsOf(name);
			assert.deepEqual(codes(f), ['permission-denied']);
			assert.match(f[0]!.message, /as user 1000:1000: ".*Permission denied"/);
			assert.match(f[0]!.fix, new RegExp(`chown -R <uid>:<gid> ${dir}`));
		} finally {
			rmSync(dir, {recursive: true, force: true});
		}
	});

	it('unhealthy: a failing healthcheck, with its output', async () => {
		const name = uniqueName('sick');
		runContainer({name, health: {cmd: 'echo probe says no; exit 1', interval: '1s', retries: 1}});
		await waitFor(async () => (await state(name)).Health?.Status === 'unhealthy', 'unhealthy', 15000);
		const f = await findingsOf(name);
		assert.deepEqual(codes(f), ['unhealthy']);
		assert.match(f[0]!.message, /output: probe says no/);
	});

	describe('port-in-use', () => {
		let server: Server;
		after(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

		it('a host port another container publishes', async () => {
			const holder = uniqueName('holder');
			runContainer({name: holder, ports: ['127.0.0.1:19310:8080']});
			const name = uniqueName('late');
			const r = runImage(name, IMAGE, {extra: ['-p', '127.0.0.1:19310:8080'], cmd: ['sleep', '600']});
			assert.match(r.error ?? '', /port is already allocated/);
			const f = await findingsOf(name);
			assert.deepEqual(codes(f), ['port-in-use']);
			assert.match(f[0]!.message, new RegExp(`127\\.0\\.0\\.1:19310/tcp: it is taken by container ${holder}`));
		});

		it('a host port a process on the host listens on (found through /proc)', async () => {
			server = createServer();
			await new Promise<void>((r) => server.listen(19311, '127.0.0.1', () => r()));
			const name = uniqueName('blocked');
			const r = runImage(name, IMAGE, {extra: ['-p', '127.0.0.1:19311:8080'], cmd: ['sleep', '600']});
			assert.match(r.error ?? '', /address already in use/);
			const f = await findingsOf(name);
			assert.deepEqual(codes(f), ['port-in-use']);
			assert.match(f[0]!.message, new RegExp(`19311/tcp: it is taken by process node \\(pid ${process.pid}\\)`));
		});
	});

	it('mount-missing: the bind source was deleted before start', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'berth-bind-'));
		const name = uniqueName('nobind');
		runImage(name, IMAGE, {create: true, extra: ['--mount', `type=bind,source=${dir},target=/data`], cmd: ['sleep', '600']});
		rmdirSync(dir);
		assert.throws(() => docker('start', name), /bind source path does not exist/);
		const f = await findingsOf(name);
		assert.deepEqual(codes(f), ['mount-missing']);
		assert.match(f[0]!.message, new RegExp(`${dir} → /data`));
		assert.match(f[0]!.fix, new RegExp(`mkdir -p ${dir}`));
	});

	it('restart-loop: --restart always on a command that fails', async () => {
		const name = uniqueName('loop');
		runContainer({name, extra: ['--restart', 'always'], cmd: ['sh', '-c', 'echo "fatal: no config" >&2; exit 1']});
		await waitFor(async () => ((await inspectRaw(engine, name))!.RestartCount ?? 0) >= 3, '3 restarts', 20000);
		const f = await findingsOf(name);
		assert.deepEqual(codes(f), ['restart-loop']);
		assert.match(f[0]!.message, /restart policy always.*fatal: no config/);
	});

	it('exited-nonzero: exit 3, with the last log lines', async () => {
		const name = uniqueName('exit3');
		runContainer({name, cmd: ['sh', '-c', 'echo connecting; echo "fatal: db down" >&2; exit 3']});
		await waitFor(async () => (await state(name)).Status === 'exited', 'exit', 10000);
		const f = await findingsOf(name);
		assert.deepEqual(codes(f), ['exited-nonzero']);
		assert.match(f[0]!.message, /exited with code 3; last log lines: .*fatal: db down/);
	});

	it('image-missing: the image was removed under a container', async () => {
		const image = commitImage(testTag('gone'), {}, ['sleep']);
		const name = uniqueName('orphan');
		runImage(name, image, {create: true, cmd: ['600']});
		docker('rmi', '-f', image);
		const f = await findingsOf(name);
		assert.deepEqual(codes(f), ['image-missing']);
		assert.match(f[0]!.message, new RegExp(`${image.replace(/[.:/]/g, '\\$&')}.*no longer on the engine`));
	});

	it('exec-format and arch-mismatch: an aarch64 binary in an arm64 image on an amd64 engine', async (t) => {
		if (normaliseArch(engine.arch) !== 'amd64') return t.diagnostic(`engine is ${engine.arch}: the arm64 image would run`);
		const image = loadArmImage(testTag('arm', 'v1-arm64'));
		const created = uniqueName('arm-created');
		runImage(created, image, {create: true});
		assert.deepEqual(codes(await findingsOf(created)), ['arch-mismatch']);
		const direct = uniqueName('arm-runc');
		runImage(direct, image, {init: false});
		const viaInit = uniqueName('arm-init');
		runImage(viaInit, image);
		for (const name of [direct, viaInit]) {
			await waitFor(async () => (await state(name)).Status === 'exited', 'exit', 10000);
			const f = await waitFor(async () => {
				const got = await findingsOf(name);
				return got.some((x) => x.code === 'exec-format') ? got : null;
			}, `exec-format for ${name}`, 5000);
			assert.deepEqual(codes(f), ['arch-mismatch', 'exec-format'], name);
			assert.match(f.find((x) => x.code === 'exec-format')!.message, /cannot run \/bin\/app: the binary is built for arm64 and the engine runs amd64/);
		}
		const [fromRunc] = (await findingsOf(direct)).filter((x) => x.code === 'exec-format');
		assert.match(fromRunc!.message, /exec format error/);
	});

	it('exec-format: an aarch64 binary in an image imported with the engine\'s arch (no label to go by)', async (t) => {
		if (normaliseArch(engine.arch) !== 'amd64') return t.diagnostic(`engine is ${engine.arch}: the aarch64 binary would run`);
		const image = importElfImage(testTag('imported'));
		const direct = uniqueName('imported');
		runImage(direct, image, {init: false});
		// under tini the kernel's ENOEXEC turns into "No such file or directory": the ELF header tells
		const viaInit = uniqueName('imported-init');
		runImage(viaInit, image);
		for (const name of [direct, viaInit]) {
			await waitFor(async () => (await state(name)).Status === 'exited', 'exit', 10000);
			const f = await waitFor(async () => {
				const got = await findingsOf(name);
				return got.some((x) => x.code === 'exec-format') ? got : null;
			}, `exec-format of ${name}`, 5000);
			assert.deepEqual(codes(f), ['exec-format'], name);
			assert.match(f[0]!.message, /cannot run \/bin\/app: the binary is built for arm64 and the engine runs amd64/);
		}
		assert.match((await findingsOf(direct))[0]!.message, /exec format error/);
	});

	it('exited-nonzero names a script interpreter missing from the image', async () => {
		const image = commitImage(testTag('bash'), {'/app.sh': ['#!/bin/bash\necho hi\n', 0o755]}, ['/app.sh']);
		const name = uniqueName('nobash');
		runImage(name, image);
		await waitFor(async () => (await state(name)).Status === 'exited', 'exit', 10000);
		const f = await findingsOf(name);
		assert.deepEqual(codes(f), ['exited-nonzero']);
		assert.match(f[0]!.message, /exited with code 127 \(command not found\): its script's interpreter \/bin\/bash \(from the #! line of \/app\.sh\) is not in the image/);
		assert.match(f[0]!.fix, /change the #! line of \/app\.sh/);
	});

	it('gpu-runtime-missing: --gpus all on an engine without the nvidia runtime', async () => {
		const name = uniqueName('gpu');
		const r = runImage(name, IMAGE, {extra: ['--gpus', 'all'], cmd: ['sleep', '600']});
		assert.match(r.error ?? '', /could not select device driver/);
		const f = await findingsOf(name);
		assert.deepEqual(codes(f), ['gpu-runtime-missing']);
		assert.match(f[0]!.fix, /nvidia-ctk runtime configure/);
	});

	it('a healthy running container has no findings; selection by project and service', async () => {
		const project = `btdoc${process.pid}`;
		const ok = uniqueName('fine');
		runContainer({name: ok, labels: {'com.docker.compose.project': project, 'com.docker.compose.service': 'web'}});
		const bad = uniqueName('bad');
		runContainer({name: bad, labels: {'com.docker.compose.project': project, 'com.docker.compose.service': 'job'}, cmd: ['sh', '-c', 'exit 2']});
		await waitFor(async () => (await state(bad)).Status === 'exited', 'exit', 10000);
		assert.deepEqual(await diagnose(engine, {project, services: ['web']}), []);
		const all = await diagnose(engine, {project});
		assert.deepEqual(all.map((x) => [x.container, x.service, x.code]), [[bad, 'job', 'exited-nonzero']]);
	});
});
