/**
 * Compose actions and shells from the dashboard go to the dashboard's engine, not to the default
 * one: a SECOND private engine on its own socket (own bridge berthcomp0, own data root, its
 * containers without networks; never the shared engine or docker0), a compose project on it, and
 * the dashboard started with --host (and, second, through a docker context). R recreates the project there and
 * D takes it down there; the shared engine never sees the project. `docker exec` for a shell
 * gets the same target.
 */
import assert from 'node:assert/strict';
import {execFileSync, spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {connectEngine} from '../../source/engine/connection.js';
import {listContainers} from '../../source/engine/index.js';
import {dashboardChildEnv} from '../../source/state/effects/child-env.js';
import {startEffects, type Effects} from '../../source/state/effects/index.js';
import {initialState, reducer} from '../../source/state/reducer.js';
import {createStore, type Store} from '../../source/state/store.js';
import type {Action, State} from '../../source/state/types.js';
import {IMAGE, RUN_ID, TEST_LABEL, waitFor} from '../helpers/engine.js';
import {mount, type Harness} from '../ui/harness.js';

const P = {
	sock: '/var/run/berth-compose.sock',
	dataRoot: '/var/lib/berth-compose',
	execRoot: '/var/run/berth-compose',
	pidfile: '/var/run/berth-compose.pid',
	log: '/tmp/berth-compose-engine.log',
	bridge: 'berthcomp0',
};
const HOST = `unix://${P.sock}`;
const SHARED = process.env['DOCKER_HOST'] || 'unix:///var/run/docker.sock';
const linkExists = (name: string) => spawnSync('ip', ['link', 'show', name], {stdio: 'ignore'}).status === 0;
const alive = (pid: number) => existsSync(`/proc/${pid}`) && !readFileSync(`/proc/${pid}/stat`, 'utf8').split(' ')[2]!.startsWith('Z');

function startEngine(): void {
	if (!linkExists(P.bridge)) {
		execFileSync('ip', ['link', 'add', P.bridge, 'type', 'bridge']);
		execFileSync('ip', ['addr', 'add', '10.199.98.1/24', 'dev', P.bridge]);
		execFileSync('ip', ['link', 'set', P.bridge, 'up']);
	}
	const shared = linkExists('docker0');
	const r = spawnSync('bash', ['scripts/engine/start-engine.sh'], {
		encoding: 'utf8',
		env: {
			...process.env,
			DOCKER_HOST: HOST,
			ENGINE_SOCK: P.sock,
			ENGINE_DATA_ROOT: P.dataRoot,
			ENGINE_EXEC_ROOT: P.execRoot,
			ENGINE_PIDFILE: P.pidfile,
			ENGINE_LOG: P.log,
			ENGINE_COMPOSE: '0',
			// its own bridge. NOT --default-address-pool: with it, dockerd deletes the host's docker0
			// (the shared engine's bridge) when it finds its default network from an earlier start.
			// Its containers use network_mode none, so it creates no networks of its own.
			ENGINE_EXTRA_ARGS: `--bridge=${P.bridge}`,
		},
	});
	if (r.status !== 0) throw new Error(`second engine did not start:\n${r.stdout}\n${r.stderr}`);
	if (shared && !linkExists('docker0')) {
		// put the shared engine's bridge back at once (the shared engine finds it by name), then fail
		const gw = execFileSync('docker', ['network', 'inspect', 'bridge', '-f', '{{range .IPAM.Config}}{{.Gateway}}{{end}}'], {encoding: 'utf8'}).trim() || '172.17.0.1';
		spawnSync('ip', ['link', 'add', 'docker0', 'type', 'bridge']);
		spawnSync('ip', ['addr', 'add', `${gw}/16`, 'dev', 'docker0']);
		spawnSync('ip', ['link', 'set', 'docker0', 'up']);
		throw new Error('starting the second engine removed docker0 (restored)');
	}
}

function ourPid(file: string, comm: string, mustContain: string): number | null {
	try {
		const pid = Number(readFileSync(file, 'utf8').trim());
		if (!pid || !alive(pid) || readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== comm) return null;
		return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(mustContain) ? pid : null;
	} catch {
		return null;
	}
}

async function stopEngine(): Promise<void> {
	const pid = ourPid(P.pidfile, 'dockerd', P.pidfile);
	const ctrd = ourPid(`${P.execRoot}/containerd/containerd.pid`, 'containerd', P.execRoot);
	if (pid) {
		process.kill(pid, 'SIGTERM');
		await waitFor(() => !alive(pid), 'second dockerd exits', 40_000, 100);
	}
	if (ctrd && alive(ctrd)) {
		process.kill(ctrd, 'SIGTERM');
		await waitFor(() => !alive(ctrd), 'second containerd exits', 15_000, 100);
	}
	if (linkExists(P.bridge)) spawnSync('ip', ['link', 'delete', P.bridge], {stdio: 'ignore'});
}

const pdocker = (...args: string[]) => execFileSync('docker', ['-H', HOST, ...args], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']}).trim();
const onPrivate = (project: string) => pdocker('ps', '-aq', '--filter', `label=com.docker.compose.project=${project}`).split('\n').filter(Boolean);
/** docker CLI against the shared engine, whatever DOCKER_CONTEXT / DOCKER_CONFIG this test set */
const sdocker = (...args: string[]) => {
	const env = {...process.env};
	for (const k of ['DOCKER_CONTEXT', 'DOCKER_CONFIG', 'DOCKER_HOST']) delete env[k];
	return execFileSync('docker', ['-H', SHARED, ...args], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env}).trim();
};
const onShared = (project: string) => sdocker('ps', '-aq', '--filter', `label=com.docker.compose.project=${project}`).split('\n').filter(Boolean);

const tag = RUN_ID.replace(/[^a-z0-9]/g, '');
const dirs: string[] = [];
const projects: string[] = [];

/** A compose project on the second engine (docker-compose v1, from its own folder). */
function projectOnPrivate(name: string): string {
	const dir = mkdtempSync(join(tmpdir(), `btc-eng-${tag}-`));
	dirs.push(dir);
	projects.push(name);
	writeFileSync(join(dir, 'compose.yaml'), `services:\n  app:\n    image: ${IMAGE}\n    init: true\n    network_mode: none\n    command: sleep 600\n    labels: {${TEST_LABEL}: "${RUN_ID}"}\n`);
	execFileSync('docker-compose', ['-p', name, 'up', '-d'], {cwd: dir, stdio: 'ignore', env: {...process.env, DOCKER_HOST: HOST}});
	return dir;
}

/** The dashboard's store and effects, connected with --host (or as the environment says), and the screen. */
async function dashboard(host: string | undefined, project: string): Promise<{store: Store<State, Action>; fx: Effects; h: Harness}> {
	const store = createStore(reducer, initialState());
	const fx = startEffects(store, {sync: {host}});
	await waitFor(() => store.getState().connection.status === 'connected', 'connected', 15_000);
	await waitFor(() => Object.values(store.getState().containers).some((c) => c.project === project && c.state === 'running'), 'the project on screen', 15_000);
	const h = await mount(store, {columns: 140, rows: 30, services: {engine: fx.sync.engine, stats: fx.stats, logs: fx.logs, host: fx.host, actions: fx.actions, compose: fx.compose}});
	return {store, fx, h};
}

async function recreateThenDown(store: Store<State, Action>, h: Harness, project: string): Promise<void> {
	const before = onPrivate(project);
	assert.equal(before.length, 1);
	store.dispatch({type: 'ui/cursor', key: `p:${project}`});
	await h.press('R');
	await h.press('y');
	await waitFor(() => /✔ compose recreate|✖/.test(h.frame()), 'recreate finished', 60_000).catch((e) => {
		throw new Error(`${(e as Error).message}\n${h.frame()}`);
	});
	assert.match(h.frame(), /✔ compose recreate \S+ done/, h.frame());
	const after = onPrivate(project);
	assert.equal(after.length, 1);
	assert.notEqual(after[0], before[0], 'recreated on the second engine');
	assert.deepEqual(onShared(project), [], 'nothing on the shared engine');
	await waitFor(() => Object.values(store.getState().containers).some((c) => c.id.startsWith(after[0]!)), 'the new container listed', 10_000);
	store.dispatch({type: 'ui/cursor', key: `p:${project}`});
	await h.press('D');
	await h.press('y');
	await waitFor(() => /✔ compose down|✖/.test(h.frame()), 'down finished', 60_000).catch((e) => {
		throw new Error(`${(e as Error).message}\n${h.frame()}`);
	});
	assert.match(h.frame(), /✔ compose down \S+ done/, h.frame());
	assert.deepEqual(onPrivate(project), [], 'taken down on the second engine');
	assert.deepEqual(onShared(project), []);
}

describe('child processes follow the dashboard\'s engine (a second private engine)', () => {
	const cfg = mkdtempSync(join(tmpdir(), `btc-dockercfg-${tag}-`));
	dirs.push(cfg);
	before(() => {
		startEngine();
		// the second engine is this test's own: whatever an earlier interrupted run left on it goes
		const left = pdocker('ps', '-aq', '--filter', `label=${TEST_LABEL}`).split('\n').filter(Boolean);
		if (left.length) pdocker('rm', '-f', '-v', ...left);
	});
	after(async () => {
		for (const p of projects) {
			for (const [run, ids] of [
				[pdocker, () => onPrivate(p)],
				[sdocker, () => onShared(p)],
			] as const) {
				try {
					const cs = ids();
					if (cs.length) run('rm', '-f', '-v', ...cs);
				} catch {
					// engine gone
				}
			}
		}
		for (const d of dirs) rmSync(d, {recursive: true, force: true});
		await stopEngine();
	});

	it('berth --host: R and D act on that engine', async () => {
		const project = `btcenghost${tag}`;
		projectOnPrivate(project);
		const {store, fx, h} = await dashboard(HOST, project);
		try {
			await recreateThenDown(store, h, project);
		} finally {
			h.unmount();
			fx.stop();
		}
	});

	it('a docker context (DOCKER_CONTEXT): R and D act on the context\'s engine, and so does docker exec', async () => {
		const project = `btcengctx${tag}`;
		projectOnPrivate(project);
		execFileSync('docker', ['--config', cfg, 'context', 'create', 'berthcomp', '--docker', `host=${HOST}`], {stdio: 'ignore'});
		const saved = {DOCKER_CONFIG: process.env['DOCKER_CONFIG'], DOCKER_CONTEXT: process.env['DOCKER_CONTEXT'], DOCKER_HOST: process.env['DOCKER_HOST']};
		process.env['DOCKER_CONFIG'] = cfg;
		process.env['DOCKER_CONTEXT'] = 'berthcomp';
		delete process.env['DOCKER_HOST'];
		try {
			const {store, fx, h} = await dashboard(undefined, project);
			try {
				assert.match(store.getState().connection.where ?? '', /berth-compose\.sock/);
				// the shell: docker exec with the dashboard's env reaches the container on the context's engine
				const c = Object.values(store.getState().containers).find((x) => x.project === project)!;
				const r = spawnSync('docker', ['exec', c.id, 'echo', 'shell-here'], {encoding: 'utf8', env: dashboardChildEnv(fx.sync.engine(), undefined)});
				assert.equal(r.status, 0, r.stderr);
				assert.equal(r.stdout.trim(), 'shell-here');
				await recreateThenDown(store, h, project);
			} finally {
				h.unmount();
				fx.stop();
			}
		} finally {
			for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
			else process.env[k] = v;
		}
	});

	it('docker exec with --host given as a bare socket path reaches that engine', async () => {
		const name = `bt-eng-exec-${tag}`;
		pdocker('run', '-d', '--init', '--network', 'none', '--label', `${TEST_LABEL}=${RUN_ID}`, '--label', `com.docker.compose.project=btcengexec${tag}`, '--name', name, IMAGE, 'sleep', '600');
		projects.push(`btcengexec${tag}`);
		const engine = await connectEngine({host: P.sock});
		const c = (await listContainers(engine)).find((x) => x.name === name)!;
		const r = spawnSync('docker', ['exec', c.id, 'echo', 'ok'], {encoding: 'utf8', env: dashboardChildEnv(engine, P.sock)});
		assert.equal(r.status, 0, r.stderr);
		assert.equal(r.stdout.trim(), 'ok');
	});
});
