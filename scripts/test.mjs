// `npm test`: make sure an engine answers (start berth's private one when possible), build the
// CLI (the end-to-end tests run it), then run every test file with node's test runner.
//   npm test                 all tests
//   npm test -- test/core    only files under these paths
//   BERTH_TEST_NO_ENGINE=1   skip the engine start (unit tests only need none)
//   BERTH_TEST_NO_TYPECHECK=1 skip `tsc --noEmit` (it runs on full runs only, as in CI)
import {spawnSync} from 'node:child_process';
import {readdirSync, statSync} from 'node:fs';
import {join, relative} from 'node:path';
import {fileURLToPath} from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);

function run(cmd, args, opts = {}) {
	const r = spawnSync(cmd, args, {stdio: 'inherit', ...opts});
	return r.status ?? 1;
}

if (!process.env.BERTH_TEST_NO_ENGINE) {
	const rc = run('bash', ['scripts/engine/start-engine.sh']);
	if (rc !== 0) {
		console.error('\nnpm test: no Docker engine for the integration tests (see the message above).');
		console.error('  Tests run against a real engine. Set DOCKER_HOST to one that answers, or run as root so');
		console.error('  scripts/engine/start-engine.sh can install and start a private one.');
		process.exit(1);
	}
	sweepDeadRuns();
}
if (process.argv.length <= 2 && !process.env.BERTH_TEST_NO_TYPECHECK && run(process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit']) !== 0) {
	console.error('npm test: the typecheck failed (see above).');
	process.exit(1);
}
if (run(process.execPath, ['scripts/build.mjs']) !== 0) process.exit(1);

/**
 * Leftovers of an interrupted earlier run: containers labelled berth.test=<pid>-<time> whose test
 * process is gone. A run still alive (another terminal) is left alone; nothing unlabelled is touched.
 */
function sweepDeadRuns() {
	const r = spawnSync('docker', ['ps', '-a', '--filter', 'label=berth.test', '--format', '{{.ID}} {{.Label "berth.test"}}'], {encoding: 'utf8'});
	const dead = [];
	for (const line of (r.stdout ?? '').split('\n').filter(Boolean)) {
		const [id, runId = ''] = line.split(' ');
		const pid = Number(runId.split('-')[0]);
		let alive = false;
		try {
			alive = pid > 0 && (process.kill(pid, 0), true);
		} catch {
			alive = false;
		}
		if (!alive) dead.push(id);
	}
	if (dead.length) spawnSync('docker', ['rm', '-f', '-v', ...dead], {stdio: 'ignore'});
	// compose networks of test projects (bt…_default) that an interrupted run left with no container
	// attached, older than ten minutes: each holds one of the engine's ~30 default address pools
	const nets = spawnSync('docker', ['network', 'ls', '-q', '--filter', 'name=^bt', '--filter', 'label=com.docker.compose.network=default'], {encoding: 'utf8'}).stdout ?? '';
	for (const id of nets.split('\n').filter(Boolean)) {
		const r = spawnSync('docker', ['network', 'inspect', '-f', '{{.Name}} {{len .Containers}} {{.Created.Unix}}', id], {encoding: 'utf8'});
		const [name = '', attached = '1', created = '0'] = (r.stdout ?? '').trim().split(' ');
		if (/^bt[a-z0-9-]*_default$/.test(name) && attached === '0' && Date.now() / 1000 - Number(created) > 600) spawnSync('docker', ['network', 'rm', id], {stdio: 'ignore'});
	}
}

function collect(p, out) {
	const st = statSync(p);
	if (st.isDirectory()) {
		for (const e of readdirSync(p).sort()) if (e !== 'node_modules' && e !== 'fixtures') collect(join(p, e), out);
	} else if (/\.test\.tsx?$/.test(p)) out.push(relative(root, p));
	return out;
}
const roots = process.argv.slice(2).length ? process.argv.slice(2) : ['test'];
const files = roots.flatMap((r) => collect(r, []));
if (files.length === 0) {
	console.error(`npm test: no test files under ${roots.join(', ')}`);
	process.exit(1);
}
const code = run(process.execPath, ['--import', './scripts/patches/ink-loader.mjs', '--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=1', ...files], {
	env: {...process.env, FORCE_COLOR: '0', BERTH_TEST: '1'},
});
process.exit(code);
