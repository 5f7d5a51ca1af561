/**
 * Every CLI command and every dashboard action, as a viewer and as an operator limited to
 * `application`, against containers of `foundation`: nothing is executed (each container's
 * id, state and start time checked after each attempt) and every attempt leaves a "refused" line
 * in the audit log. The project is brought up by `berth up` (so its containers carry berth.group).
 */
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {after, describe, it} from 'node:test';
import {RUN_ID, cleanup, docker, dockerAsync, sleep, uniqueName, waitFor} from '../helpers/engine.js';
import {inParallel, spawnBytes} from '../helpers/cli.js';
import {Tmux} from '../helpers/tmux.js';
import {commands} from '../../source/commands/registry.js';

const CLI = resolve('dist/cli.js');
const dir = mkdtempSync(join(tmpdir(), 'berth-trust-walk-'));
const audit = join(dir, 'audit.log');
const project = uniqueName('walk').replace(/[^a-z0-9]/g, '');
const F = join(dir, 'p', 'compose.yaml');
const EVIL = join(dir, 'evil', 'compose.yaml');
const DB = `${project}_db_1`;
const CACHE = `${project}_cache_1`;
const svc = (cmd: string) => `    image: tuitest/busybox:latest\n    command: ${cmd}\n    stop_grace_period: 1s\n    labels: {berth.test: "${RUN_ID}"}\n    volumes: ["./data:/data"]\n`;
const yaml = (x: boolean) => `name: ${project}\nservices:\n  db:\n${svc('["sleep", "600"]')}  cache:\n${svc('["sleep", "600"]')}${x ? 'x-berth:\n  groups:\n    foundation: [db, cache]\n' : ''}`;

const policies = {
	viewer: `audit_log: ${audit}\ndefault_role: viewer\n`,
	operator: `audit_log: ${audit}\ndefault_role: viewer\nrules:\n  - name: app-ops\n    users: [root]\n    role: operator\n    service_groups: [application]\n`,
};

function berth(args: string[], policy: string) {
	const r = spawnSync(process.execPath, [CLI, ...args], {encoding: 'utf8', cwd: dir, env: {...process.env, BERTH_POLICY: policy, XDG_CACHE_HOME: join(dir, 'cache')}});
	return {code: r.status, out: r.stdout, err: r.stderr};
}
/** The same without blocking (independent runs overlap: inParallel); with the pid berth ran as (its audit lines carry it). */
async function berthAsync(args: string[], policy: string) {
	const r = await spawnBytes(process.execPath, [CLI, ...args], {cwd: dir, env: {...process.env, BERTH_POLICY: policy, XDG_CACHE_HOME: join(dir, 'cache')}});
	return {code: r.code, out: r.out.toString('utf8'), err: r.err.toString('utf8'), pid: r.pid};
}
const auditLines = () => (existsSync(audit) ? readFileSync(audit, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, any>) : []);
/** The lines written whole so far (another berth may be writing the last one right now). */
const wholeAuditLines = () => (existsSync(audit) ? readFileSync(audit, 'utf8').split('\n').slice(0, -1).filter(Boolean).map((l) => JSON.parse(l) as Record<string, any>) : []);
/**
 * id, state and start time of the project's containers (images are not compared: other tests
 * create images meanwhile; load-images and setup-tags are shown refused by exit 4 and the audit)
 */
const snapshot = () => [DB, CACHE].map((n) => docker('inspect', '-f', '{{.Id}} {{.State.Status}} {{.State.StartedAt}} {{.State.Paused}}', n)).join('\n');
const snapshotAsync = async () => (await Promise.all([DB, CACHE].map((n) => dockerAsync('inspect', '-f', '{{.Id}} {{.State.Status}} {{.State.StartedAt}} {{.State.Paused}}', n)))).join('\n');

/** The mutating invocations of each command (every command not 'read' must appear here). */
const MUTATING: Record<string, string[][]> = {
	up: [['up', '-f', F], ['up', '-f', F, 'db']],
	down: [['down', '-f', F], ['down', '-f', F, '--volumes']],
	start: [['start', '-f', F, 'db'], ['start', '-f', F]],
	stop: [['stop', '-f', F, 'db'], ['stop', '-f', F], ['stop', '-f', F, '--group', 'foundation'], ['stop', '-f', EVIL, 'db'], ['stop', '-f', EVIL, '--group', 'application']],
	restart: [['restart', '-f', F, 'db'], ['restart', '-f', EVIL, 'db', 'cache']],
	'restart-container': [['restart-container', DB], ['restart-container', CACHE, '--timeout', '1']],
	deploy: [['deploy', '-f', F]],
	'check-mount-dirs': [['check-mount-dirs', '-f', F, '--create']],
	'load-images': [['load-images', join(dir, 'images')]],
	'setup-tags': [['setup-tags']],
	// the resource commands gate each change themselves (commands/resource-shared.ts); names that do not exist, so nothing could go
	images: [['images', 'rm', `tuitest/bt-walk-${RUN_ID}`], ['images', 'prune', '--yes', '--filter', `label=berth.test=${RUN_ID}`], ['images', 'pull', `127.0.0.1:1/bt-walk-${RUN_ID}`]],
	volume: [['volume', 'create', `bt-walk-${RUN_ID}`], ['volume', 'rm', `bt-walk-${RUN_ID}`], ['volume', 'prune', '--yes', '--filter', `label=berth.test=${RUN_ID}`], ['volume', 'backup', `bt-walk-${RUN_ID}`, join(dir, 'v.tar.gz')], ['volume', 'restore', `bt-walk-${RUN_ID}`, join(dir, 'v.tar.gz')]],
	volumes: [['volumes', 'rm', `bt-walk-${RUN_ID}`]],
	networks: [['networks', 'rm', `bt-walk-${RUN_ID}`]],
	network: [['network', 'create', `bt-walk-${RUN_ID}`], ['network', 'rm', `bt-walk-${RUN_ID}`], ['network', 'connect', `bt-walk-${RUN_ID}`, DB], ['network', 'disconnect', 'bridge', DB]],
};
const READS: string[][] = [['status'], ['validate', '-f', F], ['config', '-f', F], ['arch-info'], ['list-images'], ['ports'], ['doctor'], ['audit'], ['audit', 'verify'], ['check-mount-dirs', '-f', F], ['deploy', '-f', F, '--dry-run'], ['setup-tags', '--dry-run'], ['images'], ['images', 'history', 'tuitest/busybox:latest'], ['images', 'prune', '--dry-run'], ['volumes'], ['networks'], ['events', '--since', '5s', '--until', '1s']];

describe('walk every command and action: nothing runs on another group, every attempt audited', () => {
	const tmuxes: Tmux[] = [];
	after(() => {
		for (const t of tmuxes) t.kill();
		spawnSync('docker-compose', ['-p', project, '-f', F, 'down', '-t', '1'], {stdio: 'ignore'});
		cleanup();
		// docker-compose v1 cannot read every file berth can (berth runs it on a copy): the project's
		// network goes by name, or each run would leave one (the engine's address pools run out)
		spawnSync('docker', ['network', 'rm', `${project}_default`], {stdio: 'ignore'});
		rmSync(dir, {recursive: true, force: true});
	});

	it('setup', () => {
		for (const d of ['p', 'evil', 'images']) mkdirSync(join(dir, d));
		writeFileSync(F, yaml(true));
		writeFileSync(EVIL, yaml(false));
		const up = berth(['up', '-f', F], '');
		assert.equal(up.code, 0, up.err + up.out);
		rmSync(join(dir, 'p', 'data'), {recursive: true, force: true}); // check-mount-dirs --create would make it
		for (const [role, text] of Object.entries(policies)) {
			writeFileSync(join(dir, `${role}.yaml`), text);
			chmodSync(join(dir, `${role}.yaml`), 0o644);
		}
		// every command of the registry is walked: mutating ones below, the rest as reads
		for (const name of Object.keys(commands)) assert.ok(MUTATING[name] || commands[name]!.kind === 'read', `command ${name} is not walked`);
	});

	for (const role of ['viewer', 'operator'] as const) {
		it(`CLI as ${role}: every mutating command refused (exit 4), nothing changed, each attempt audited`, async () => {
			const policy = join(dir, `${role}.yaml`);
			const before = snapshot();
			// The attempts overlap, three at a time (each is refused, so none changes what another
			// sees). Each is checked when it ends: the containers (a change names the attempts it
			// overlapped), and its own audit lines, told apart by the pid berth wrote in them; at the
			// end, no line is left that no attempt wrote.
			const n0 = auditLines().length;
			const running = new Set<{label: string; alongside: Set<string>}>();
			const pids = await inParallel(
				Object.values(MUTATING).flat().map((argv) => async () => {
					const me = {label: argv.join(' '), alongside: new Set<string>()};
					for (const o of running) {
						o.alongside.add(me.label);
						me.alongside.add(o.label);
					}
					running.add(me);
					let r: Awaited<ReturnType<typeof berthAsync>>;
					try {
						r = await berthAsync(argv, policy);
					} finally {
						running.delete(me);
					}
					assert.equal(r.code, 4, `${argv.join(' ')}: exit ${r.code} ${r.err}${r.out}`);
					assert.equal(await snapshotAsync(), before, `${argv.join(' ')} changed something${me.alongside.size ? ` (ran alongside: ${[...me.alongside].join('; ')})` : ''}`);
					const added = wholeAuditLines().slice(n0).filter((l) => l['pid'] === r.pid);
					assert.ok(added.length >= 1, `${argv.join(' ')}: no audit line`);
					assert.ok(added.every((l) => l['result'] === 'refused' && l['via'] === 'cli'), `${argv.join(' ')}: ${JSON.stringify(added)}`);
					return r.pid;
				}),
			);
			assert.equal(new Set(pids).size, pids.length, 'each attempt ran as its own pid (its audit lines are told apart by it)');
			const stray = auditLines().slice(n0).filter((l) => !pids.includes(l['pid'] as number));
			assert.deepEqual(stray, [], 'audit lines that no attempt wrote');
			assert.ok(!existsSync(join(dir, 'p', 'data')), 'check-mount-dirs --create made nothing');
			await inParallel(
				READS.map((argv) => async () => {
					const r = await berthAsync(argv, policy);
					assert.notEqual(r.code, 4, `${argv.join(' ')} is a read: ${r.err}`);
				}),
			);
			assert.equal(snapshot(), before, 'reads changed nothing');
		});
	}

	const WORDS = ['start', 'stop', 'restart', 'kill', 'pause', 'unpause', 'rm', 'exec', 'compose-up', 'compose-down', 'pull', 'recreate'];
	// the images / volumes / networks panes' changes that have a `:` word (their keys are hidden for these roles)
	const RESOURCE_LINES = [`image-pull 127.0.0.1:1/bt-walk-${RUN_ID}`, `volume-create bt-walk-${RUN_ID}`, `network-create bt-walk-${RUN_ID}`, `connect ${DB} ${project}_default`, `disconnect ${DB} ${project}_default`];
	for (const role of ['viewer', 'operator'] as const) {
		it(`dashboard as ${role}: every action on a foundation container refused, nothing changed, each audited`, async () => {
			const before = snapshot();
			const t = new Tmux('main', 160, 40);
			tmuxes.push(t);
			t.start(`${process.execPath} ${CLI}`, {TERM: 'xterm-256color', BERTH_POLICY: join(dir, `${role}.yaml`), XDG_CACHE_HOME: join(dir, 'cache')});
			await waitFor(() => t.screen().includes('Containers') && t.screen().includes('running'), 'first frame', 15_000);
			await sleep(300);
			for (const w of WORDS) {
				const n0 = auditLines().length;
				t.keys(':');
				await sleep(100);
				t.tmux('send-keys', '-t', t.session, '-l', `${w} ${DB}`);
				t.keys('Enter');
				// a dialog (shown keys ask first) or a refusal straight away (hidden keys); where the role
				// shows the key, `:unpause` on a running container has nothing to do (no attempt, no line)
				const asked = (s: string) => s.includes(`${DB}?`) || /project \S+\?/.test(s);
				await waitFor(() => asked(t.screen()) || /refused|Not allowed|Read-only|Nothing to unpause/.test(t.screen()), `${w}: dialog or refusal`, 5000).catch((e) => {
					throw new Error(`${(e as Error).message}\n${t.screen()}`);
				});
				if (w === 'unpause' && /Nothing to unpause/.test(t.screen())) {
					await sleep(300);
					assert.equal(auditLines().length, n0, 'unpause: nothing to do, nothing audited');
					assert.equal(snapshot(), before, 'unpause changed something');
					t.keys('Escape');
					await sleep(150);
					continue;
				}
				if (asked(t.screen())) t.keys('y');
				const added = await waitFor(() => (auditLines().length > n0 ? auditLines().slice(n0) : null), `${w}: audit line`, 8000).catch((e) => {
					throw new Error(`${(e as Error).message}\n${t.screen()}`);
				});
				await sleep(300);
				assert.ok(added.every((l) => l['result'] === 'refused' && l['via'] === 'tui'), `${w}: ${JSON.stringify(added)}`);
				assert.equal(snapshot(), before, `${w} changed something`);
				t.keys('Escape');
				await sleep(150);
			}
			for (const line of RESOURCE_LINES) {
				const n0 = auditLines().length;
				t.keys(':');
				await sleep(100);
				t.tmux('send-keys', '-t', t.session, '-l', line);
				t.keys('Enter');
				const added = await waitFor(() => (auditLines().length > n0 ? auditLines().slice(n0) : null), `${line}: audit line`, 8000).catch((e) => {
					throw new Error(`${(e as Error).message}\n${t.screen()}`);
				});
				await sleep(300);
				assert.ok(added.every((l) => l['result'] === 'refused' && l['via'] === 'tui'), `${line}: ${JSON.stringify(added)}`);
				assert.match(t.screen(), /refused|Not allowed|Read-only/, line);
				assert.equal(snapshot(), before, `${line} changed something`);
				t.keys('Escape');
				await sleep(150);
			}
			for (const [kind, name] of [['volume', `bt-walk-${RUN_ID}`], ['network', `bt-walk-${RUN_ID}`]] as const) assert.throws(() => docker(kind, 'inspect', name), `${kind} ${name} was created`);
			t.keys('Escape');
			t.keys('q');
			await waitFor(() => !t.alive(), 'quits', 5000).catch((e) => {
				throw new Error(`${(e as Error).message}\n${t.screen()}`);
			});
		});
	}
});
