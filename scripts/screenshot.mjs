// `npm run screenshots`: real captures of every pane. Brings up the demo stack (npm run demo --
// --no-tui), runs the built dashboard in tmux (132×44, xterm-256color), drives it with keys, and
// converts each `tmux capture-pane -p -e` (ANSI) to SVG (scripts/ansi-svg.mjs) in screenshots/.
//   node scripts/screenshot.mjs [--no-demo] [--only logs,stats] [--out screenshots]
import {execFileSync, spawnSync} from 'node:child_process';
import {mkdirSync, writeFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {ansiToSvg} from './ansi-svg.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);
const args = process.argv.slice(2);
const opt = (name, def) => {
	const i = args.indexOf(name);
	return i >= 0 ? args[i + 1] : def;
};
const out = opt('--out', 'screenshots');
const only = opt('--only', '')?.split(',').filter(Boolean) ?? [];
const COLS = 132;
const ROWS = 44;
const S = `berth-shots-${process.pid}`;

if (!args.includes('--no-demo')) {
	const r = spawnSync(process.execPath, ['scripts/demo.mjs', '--no-tui'], {stdio: ['ignore', 'ignore', 'inherit']});
	if (r.status !== 0) process.exit(r.status ?? 1);
} else if (spawnSync(process.execPath, ['scripts/build.mjs'], {stdio: 'inherit'}).status !== 0) process.exit(1);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const tmux = (...a) => execFileSync('tmux', a, {encoding: 'utf8'});
const keys = (...k) => tmux('send-keys', '-t', S, ...k);
const type = (text) => tmux('send-keys', '-t', S, '-l', text);
const screen = () => tmux('capture-pane', '-p', '-t', S);
const ansi = () => tmux('capture-pane', '-p', '-e', '-t', S);
async function until(pred, what, ms = 15000) {
	const t0 = Date.now();
	while (Date.now() - t0 < ms) {
		if (pred(screen())) return;
		await sleep(150);
	}
	throw new Error(`screenshot: timed out waiting for ${what}\n${screen()}`);
}
async function command(text) {
	keys(':');
	await sleep(150);
	type(text);
	keys('Enter');
	await sleep(400);
}
mkdirSync(out, {recursive: true});
function shot(name, title, size = {cols: COLS, rows: ROWS}) {
	if (only.length && !only.includes(name)) return;
	writeFileSync(`${out}/${name}.svg`, ansiToSvg(ansi(), {...size, title}));
	console.log(`screenshots: ${out}/${name}.svg`);
}

try {
	tmux('new-session', '-d', '-s', S, '-x', String(COLS), '-y', String(ROWS), '-e', 'TERM=xterm-256color', `${process.execPath} dist/cli.js`);
	await until((s) => s.includes('1 Containers') && s.includes('berth-demo'), 'the dashboard');
	await sleep(500);
	// a newcomer's engine holds the demo stack only; a developer's may hold more (test leftovers):
	// then, and only then, the demo project is filtered in
	// (a nameless "Removal In Progress" ghost of Docker 20.10 is not counted: berth leaves it out too)
	const all = execFileSync('docker', ['ps', '-a', '--format', '{{.Names}}'], {encoding: 'utf8'}).split('\n').filter((n) => n.trim()).length;
	const demo = execFileSync('docker', ['ps', '-aq', '--filter', 'label=com.docker.compose.project=berth-demo'], {encoding: 'utf8'}).split('\n').filter(Boolean).length;
	if (all > demo) {
		console.log(`screenshots: the engine holds ${all - demo} container(s) besides the demo stack: filtering to berth-demo`);
		await command('filter berth-demo');
	}
	keys('1');
	for (let i = 0; i < 9; i++) keys('j');
	await until((s) => /worker\s+2\/2 running\s+\d/.test(s), 'stats in the list', 20000);
	await sleep(1500);
	shot('containers', 'berth — containers (service selected: merged logs preview below)');
	shot('dashboard', 'berth — the demo stack');

	keys('r');
	await until((s) => s.includes('y/enter: yes'), 'confirm dialog');
	shot('confirm', 'berth — dangerous actions ask first');
	keys('n');
	await sleep(300);
	// "Cancelled." goes with one Esc (a newcomer's screen carries no leftover message)
	keys('Escape');
	await sleep(300);

	keys('?');
	await until((s) => s.includes('berth — keys'), 'help');
	shot('help', 'berth — ? help, generated from the keymap');
	keys('Escape');
	await sleep(400);

	keys('2');
	await until((s) => /application\s+\d+\/\d+\s+\d+\s+\d/.test(s), 'groups with totals', 20000);
	await until((s) => !s.includes('No log lines yet'), 'the preview\'s log lines', 20000).catch(() => console.log('screenshots: groups preview has no log lines'));
	shot('groups', 'berth — service groups and compose projects');

	keys('3');
	await until((s) => s.includes('HOST PORT'), 'ports');
	shot('ports', 'berth — published ports');

	await command('logs worker');
	await until((s) => /worker_1 │/.test(s) && /worker_2 │/.test(s), 'merged logs');
	keys('/');
	type('retrying');
	keys('Enter');
	await sleep(600);
	shot('logs', 'berth — logs of a service: replicas merged, search highlighted');
	keys('Escape');
	await sleep(400);

	await command('stats api');
	await until((s) => /CPU\s+\S+%/.test(s), 'stats');
	await sleep(45000);
	shot('stats', 'berth — stats with sparklines and host figures');

	await command('inspect api');
	await until((s) => s.includes('State:'), 'inspect');
	keys('/');
	type('Health');
	keys('Enter');
	await sleep(500);
	shot('inspect', 'berth — inspect as YAML, searchable');

	await command('doctor metrics');
	await until((s) => /finding|No problems/.test(s), 'doctor', 30000);
	shot('doctor', 'berth — doctor: findings and fixes');

	keys('1');
	tmux('resize-window', '-t', S, '-x', '80', '-y', '24');
	await sleep(1200);
	shot('dashboard-80x24', 'berth at 80×24', {cols: 80, rows: 24});
	keys('q');
} finally {
	spawnSync('tmux', ['kill-session', '-t', S], {stdio: 'ignore'});
}
