/**
 * `berth status --json` and its text table, field by field against `docker inspect`, for
 * containers in every state berth can be asked about: running (with published ports, compose
 * labels), running with a healthcheck that is healthy / unhealthy / still starting, exited 0,
 * exited non-zero, OOM-killed, created (never started), paused (with a healthcheck), restarting,
 * a container whose image tag has since moved to another image (the engine's list then names the
 * image by id), one that is the target of a legacy link (the list gives it two names), and labels
 * with hostile bytes. The oracle is `docker inspect`'s JSON read here, independently of berth's
 * engine code: whatever berth asks the engine for, this is what it must print.
 */
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {berth} from '../helpers/cli.js';
import {cleanup, docker, IMAGE, runContainer, sleep, uniqueName, waitFor, RUN_ID, TEST_LABEL} from '../helpers/engine.js';
import {columnsFor, fitCell, formatPorts} from '../../source/core/present.js';
import type {PortBinding} from '../../source/model/container.js';

type Inspect = {
	Id: string;
	Name: string;
	Created: string;
	RestartCount: number;
	Image: string;
	Config: {Image: string; Labels: Record<string, string> | null};
	NetworkSettings: {Ports: Record<string, Array<{HostIp: string; HostPort: string}> | null> | null};
	State: {Status: string; Running: boolean; ExitCode: number; OOMKilled: boolean; StartedAt: string; FinishedAt: string; Health?: {Status: string}};
};

const ZERO = '0001-01-01T00:00:00Z';

/** What berth promises for one container, from `docker inspect` alone. */
function expected(i: Inspect) {
	const labels = i.Config.Labels ?? {};
	const ports: PortBinding[] = [];
	for (const [key, bindings] of Object.entries(i.NetworkSettings.Ports ?? {})) {
		const [num, proto] = key.split('/');
		for (const b of bindings ?? []) ports.push({host_ip: b.HostIp, host_port: Number(b.HostPort), container_port: Number(num), protocol: proto as PortBinding['protocol']});
	}
	ports.sort((a, b) => a.container_port - b.container_port || a.host_port - b.host_port || a.host_ip.localeCompare(b.host_ip));
	const h = i.State.Health?.Status;
	return {
		name: i.Name.replace(/^\//, ''),
		id: i.Id,
		project: labels['com.docker.compose.project'] ?? null,
		service: labels['com.docker.compose.service'] ?? null,
		state: i.State.Status,
		// as `docker ps` shows it: only a running container has a health now
		health: i.State.Status === 'running' && h && h !== 'none' ? h : 'none',
		ports,
		image: i.Config.Image,
		started_at: i.State.StartedAt === ZERO ? null : i.State.StartedAt,
		finished_at: i.State.FinishedAt === ZERO ? null : i.State.FinishedAt,
		exit_code: i.State.Running ? null : i.State.ExitCode,
		oom_killed: i.State.OOMKilled,
		restart_count: i.RestartCount,
		created_at: i.Created,
	};
}

const inspectAll = (ids: string[]) => new Map((JSON.parse(docker('inspect', ...ids)) as Inspect[]).map((i) => [i.Id, i]));

/** The fields that can change while berth runs (a restarting container restarts). */
const moment = (i: Inspect) => JSON.stringify([{...i.State, Health: i.State.Health?.Status}, i.RestartCount, i.NetworkSettings.Ports]);

/**
 * Run berth with `args` until no container of `ids` changed between the inspects taken just before
 * and just after it (a restarting container may restart in between: then that run proves nothing).
 */
async function stableRun(args: string[], ids: string[]) {
	for (let attempt = 0; attempt < 8; attempt++) {
		const before = inspectAll(ids);
		const r = berth(args);
		const now = Date.now();
		const after = inspectAll(ids);
		if (ids.every((id) => moment(before.get(id)!) === moment(after.get(id)!))) return {r, inspect: after, now};
		await sleep(300);
	}
	throw new Error('the containers kept changing during every berth run');
}

describe('berth status: every field as docker inspect says, in every state', () => {
	const ids: Record<string, string> = {};
	const images: string[] = [];
	const hostile = `p\x1b[31mred\x07\n\u202Eevil\u202C "q" %s/..\\ 表情😀`;

	before(async () => {
		const run = (key: string, opts: Parameters<typeof runContainer>[0]) => (ids[key] = runContainer({name: uniqueName(`stf-${key}`), ...opts}));
		run('running', {ports: ['127.0.0.1:19961:8080/tcp', '127.0.0.1:19962:8081/udp'], labels: {'com.docker.compose.project': 'bt-stf', 'com.docker.compose.service': 'web'}});
		run('healthy', {health: {cmd: 'true', interval: '1s', retries: 1}});
		run('unhealthy', {health: {cmd: 'false', interval: '1s', retries: 1}});
		run('starting', {health: {cmd: 'true', interval: '1h', retries: 1}});
		run('exit0', {cmd: ['true']});
		run('exit3', {cmd: ['sh', '-c', 'exit 3']});
		run('oom', {cmd: ['sh', '-c', 'x=aaaaaaaaaaaaaaaa; while :; do x=$x$x; done'], extra: ['--memory', '8m', '--memory-swap', '8m']});
		run('paused', {health: {cmd: 'true', interval: '1s', retries: 1}});
		run('restarting', {cmd: ['sh', '-c', 'exit 1'], extra: ['--restart', 'always']});
		run('exitedhealth', {cmd: ['sh', '-c', 'sleep 3; exit 2'], health: {cmd: 'true', interval: '1s', retries: 1}});
		run('hostile', {labels: {'com.docker.compose.project': hostile, 'com.docker.compose.service': `svc\x1b]0;title\x07\r\t`, 'x-odd': '\x7f\x9b?'}});
		const linked = run('linktarget', {});
		run('linker', {extra: ['--link', `${linked}:alias-${process.pid}`]});
		ids['created'] = docker('create', '--init', '--label', `${TEST_LABEL}=${RUN_ID}`, '--name', uniqueName('stf-created'), IMAGE, 'sleep', '600');
		// an image tag that moved: the container keeps the tag in its config, the engine's list then
		// names its image by id (the tag now means another image)
		const tag = `bt-stf-img-${process.pid}:v1`;
		images.push(docker('commit', ids['exit0']!, tag));
		ids['retagged'] = docker('run', '-d', '--init', '--label', `${TEST_LABEL}=${RUN_ID}`, '--name', uniqueName('stf-retagged'), tag, 'sleep', '600');
		images.push(docker('commit', ids['exit3']!, tag));

		docker('pause', ids['paused']!);
		const state = (id: string) => JSON.parse(docker('inspect', id))[0] as Inspect;
		await waitFor(() => state(ids['healthy']!).State.Health?.Status === 'healthy', 'healthy', 20_000);
		await waitFor(() => state(ids['unhealthy']!).State.Health?.Status === 'unhealthy', 'unhealthy', 20_000);
		// the engine marks an OOM kill from the kernel's event; on a loaded machine a run may end with
		// 137 unmarked: another try then
		for (let tries = 1; ; tries++) {
			await waitFor(() => state(ids['oom']!).State.Status === 'exited', 'the OOM container to exit', 60_000);
			if (state(ids['oom']!).State.OOMKilled || tries === 3) break;
			docker('rm', '-f', ids['oom']!);
			run('oom', {cmd: ['sh', '-c', 'x=aaaaaaaaaaaaaaaa; while :; do x=$x$x; done'], extra: ['--memory', '8m', '--memory-swap', '8m']});
		}
		await waitFor(() => ['exit0', 'exit3', 'exitedhealth'].every((k) => state(ids[k]!).State.Status === 'exited'), 'exits', 20_000);
		// after a few restarts the engine waits longer between them: the container sits in "restarting"
		await waitFor(() => state(ids['restarting']!).RestartCount >= 4 && state(ids['restarting']!).State.Status === 'restarting', 'restarting', 30_000);
	});

	after(() => {
		cleanup();
		for (const image of images) {
			try {
				docker('rmi', '-f', image);
			} catch {
				// already gone
			}
		}
	});

	it('the setup has the states it claims (list and inspect)', () => {
		const i = inspectAll(Object.values(ids));
		const st = (k: string) => i.get(ids[k]!)!.State;
		assert.equal(st('healthy').Health?.Status, 'healthy');
		assert.equal(st('unhealthy').Health?.Status, 'unhealthy');
		assert.equal(st('starting').Health?.Status, 'starting');
		assert.equal(st('oom').OOMKilled, true);
		assert.equal(st('exit3').ExitCode, 3);
		assert.equal(st('created').Status, 'created');
		assert.equal(st('paused').Status, 'paused');
		assert.equal(st('exitedhealth').Status, 'exited');
		assert.equal(st('exitedhealth').Health?.Status !== undefined, true);
		const listImage = docker('ps', '-a', '--no-trunc', '--filter', `id=${ids['retagged']}`, '--format', '{{.Image}}');
		assert.match(listImage, /^sha256:/, 'the list names the re-tagged container\'s image by id');
		const names = docker('ps', '-a', '--no-trunc', '--filter', `id=${ids['linktarget']}`, '--format', '{{.Names}}');
		assert.ok(names.includes(','), `a link target has two names in the list: ${names}`);
	});

	it('--json: each field of each container equals docker inspect', async () => {
		const all = Object.values(ids);
		const {r, inspect} = await stableRun(['status', '--json'], all);
		assert.equal(r.code, 0, r.err);
		const doc = JSON.parse(r.out) as {containers: Array<Record<string, unknown>>};
		for (const [key, id] of Object.entries(ids)) {
			const got = doc.containers.filter((c) => c['id'] === id);
			assert.equal(got.length, 1, `${key}: one entry`);
			assert.deepEqual(got[0], expected(inspect.get(id)!), key);
		}
		// the order is by name, as before
		const names = doc.containers.map((c) => c['name'] as string);
		assert.deepEqual(names, [...names].sort((a, b) => a.localeCompare(b)));
	});

	it('text: each container\'s row shows what docker inspect says, made inert', async () => {
		const all = Object.values(ids);
		const {r, inspect, now} = await stableRun(['status'], all);
		assert.equal(r.code, 0, r.err);
		assert.doesNotMatch(r.out, /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]/, 'no control byte reaches the terminal');
		const lines = r.out.split('\n');
		const cols = columnsFor(120);
		for (const [key, id] of Object.entries(ids)) {
			const e = expected(inspect.get(id)!);
			const at = lines.findIndex((l) => new RegExp(`^ *${e.name} `).test(l));
			assert.ok(at >= 0, `${key}: a row for ${e.name} in\n${r.out}`);
			const line = lines[at]!;
			const indent = line.length - line.trimStart().length;
			const state = e.state === 'exited' && e.exit_code !== null ? (e.oom_killed ? `exited(${e.exit_code},oom)` : `exited(${e.exit_code})`) : e.state;
			const head = [fitCell(' '.repeat(indent) + e.name, cols.name), fitCell(state, cols.state), fitCell(e.health === 'none' ? '-' : e.health, cols.health), fitCell(formatPorts(e.ports) || '-', cols.ports), fitCell(e.image, cols.image)].join(' ');
			if (e.state === 'running' || e.state === 'paused') {
				assert.ok(line.startsWith(head + ' '), `${key}:\n${line}\n${head}`);
				const uptime = line.slice(head.length + 1);
				const secs = (now - Date.parse(e.started_at!)) / 1000;
				const m = /^(\d+)([smh])$/.exec(uptime);
				assert.ok(m, `${key}: uptime ${JSON.stringify(uptime)}`);
				const shown = Number(m[1]) * {s: 1, m: 60, h: 3600}[m[2] as 's' | 'm' | 'h'];
				assert.ok(shown <= secs + 1 && shown >= secs - (m[2] === 's' ? 5 : 65), `${key}: uptime ${uptime} for ${secs.toFixed(1)} s`);
			} else {
				assert.equal(line, head.trimEnd(), key);
			}
		}
	});
});
