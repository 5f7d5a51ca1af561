// `npm run screenshots`: real captures of every pane. Brings up the demo stack (npm run demo --
// --no-tui), runs the built dashboard in tmux (132×44, xterm-256color), drives it with keys, and
// converts each `tmux capture-pane -p -e` (ANSI) to SVG (scripts/ansi-svg.mjs) in screenshots/.
//   node scripts/screenshot.mjs [--no-demo] [--only logs,stats] [--out screenshots]
//
// The dashboard sees the demo stack only, as a newcomer's engine holds it, even when the engine
// holds other containers (a developer's test leftovers, CI's other tests): it talks to the engine
// through a small proxy (demoProxy) that adds the demo project's label to the container list's and
// the event stream's filters and passes everything else through. The proxy's socket path has the
// length of /var/run/docker.sock, and the header's address ("unix:///tmp/berth-shot-NNNN
// (DOCKER_HOST)") is shown as that path, as a user of the default socket sees it.
//
// captureScreens() is the core: test/docs/screenshots.test.ts runs it (fast: no 45 s of stats
// history) and compares the text of each screen with the committed SVG's (screenshotText).
import {execFileSync, spawnSync} from 'node:child_process';
import {mkdirSync, rmSync, writeFileSync} from 'node:fs';
import http from 'node:http';
import {fileURLToPath} from 'node:url';
import {ansiToSvg, parseAnsi} from './ansi-svg.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
export const COLS = 132;
export const ROWS = 44;
export const PROJECT = 'berth-demo';
const DEFAULT_SOCKET = '/var/run/docker.sock';

/** Every screenshot: file name (screenshots/NAME.svg), in the order they are taken. */
export const SHOTS = ['containers', 'dashboard', 'confirm', 'help', 'groups', 'ports', 'logs', 'stats', 'inspect', 'doctor', 'images', 'networks', 'dashboard-80x24'];

/** The demo stack's image (demo/compose.yaml). */
const IMAGE_REF = 'tuitest/busybox';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Where the real engine answers: DOCKER_HOST (unix:// or tcp://), else the default socket. */
function upstream() {
	const h = process.env.DOCKER_HOST ?? '';
	if (h.startsWith('unix://')) return {socketPath: h.slice('unix://'.length)};
	if (h.startsWith('tcp://')) {
		const u = new URL(h.replace(/^tcp:/, 'http:'));
		return {host: u.hostname, port: Number(u.port || 2375)};
	}
	return h ? null : {socketPath: DEFAULT_SOCKET};
}

/**
 * An engine proxy on a unix socket that shows the demo project only: the label filter goes into
 * GET /containers/json's and GET /events' `filters`; every other request passes through as is
 * (streams included). Returns its socket path (as long as /var/run/docker.sock) and a close().
 */
export async function demoProxy(project = PROJECT) {
	const up = upstream();
	if (!up) return null;
	const path = `/tmp/berth-shot-${String(process.pid % 10000).padStart(4, '0')}`;
	if (path.length !== DEFAULT_SOCKET.length) throw new Error(`proxy path ${path} must be ${DEFAULT_SOCKET.length} characters`);
	rmSync(path, {force: true});
	const label = `com.docker.compose.project=${project}`;
	const server = http.createServer((req, res) => {
		const url = new URL(req.url ?? '/', 'http://engine');
		// the demo's images and network too (the images and networks panes): its image by reference, its network by label
		const what = req.method === 'GET' ? /^(?:\/v[\d.]+)?\/(containers\/json|events|networks|images\/json)$/.exec(url.pathname)?.[1] : undefined;
		if (what) {
			let f = {};
			try {
				f = JSON.parse(url.searchParams.get('filters') || '{}') ?? {};
			} catch {
				f = {};
			}
			if (what === 'images/json') f.reference = [IMAGE_REF];
			else {
				const labels = Array.isArray(f.label) ? f.label : f.label && typeof f.label === 'object' ? Object.keys(f.label) : [];
				f.label = [...labels, label];
			}
			url.searchParams.set('filters', JSON.stringify(f));
		}
		const fwd = http.request({...up, path: url.pathname + url.search, method: req.method, headers: req.headers}, (r) => {
			res.writeHead(r.statusCode ?? 502, r.headers);
			r.pipe(res);
		});
		fwd.on('error', () => res.destroy());
		res.on('close', () => fwd.destroy());
		req.pipe(fwd);
	});
	await new Promise((resolve, reject) => server.once('error', reject).listen(path, resolve));
	return {
		path,
		close: () =>
			new Promise((resolve) => {
				server.closeAllConnections?.();
				server.close(() => resolve());
				rmSync(path, {force: true});
			}),
	};
}

/** The screen's characters, row by row, from a capture with colour codes (trailing blanks cut). */
export function ansiPlain(ansi) {
	return parseAnsi(ansi)
		.map((cells) => cells.map((c) => c.ch).join('').trimEnd())
		.join('\n');
}

/** The text of an SVG written by ansiToSvg: each <text> run back at its row and column. */
export function svgText(svg) {
	const cw = 8.4;
	const lh = 17;
	const pad = 12;
	const top = 28;
	const rows = [];
	const re = /<text x="([\d.]+)" y="(\d+)"[^>]*?textLength="[\d.]+"[^>]*>([^<]*)<\/text>/g;
	let m;
	while ((m = re.exec(svg))) {
		const col = Math.round((Number(m[1]) - pad) / cw);
		const row = Math.round((Number(m[2]) - 13 - top) / lh);
		const str = m[3].replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
		const line = (rows[row] ??= []);
		[...str].forEach((ch, i) => (line[col + i] = ch));
	}
	return Array.from(rows, (r) => Array.from(r ?? [], (c) => c ?? ' ').join('').trimEnd()).join('\n');
}

/**
 * What a screenshot says, without what varies from one take to the next: log lines (which lines,
 * in which order, are the demo's timing), figures (CPU, memory, uptimes, counts, times), ids,
 * chart bars, the stats source, and the alignment those widths move. Kept: every word and symbol
 * of the layout, the rows of the lists, titles, hints, dialogs, help.
 */
export function normaliseScreen(text) {
	const lines = text.replace(/\n+$/, '').split('\n');
	const out = [];
	let inLogs = false;
	for (let i = 0; i < lines.length; i++) {
		let l = lines[i];
		const last = i === lines.length - 1;
		// the log region: from its title ("logs · …") to the footer; its lines are the demo's timing
		if (/^logs · /.test(l)) inLogs = true;
		else if (inLogs && !last) {
			// how many lines there are is the demo's age too (a fresh stack has logged less)
			if (l.trim() && out.at(-1) !== '<log lines>') out.push('<log lines>');
			continue;
		}
		l = l
			.replace(/unix:\/\/\S+/g, 'unix://<socket>')
			.replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, '<timestamp>')
			.replace(/\b[0-9a-f]{12,64}\b/g, '<id>')
			.replace(/\d+(\.\d+)?(B|KiB|MiB|GiB|TiB)\b/g, '<bytes>')
			.replace(/\d+(\.\d+)?%/g, '<pct>')
			.replace(/\b(wait|stale)\b/g, '<pct>')
			.replace(/from (the )?(cgroup files|engine API)/g, 'from <source>')
			.replace(/\d+(\.\d+)?(s|m|h|d)\b/g, '<time>')
			.replace(/\d+/g, '#')
			.replace(/[▁▂▃▄▅▆▇█]/g, '')
			.replace(/\s+/g, ' ')
			.trim();
		out.push(l);
	}
	while (out.length && out.at(-1) === '') out.pop();
	return out.join('\n');
}

/**
 * Drive the built dashboard (dist/cli.js) over the demo stack in a private tmux server and capture
 * every screen. `fast`: no long wait for the stats pane's history (its chart is not compared).
 * Returns [{name, title, ansi, cols, rows}].
 */
export async function captureScreens({only = [], fast = false, log = console.log} = {}) {
	const S = 'shots';
	const socket = `berth-shots-${process.pid}`;
	const tmux = (...a) => execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...a], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']});
	const keys = (...k) => tmux('send-keys', '-t', S, ...k);
	const type = (text) => tmux('send-keys', '-t', S, '-l', text);
	const screen = () => tmux('capture-pane', '-p', '-t', S);
	const proxy = await demoProxy();
	// the header names the proxy's socket: show the default one it stands for (same length)
	const ansi = () => {
		const a = tmux('capture-pane', '-p', '-e', '-t', S);
		return proxy ? a.split(`unix://${proxy.path} (DOCKER_HOST)`).join(`unix://${DEFAULT_SOCKET}`).split(`unix://${proxy.path}`).join(`unix://${DEFAULT_SOCKET}`) : a;
	};
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
	const shots = [];
	function shot(name, title, size = {cols: COLS, rows: ROWS}) {
		if (only.length && !only.includes(name)) return;
		shots.push({name, title, ansi: ansi(), ...size});
	}
	// the demo in its steady state: the health checks have run (api's health log is full: 5 checks
	// 2 s apart), metrics is unhealthy, nothing is starting
	const started = execFileSync('docker', ['ps', '-q', '--filter', `label=com.docker.compose.project=${PROJECT}`, '--filter', 'label=com.docker.compose.service=api'], {encoding: 'utf8'}).trim();
	if (started) {
		const at = Date.parse(execFileSync('docker', ['inspect', '-f', '{{.State.StartedAt}}', started.split('\n')[0]], {encoding: 'utf8'}).trim());
		const wait = at + 12_000 - Date.now();
		if (wait > 0) {
			log(`screenshots: the demo stack started ${((Date.now() - at) / 1000).toFixed(0)} s ago: waiting ${Math.ceil(wait / 1000)} s for its health checks`);
			await sleep(wait);
		}
	}
	try {
		const env = ['-e', 'TERM=xterm-256color', ...(proxy ? ['-e', `DOCKER_HOST=unix://${proxy.path}`] : [])];
		tmux('new-session', '-d', '-s', S, '-x', String(COLS), '-y', String(ROWS), '-c', root, ...env, `env TERM=xterm-256color ${proxy ? `DOCKER_HOST=unix://${proxy.path} ` : ''}${process.execPath} dist/cli.js`);
		await until((s) => s.includes('1 Containers') && s.includes(PROJECT), 'the dashboard');
		await until((s) => /6\/6 running · 1 unhealthy/.test(s) && !/starting/.test(s), 'the demo in its steady state (6 running, metrics unhealthy)', 30000);
		await sleep(500);
		if (!proxy) {
			// no proxy (an engine over TLS): the demo project is filtered in when the engine holds more
			const all = execFileSync('docker', ['ps', '-a', '--format', '{{.Names}}'], {encoding: 'utf8'}).split('\n').filter((n) => n.trim()).length;
			const demo = execFileSync('docker', ['ps', '-aq', '--filter', `label=com.docker.compose.project=${PROJECT}`], {encoding: 'utf8'}).split('\n').filter(Boolean).length;
			if (all > demo) {
				log(`screenshots: the engine holds ${all - demo} container(s) besides the demo stack: filtering to ${PROJECT}`);
				await command(`filter ${PROJECT}`);
			}
		}
		keys('1');
		for (let i = 0; i < 9; i++) keys('j');
		await until((s) => /worker\s+2\/2 running\s+\d/.test(s) && !/\s(wait|stale)\s/.test(s), 'stats in the list', 20000);
		await until((s) => /worker_2 │/.test(s), 'the preview\'s log lines', 20000);
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
		await until((s) => /db: checkpoint/.test(s), 'the preview\'s log lines', 20000);
		shot('groups', 'berth — service groups and compose projects');

		keys('3');
		await until((s) => s.includes('HOST PORT'), 'ports');
		await until((s) => /web: served page/.test(s), 'the preview\'s log lines', 20000);
		shot('ports', 'berth — published ports');

		await command('logs worker');
		await until((s) => /worker_1 │/.test(s) && /worker_2 │/.test(s) && /retrying/.test(s), 'merged logs');
		keys('/');
		type('retrying');
		keys('Enter');
		await sleep(600);
		shot('logs', 'berth — logs of a service: replicas merged, search highlighted');
		keys('Escape');
		await sleep(400);

		await command('stats api');
		await until((s) => /CPU\s+\S+%/.test(s), 'stats');
		await sleep(fast ? 1500 : 45000);
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

		keys('8');
		await until((s) => /REPOSITORY/.test(s) && /tuitest\/busybox\s+latest/.test(s) && /berth-demo_/.test(s), 'the images pane');
		await sleep(300);
		shot('images', 'berth — images: architecture, used by, layers on enter');

		keys('0');
		await until((s) => /SUBNET/.test(s) && /berth-demo_default/.test(s), 'the networks pane');
		await sleep(300);
		shot('networks', 'berth — networks and the containers attached');

		keys('1');
		tmux('resize-window', '-t', S, '-x', '80', '-y', '24');
		await sleep(600);
		await until((s) => /worker_2\s/.test(s) && !/\s(wait|stale)\s/.test(s), 'stats at 80×24', 10000);
		shot('dashboard-80x24', 'berth at 80×24', {cols: 80, rows: 24});
		keys('q');
	} finally {
		spawnSync('tmux', ['-L', socket, 'kill-server'], {stdio: 'ignore'});
		await proxy?.close();
	}
	return shots;
}

/** Bring the demo stack up (and build): `npm run demo -- --no-tui`. */
export function demoUp() {
	const r = spawnSync(process.execPath, ['scripts/demo.mjs', '--no-tui'], {cwd: root, stdio: ['ignore', 'ignore', 'inherit']});
	return r.status ?? 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
	process.chdir(root);
	const args = process.argv.slice(2);
	const opt = (name, def) => {
		const i = args.indexOf(name);
		return i >= 0 ? args[i + 1] : def;
	};
	const out = opt('--out', 'screenshots');
	const only = opt('--only', '')?.split(',').filter(Boolean) ?? [];
	if (!args.includes('--no-demo')) {
		const rc = demoUp();
		if (rc !== 0) process.exit(rc);
	} else if (spawnSync(process.execPath, ['scripts/build.mjs'], {stdio: 'inherit'}).status !== 0) process.exit(1);
	mkdirSync(out, {recursive: true});
	for (const s of await captureScreens({only})) {
		writeFileSync(`${out}/${s.name}.svg`, ansiToSvg(s.ansi, {cols: s.cols, rows: s.rows, title: s.title}));
		console.log(`screenshots: ${out}/${s.name}.svg`);
	}
}
