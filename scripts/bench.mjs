// `npm run bench [-- --quick] [-- --only a,b]`: make sure an engine answers, build dist/cli.js,
// then run the harness (bench/main.ts, through tsx). See docs/performance.md.
import {spawn, spawnSync} from 'node:child_process';
import {fileURLToPath} from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);
const args = process.argv.slice(2);
if (!args.includes('--help')) {
	if (spawnSync('bash', ['scripts/engine/start-engine.sh'], {stdio: 'inherit'}).status !== 0) {
		console.error('npm run bench: no Docker engine (see above). Set DOCKER_HOST to one that answers, or run as root.');
		process.exit(1);
	}
	const own = !args.some((a) => a === '--cli' || a.startsWith('--cli='));
	if (own && spawnSync(process.execPath, ['scripts/build.mjs'], {stdio: 'inherit'}).status !== 0) process.exit(1);
}
const child = spawn(process.execPath, ['--import', 'tsx', 'bench/main.ts', ...args], {stdio: 'inherit'});
// Ctrl-C reaches the harness too (same process group): let it clean up, then leave with its code
process.on('SIGINT', () => undefined);
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 130 : 1)));
