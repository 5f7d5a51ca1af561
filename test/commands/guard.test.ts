/**
 * The roles gate of the one-shot commands, attacked as issue #13 did: one parse of the command
 * line, the guard checks exactly the targets the command will touch, the audit line names them.
 * Root runs the built CLI under a policy (BERTH_POLICY) that makes it operator on `application`
 * only, against a compose project with `db` in foundation and `web` in application.
 */
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {commands} from '../../source/commands/registry.js';
import {IMAGE, RUN_ID, TEST_LABEL, cleanup, composeUp, docker, dockerAsync, waitFor} from '../helpers/engine.js';
import {inParallel, spawnBytes} from '../helpers/cli.js';

const CLI = resolve(process.env['BERTH_TEST_CLI'] ?? 'dist/cli.js');
const dir = mkdtempSync(join(tmpdir(), 'berth-gate-'));
const auditPath = join(dir, 'audit.log');
const P = `btgate${RUN_ID.replace(/[^a-z0-9]/g, '')}`;
const HOST = process.env['DOCKER_HOST'] ?? 'unix:///var/run/docker.sock';

const OPERATOR = join(dir, 'operator.yaml');
const VIEWER = join(dir, 'viewer.yaml');

let project = '';
const started = (c: string) => docker('inspect', '-f', '{{.State.Status}} {{.State.StartedAt}}', c);
const startedAsync = (c: string) => dockerAsync('inspect', '-f', '{{.State.Status}} {{.State.StartedAt}}', c);
const db = `${P}_db_1`;
const web = `${P}_web_1`;

function berth(args: string[], policy = OPERATOR, env: Record<string, string> = {}) {
	const r = spawnSync(process.execPath, [CLI, ...args], {
		encoding: 'utf8',
		cwd: project,
		env: {PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: dir, BERTH_POLICY: policy, DOCKER_HOST: HOST, COMPOSE_PROJECT_NAME: P, ...env},
		timeout: 120_000,
	});
	return {code: r.status, out: r.stdout, err: r.stderr};
}

/** The same without blocking, so that independent runs overlap (inParallel). */
async function berthAsync(args: string[], policy = OPERATOR, env: Record<string, string> = {}) {
	const r = await spawnBytes(process.execPath, [CLI, ...args], {
		cwd: project,
		env: {PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: dir, BERTH_POLICY: policy, DOCKER_HOST: HOST, COMPOSE_PROJECT_NAME: P, ...env},
		timeout: 120_000,
	});
	return {code: r.code, out: r.out.toString('utf8'), err: r.err.toString('utf8')};
}

/**
 * Runs that are each to be refused (so change nothing), overlapping: each one's findings in list
 * order. `check` (after a run ends) is told which runs overlapped it, so that a change it sees
 * names every run that could have made it.
 */
async function refusedRuns(runs: string[][], one: (argv: string[]) => Promise<{code: number | null; err: string}>, check: (argv: string[], alongside: string[]) => Promise<string[]>): Promise<string[]> {
	const running = new Set<{argv: string[]; alongside: Set<string>}>();
	const found = await inParallel(
		runs.map((argv) => async () => {
			const me = {argv, alongside: new Set<string>()};
			for (const o of running) {
				o.alongside.add(argv.join(' '));
				me.alongside.add(o.argv.join(' '));
			}
			running.add(me);
			let r: {code: number | null; err: string};
			try {
				r = await one(argv);
			} finally {
				running.delete(me);
			}
			const bad: string[] = [];
			if (r.code !== 4) bad.push(`${argv.join(' ')}: exit ${r.code} ${r.err}`);
			bad.push(...(await check(argv, [...me.alongside])));
			return bad;
		}),
	);
	return found.flat();
}

const audit = () => (existsSync(auditPath) ? readFileSync(auditPath, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, any>) : []);

describe('CLI roles gate: one parse, exact targets', () => {
	before(async () => {
		for (const [file, text] of [
			[OPERATOR, `audit_log: ${auditPath}\ndefault_role: viewer\nrules:\n  - name: app-ops\n    users: [root]\n    role: operator\n    service_groups: [application]\n`],
			[VIEWER, `audit_log: ${auditPath}\ndefault_role: viewer\n`],
		] as const) {
			writeFileSync(file, text);
			chmodSync(file, 0o644);
		}
		// the containers carry their group (berth.group), as berth's own `up` is to set it (#13)
		const svc = (name: string, group: string) => `  ${name}:\n    image: ${IMAGE}\n    init: true\n    command: sleep 600\n    labels: {${TEST_LABEL}: "${RUN_ID}", berth.group: ${group}}\n`;
		project = composeUp(P, `version: "2.4"\nservices:\n${svc('db', 'foundation')}${svc('web', 'application')}x-berth:\n  groups:\n    foundation: [db]\n    application: [web]\n`);
		mkdirSync(join(dir, 'images'));
		await waitFor(() => started(db).startsWith('running') && started(web).startsWith('running'), 'db and web running', 30_000);
	});
	after(() => {
		cleanup();
		rmSync(dir, {recursive: true, force: true});
	});

	it('the attack: `restart --json db web` is refused (exit 4), db is not restarted, the audit line names db', () => {
		const db0 = started(db);
		const web0 = started(web);
		const n = audit().length;
		const r = berth(['restart', '--json', 'db', 'web', '-t', '1']);
		assert.equal(r.code, 4, r.err);
		assert.match(r.err, /root may not restart service db,web of project .*: restart needs operator, root is viewer on group foundation/);
		assert.equal(started(db), db0, 'db was not restarted');
		assert.equal(started(web), web0, 'nothing was restarted');
		const lines = audit().slice(n);
		assert.equal(lines.length, 1);
		assert.equal(lines[0]!['result'], 'refused');
		assert.equal(lines[0]!['target']['service'], 'db,web');
		assert.deepEqual([...lines[0]!['target']['groups']].sort(), ['application', 'foundation']);
		assert.deepEqual(lines[0]!['target']['containers'], [db, web].sort());
	});

	it('every flag permutation naming db, for start/stop/restart and restart-container: exit 4, db untouched', async () => {
		const db0 = started(db);
		const dbId = docker('inspect', '-f', '{{.Id}}', db);
		const perms = (cmd: string) => [
			[cmd, 'db'],
			[cmd, '--json', 'db'],
			[cmd, '--json', 'db', 'web'],
			[cmd, 'web', '--json', 'db'],
			[cmd, 'web', 'db', '--json'],
			[cmd, '-t', '1', 'db', 'web'],
			[cmd, 'web', '--timeout=1', 'db'],
			[cmd, '-p', P, 'db'],
			[cmd, `--project-name=${P}`, '--json', 'db'],
			[cmd, '--json', '--', 'db'],
			[cmd, '--', 'web', 'db'],
			[cmd, '--group', 'foundation'],
			[cmd, '--group=foundation', '--json'],
			[cmd, '-g', 'foundation', 'db'],
			[cmd],
			['-H', HOST, cmd, '--json', 'db'],
			[`--host=${HOST}`, cmd, 'db', '--json'],
			[cmd, 'db', '--read-only'],
			['--read-only', cmd, 'web'],
		];
		const runs = [
			...['restart', 'stop', 'start'].flatMap(perms),
			...[
				[db],
				['--json', db],
				['-t', '1', db],
				['--timeout=1', '--json', db],
				['--', db],
				[dbId.slice(0, 12)],
				[dbId],
				['--json', '--', dbId.slice(0, 12)],
			].map((a) => ['restart-container', ...a]),
			['-H', HOST, 'restart-container', '--json', db],
		];
		// overlapping, three at a time: db is checked after each run ends (a change names the runs it overlapped)
		const bad = await refusedRuns(runs, (argv) => berthAsync(argv), async (argv, alongside) => {
			const now = await startedAsync(db);
			return now !== db0 ? [`${argv.join(' ')}: db changed (${now})${alongside.length ? ` (ran alongside: ${alongside.join('; ')})` : ''}`] : [];
		});
		assert.deepEqual(bad, []);
		const refused = audit().filter((l) => l['result'] === 'refused' && l['target']['container'] === db);
		assert.ok(refused.some((l) => l['target']['group'] === 'foundation' && l['action'] === 'restart'), 'restart-container refusals name the resolved container and its group');
	});

	it('what the operator may do still works, and the audit line names exactly what was touched', () => {
		const db0 = started(db);
		const web0 = started(web);
		const r = berth(['restart', '--json', 'web', '-t', '1']);
		assert.equal(r.code, 0, r.err);
		assert.notEqual(started(web), web0, 'web restarted');
		assert.equal(started(db), db0, 'db untouched');
		const l = audit().at(-1)!;
		assert.deepEqual([l['action'], l['result'], l['target']['service'], l['target']['groups'], l['target']['containers']], ['restart', 'ok', 'web', ['application'], [web]]);

		const web1 = started(web);
		const rc = berth(['restart-container', '-t', '1', '--json', web]);
		assert.equal(rc.code, 0, rc.err);
		assert.notEqual(started(web), web1);
		const l2 = audit().at(-1)!;
		assert.deepEqual([l2['result'], l2['target']['container'], l2['target']['group']], ['ok', web, 'application']);
	});

	it('admin-only commands are refused for the operator whatever the flags; dry runs change nothing and pass', async () => {
		const db0 = started(db);
		// each is refused or only reads: overlapping
		const found = await inParallel([
			...[['up'], ['up', 'web'], ['down'], ['down', '--volumes'], ['deploy'], ['deploy', '--json'], ['check-mount-dirs', '--create'], ['load-images', join(dir, 'images')], ['setup-tags'], ['setup-tags', '--json', '--only', 'x']].map((argv) => async () => {
				const r = await berthAsync(argv);
				return r.code !== 4 ? [`${argv.join(' ')}: exit ${r.code} ${r.err}`] : [];
			}),
			...[['setup-tags', '--dry-run', '--only', 'bt-nothing/'], ['check-mount-dirs']].map((argv) => async () => {
				const r = await berthAsync(argv);
				return r.code === 4 ? [`${argv.join(' ')}: refused, but changes nothing`] : [];
			}),
		]);
		assert.deepEqual(found.flat(), []);
		assert.equal(started(db), db0);
	});

	it('every gated command of the registry, as a viewer: refused before it acts (no engine asked)', async () => {
		const argvOf: Record<string, string[]> = {
			up: [], down: [], start: ['web'], stop: ['web'], restart: ['web'], deploy: [], 'check-mount-dirs': ['--create'],
			'load-images': [join(dir, 'images')], 'setup-tags': [], 'restart-container': [web],
			images: ['rm', 'x'], volumes: ['rm', 'x'], volume: ['create', 'x'], networks: ['rm', 'x'], network: ['create', 'x'],
		};
		const gated = Object.entries(commands).filter(([, c]) => c.kind === 'gated').map(([n]) => n);
		assert.deepEqual(gated.filter((n) => !(n in argvOf)), [], 'a new gated command needs a line here');
		// no engine: nothing shared, overlapping
		const found = await inParallel(
			gated.map((name) => async () => {
				const r = await berthAsync([name, ...argvOf[name]!], VIEWER, {DOCKER_HOST: 'unix:///nonexistent/berth.sock'});
				return r.code !== 4 ? [`${name}: exit ${r.code} ${r.err}`] : [];
			}),
		);
		assert.deepEqual(found.flat(), []);
	});
});
