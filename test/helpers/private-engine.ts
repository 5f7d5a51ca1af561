/**
 * A SECOND, private Docker engine that a test may stop and start (test/e2e/daemon.test.ts; never
 * the shared one at /var/run/docker.sock). Started with scripts/engine/start-engine.sh and ENGINE_*
 * overrides (own socket, data root, exec root, pidfile) and its OWN bridge `berthhard0`
 * (10.199.99.1/24, created here). NOT --bridge=none: dockerd with the default bridge disabled
 * deletes the host's docker0 interface at start — the shared engine's bridge. Stopped by its own
 * pid (not stop-engine.sh: that one deletes docker0 too). The data root is kept between runs.
 */
import {execFileSync, spawnSync} from 'node:child_process';
import {existsSync, readFileSync} from 'node:fs';
import {RUN_ID, TEST_LABEL, waitFor} from './engine.js';

export const PRIVATE = {
	sock: '/var/run/berth-hardening.sock',
	dataRoot: '/var/lib/berth-hardening',
	execRoot: '/var/run/berth-hardening',
	pidfile: '/var/run/berth-hardening.pid',
	log: '/tmp/berth-hardening-engine.log',
};
export const PRIVATE_HOST = `unix://${PRIVATE.sock}`;

export const BRIDGE = 'berthhard0';
const linkExists = (name: string) => spawnSync('ip', ['link', 'show', name], {stdio: 'ignore'}).status === 0;

export function startPrivateEngine(): void {
	if (!linkExists(BRIDGE)) {
		execFileSync('ip', ['link', 'add', BRIDGE, 'type', 'bridge']);
		execFileSync('ip', ['addr', 'add', '10.199.99.1/24', 'dev', BRIDGE]);
		execFileSync('ip', ['link', 'set', BRIDGE, 'up']);
	}
	const sharedBridge = linkExists('docker0');
	const r = spawnSync('bash', ['scripts/engine/start-engine.sh'], {
		encoding: 'utf8',
		env: {
			...process.env,
			DOCKER_HOST: PRIVATE_HOST,
			ENGINE_SOCK: PRIVATE.sock,
			ENGINE_DATA_ROOT: PRIVATE.dataRoot,
			ENGINE_EXEC_ROOT: PRIVATE.execRoot,
			ENGINE_PIDFILE: PRIVATE.pidfile,
			ENGINE_LOG: PRIVATE.log,
			ENGINE_COMPOSE: '0',
			ENGINE_EXTRA_ARGS: `--bridge=${BRIDGE}`,
		},
	});
	if (r.status !== 0) throw new Error(`private engine did not start:\n${r.stdout}\n${r.stderr}`);
	if (sharedBridge && !linkExists('docker0')) throw new Error('starting the private engine removed docker0 (the shared engine\'s bridge)');
}

/** Remove the private bridge (after the private engine stopped). */
export function removePrivateBridge(): void {
	if (linkExists(BRIDGE)) spawnSync('ip', ['link', 'delete', BRIDGE], {stdio: 'ignore'});
}

const alive = (pid: number) => existsSync(`/proc/${pid}`) && !readFileSync(`/proc/${pid}/stat`, 'utf8').split(' ')[2]!.startsWith('Z');

function ourPid(file: string, comm: string, mustContain: string): number | null {
	try {
		const pid = Number(readFileSync(file, 'utf8').trim());
		if (!pid || !alive(pid)) return null;
		if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== comm) return null;
		return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(mustContain) ? pid : null;
	} catch {
		return null;
	}
}

/** SIGTERM to the private dockerd (by its pidfile, checked to be ours), wait until it is gone. */
export async function stopPrivateEngine(): Promise<void> {
	const pid = ourPid(PRIVATE.pidfile, 'dockerd', PRIVATE.pidfile);
	const ctrd = ourPid(`${PRIVATE.execRoot}/containerd/containerd.pid`, 'containerd', PRIVATE.execRoot);
	if (pid) {
		process.kill(pid, 'SIGTERM');
		await waitFor(() => !alive(pid), 'private dockerd exits', 40_000, 100);
	}
	if (ctrd && alive(ctrd)) {
		process.kill(ctrd, 'SIGTERM');
		await waitFor(() => !alive(ctrd), 'private containerd exits', 15_000, 100);
	}
}

/** docker CLI against the private engine. */
export function pdocker(...args: string[]): string {
	return execFileSync('docker', ['-H', PRIVATE_HOST, ...args], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']}).trim();
}

/** Remove this run's containers on the private engine. */
export function privateCleanup(): void {
	try {
		const ids = pdocker('ps', '-aq', '--filter', `label=${TEST_LABEL}=${RUN_ID}`).split('\n').filter(Boolean);
		if (ids.length) pdocker('rm', '-f', ...ids);
	} catch {
		// engine already down
	}
}
