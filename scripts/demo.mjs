// `npm run demo`: make sure an engine answers (start berth's private one when possible), build the
// CLI, bring up the demo stack (project "berth-demo", demo/compose.yaml), and open the dashboard.
//   npm run demo -- --down     remove the demo stack again (volumes kept)
//   npm run demo -- --no-tui   bring the stack up, print `berth status`, and exit
import {readFileSync} from 'node:fs';
import {spawnSync} from 'node:child_process';
import {fileURLToPath} from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);
const args = process.argv.slice(2);
const PROJECT = 'berth-demo';

function run(cmd, argv, opts = {}) {
	const r = spawnSync(cmd, argv, {stdio: 'inherit', ...opts});
	if (r.error) return {status: 127, error: r.error};
	return r;
}

function composeCli() {
	if (spawnSync('docker', ['compose', 'version'], {stdio: 'ignore'}).status === 0) return ['docker', ['compose']];
	if (spawnSync('docker-compose', ['version', '--short'], {stdio: 'ignore'}).status === 0) return ['docker-compose', []];
	return null;
}

if (run('bash', ['scripts/engine/start-engine.sh']).status !== 0) {
	console.error('\nnpm run demo: no Docker engine (see above). Set DOCKER_HOST to one that answers, or run as root.');
	process.exit(3);
}
const cc = composeCli();
if (!cc) {
	console.error('npm run demo: neither `docker compose` (v2) nor `docker-compose` (v1) was found. Install one (Debian: apt-get install docker-compose).');
	process.exit(2);
}
const [bin, pre] = cc;
const compose = (...a) => run(bin, [...pre, '-p', PROJECT, '-f', 'demo/compose.yaml', ...a], {stdio: ['ignore', 'inherit', 'inherit']});

if (args.includes('--down')) {
	process.exit(compose('down', '--remove-orphans', '-t', '2').status ?? 1);
}
if (run(process.execPath, ['scripts/build.mjs']).status !== 0) process.exit(1);
console.log(`Bringing up the demo stack "${PROJECT}" (demo/compose.yaml)…`);
if (compose('up', '-d', '--remove-orphans').status !== 0) {
	console.error('npm run demo: compose up failed (see above).');
	process.exit(1);
}
if (args.includes('--no-tui') || !process.stdout.isTTY) {
	if (!process.stdout.isTTY) console.log('(not a terminal: printing `berth status` instead of opening the dashboard)');
	process.exit(run(process.execPath, ['dist/cli.js', 'status']).status ?? 1);
}
// the dashboard with the node flags of dist/cli.js's shebang (scripts/build.mjs), as `berth` runs
const flags = readFileSync('dist/cli.js', 'utf8').split('\n', 1)[0].match(/^#!.*?\bnode\b(.*)$/)?.[1]?.trim().split(/\s+/).filter(Boolean) ?? [];
process.exit(run(process.execPath, [...flags, 'dist/cli.js', ...args.filter((a) => !a.startsWith('--no-'))]).status ?? 0);
