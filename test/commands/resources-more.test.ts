/**
 * The built CLI's resource commands under interruption and per-group roles: Ctrl-C during a volume
 * backup leaves no partial file and no helper container; `berth events` streams until SIGINT and
 * exits 0; `images pull` is decided on the groups of the containers that use the image.
 */
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, describe, it} from 'node:test';
import {berth, berthAsync, started} from '../helpers/cli.js';
import {IMAGE, RUN_ID, TEST_LABEL, cleanup, docker, runContainer, uniqueName, waitFor} from '../helpers/engine.js';
import {startFakeRegistry} from '../engine/fake-registry.js';

const dir = mkdtempSync(join(tmpdir(), 'berth-res-more-'));
const LABEL = `${TEST_LABEL}=${RUN_ID}`;
const volumes: string[] = [];
const tags: string[] = [];

const name = (tag: string) => uniqueName(`resources-more-${tag}-${Math.random().toString(36).slice(2, 6)}`);

describe('resource commands: interruption and per-group roles', () => {
	after(() => {
		cleanup();
		for (const v of volumes) spawnSync('docker', ['volume', 'rm', '-f', v]);
		for (const t of tags) spawnSync('docker', ['rmi', t]);
		rmSync(dir, {recursive: true, force: true});
	});

	it('Ctrl-C during a volume backup: exit 1 "interrupted", no partial file, no helper container left', async () => {
		const v = name('big');
		volumes.push(v);
		docker('volume', 'create', '--label', LABEL, v);
		docker('run', '--rm', '--label', LABEL, '-v', `${v}:/v`, IMAGE, 'sh', '-c', 'head -c 150000000 /dev/urandom > /v/big');
		const out = join(dir, 'out');
		spawnSync('mkdir', [out]);
		const run = started(['volume', 'backup', v, join(out, 'big.tar.gz')]);
		// mid-stream: the partial file exists and grows
		await waitFor(() => readdirSync(out).some((f) => f.includes('.partial-')), 'the partial file', 20_000, 20);
		run.child.kill('SIGINT');
		const code = await run.exit;
		assert.equal(code, 1, run.err());
		assert.match(run.err(), /interrupted: nothing was kept/);
		assert.deepEqual(readdirSync(out), []);
		await waitFor(() => docker('ps', '-aq', '--filter', `label=berth.helper.volume=${v}`) === '', 'no helper container', 10_000);
	});

	it('berth events streams until SIGINT, then exits 0', async () => {
		const c = name('evstream');
		const run = started(['events', '--filter', `container=${c}`, '--filter', 'event=start']);
		await new Promise((r) => setTimeout(r, 700));
		runContainer({name: c});
		await waitFor(() => run.out().includes(`name=${c}`), 'the start event', 10_000);
		assert.equal(run.child.exitCode, null, 'still streaming');
		run.child.kill('SIGINT');
		assert.equal(await run.exit, 0, run.err());
		assert.equal(run.out().trim().split('\n').length, 1);
	});

	it('images pull is decided on the groups of the containers using the image', () => {
		const policy = join(dir, 'policy.yaml');
		const audit = join(dir, 'audit.log');
		writeFileSync(policy, `audit_log: ${audit}\ndefault_role: viewer\nrules:\n  - name: app-ops\n    users: [root]\n    role: operator\n    service_groups: [application]\n`);
		chmodSync(policy, 0o644);
		const env = {BERTH_POLICY: policy};
		// images named for a registry nobody answers (127.0.0.1:1), used by containers of two groups
		const appRef = `127.0.0.1:1/bt-more-app-${RUN_ID}`;
		const foundRef = `127.0.0.1:1/bt-more-found-${RUN_ID}`;
		for (const t of [appRef, foundRef]) {
			docker('tag', IMAGE, t);
			tags.push(t);
		}
		docker('create', '--name', name('app'), '--label', LABEL, '--label', 'berth.group=application', appRef);
		docker('create', '--name', name('found'), '--label', LABEL, '--label', 'berth.group=foundation', foundRef);
		const app = berth(['images', 'pull', appRef], env);
		assert.equal(app.code, 1, app.err);
		assert.match(app.err, /cannot reach registry 127\.0\.0\.1:1/);
		const found = berth(['images', 'pull', foundRef], env);
		assert.equal(found.code, 4, found.err);
		assert.match(found.err, /refused: .*foundation/);
		// used by nobody: every group's right is needed
		const none = berth(['images', 'pull', `127.0.0.1:1/bt-more-none-${RUN_ID}`], env);
		assert.equal(none.code, 4, none.err);
	});

	it('as a viewer every change is refused before any engine is asked (exit 4 with an engine that is not there)', () => {
		const policy = join(dir, 'viewer.yaml');
		writeFileSync(policy, `audit_log: ${join(dir, 'viewer-audit.log')}\ndefault_role: viewer\n`);
		chmodSync(policy, 0o644);
		const env = {BERTH_POLICY: policy, DOCKER_HOST: `unix://${join(dir, 'absent.sock')}`};
		const bad: string[] = [];
		for (const argv of [
			['images', 'rm', 'x'], ['images', 'prune', '--yes'], ['images', 'pull', 'x'],
			['volume', 'create', 'x'], ['volume', 'rm', 'x'], ['volume', 'prune', '--yes'], ['volume', 'backup', 'x', join(dir, 'x.tar')], ['volume', 'restore', 'x', join(dir, 'x.tar')],
			['network', 'create', 'x'], ['network', 'rm', 'x'], ['network', 'connect', 'n', 'c'], ['network', 'disconnect', 'n', 'c'],
		]) {
			const r = berth(argv, env);
			if (r.code !== 4) bad.push(`${argv.join(' ')}: exit ${r.code} ${r.err}`);
		}
		assert.deepEqual(bad, []);
		// reads need no role, and say the engine is not there
		assert.equal(berth(['volumes'], env).code, 3);
	});

	it('images pull through the CLI: credentials from DOCKER_CONFIG, a progress line per layer phase with the image bar, --json result', async () => {
		const reg = await startFakeRegistry({basic: {user: 'cli-user', password: 'cli-pass'}, layerBytes: 300_000, labels: {[TEST_LABEL]: RUN_ID}});
		const ref = `${reg.host}/bt-more-${RUN_ID}/pulled:2`;
		tags.push(ref);
		try {
			const cfg = join(dir, 'cfg');
			mkdirSync(cfg);
			writeFileSync(join(cfg, 'config.json'), JSON.stringify({auths: {[reg.host]: {auth: Buffer.from('cli-user:cli-pass').toString('base64')}}}));
			// async: this process serves the registry while berth pulls
			const env = {DOCKER_CONFIG: cfg};
			const {code, out, err} = await berthAsync(['images', 'pull', ref], env);
			assert.equal(code, 0, err);
			for (const layer of reg.layerIds) {
				assert.match(out, new RegExp(`${layer}: Downloading +\\[[#.]+\\] +\\d+%`));
				assert.match(out, new RegExp(`${layer}: Pull complete`));
			}
			assert.match(out, new RegExp(`pulled ${ref.replace(/[.:/]/g, '\\$&')} from ${reg.host.replace(/[.:]/g, '\\$&')}: Downloaded newer image .*\\(sha256:[0-9a-f]{64}\\), with stored credentials`));
			const again = berthAsync(['images', 'pull', ref, '--json'], env);
			const r = await again;
			assert.equal(r.code, 0, r.err);
			const j = JSON.parse(r.out) as {registry: string; status: string; authenticated: boolean; architecture: string};
			assert.deepEqual([j.registry, j.authenticated, j.architecture], [reg.host, true, 'amd64']);
			assert.match(j.status, /Image is up to date/);
		} finally {
			await reg.close();
		}
	});
});
