/**
 * Terminal-escape injection, end to end in a real terminal (a private tmux server): a container
 * whose compose project/service labels and log output carry title changes (OSC 0/2), an OSC 52
 * clipboard write, a bell, screen clear, cursor moves, alternate-screen exit, mouse/insert/keypad
 * modes, a charset switch and a full reset. The dashboard shows it; afterwards tmux reports the
 * pane untouched. A control run first shows that tmux does act on the same bytes when printed raw,
 * so every probe below can actually see an effect.
 */
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {after, describe, it} from 'node:test';
import {cleanup, runContainer, sleep, uniqueName, waitFor} from '../helpers/engine.js';
import {Tmux} from '../helpers/tmux.js';

const E = '\x1b';
const tag = `bthx${process.pid}`;
const PROJECT = `${tag}${E}]2;PWNED-TITLE\x07${E}[?1049l${E}[?1000h${E}[4h${E}=\x07p`;
const SERVICE = `svc${E}]52;c;UFdORUQtQ0xJUA==\x07${E}(0qqq${E}(B${E}[1;1HMOVED${E}[2J\u009b2J${E}c`;
const LOGS = `printf '${'\\033'}]0;PWNED-LOG\\007${'\\033'}[2Jlogline\\n'; sleep 600`;

const FLAGS = '#{pane_title}|#{window_bell_flag}|#{alternate_on}|#{mouse_any_flag}|#{insert_flag}|#{keypad_flag}';

describe('hostile labels and logs in a real terminal', () => {
	const terms: Tmux[] = [];
	after(() => {
		for (const t of terms) t.kill();
		cleanup();
	});

	it('control: printed raw, the same bytes do change the title, ring, leave the alternate screen and write the clipboard', async () => {
		const t = new Tmux('main', 100, 20);
		terms.push(t);
		// the shell waits so the options are set before the bytes arrive
		t.start(`sh -c 'sleep 0.5; printf "${E}[?1049h"; printf "%s" "$P"; printf "%s" "$S"; sleep 30'`, {P: PROJECT, S: SERVICE});
		t.tmux('select-pane', '-t', t.session, '-T', 'guard');
		await waitFor(() => t.show('#{pane_title}') !== 'guard', 'title change by the raw bytes', 5000);
		const [title, bell] = t.show(FLAGS).split('|');
		assert.equal(title, 'PWNED-TITLE');
		assert.equal(bell, '1');
		assert.match(t.buffers(), /PWNED-CLIP/);
	});

	it('the dashboard shows the labels inert: title, clipboard, bell, screen modes unchanged', async () => {
		const name = uniqueName('esc');
		runContainer({
			name,
			labels: {'com.docker.compose.project': PROJECT, 'com.docker.compose.service': SERVICE, 'com.docker.compose.oneoff': 'False'},
			cmd: ['sh', '-c', LOGS],
		});
		const t = new Tmux('main', 120, 30);
		terms.push(t);
		// berth's own mouse reporting off (BERTH_MOUSE=0): any mouse mode would be the labels' bytes
		t.start(`sh -c 'sleep 1; exec ${process.execPath} dist/cli.js'`, {TERM: 'xterm-256color', BERTH_MOUSE: '0'});
		t.tmux('select-pane', '-t', t.session, '-T', 'guard');
		await waitFor(() => t.screen().includes('Containers') && t.screen().includes('running'), 'first frame', 15_000);
		await sleep(300);
		// the list may be long (other tests' containers): filter to ours (its project and service rows stay)
		t.keys('/');
		await waitFor(() => t.screen().includes('substring or /regex/'), 'filter input', 3000);
		t.tmux('send-keys', '-t', t.session, '-l', name);
		t.keys('Enter');
		const screen = await waitFor(() => {
			const s = t.screen();
			return s.includes(name) && s.split('\n').some((l) => /[▾▸] bthx/.test(l)) ? s : null;
		}, 'the hostile container on screen', 15_000);
		await sleep(1500); // a few more frames (uptime ticks) for any late effect to land

		const [title, bell, alt, mouse, insert, keypad] = t.show(FLAGS).split('|');
		assert.equal(title, 'guard', 'pane title changed');
		assert.equal(bell, '0', 'bell rang');
		assert.equal(alt, '1', 'left the alternate screen');
		assert.equal(mouse, '0', 'mouse reporting switched on');
		assert.equal(insert, '0', 'insert mode switched on');
		assert.equal(keypad, '0', 'keypad mode switched on');
		assert.doesNotMatch(t.buffers(), /PWNED/, 'clipboard (OSC 52) written');

		const now = t.screen();
		for (const s of [screen, now]) {
			const lines = s.split('\n');
			assert.match(lines[0]!, /^berth /, `screen cleared or overwritten: first line is ${JSON.stringify(lines[0])}`);
			assert.doesNotMatch(s, /PWNED/);
			const projectRow = lines.find((l) => new RegExp(`[▾▸] ${tag}`).test(l));
			assert.ok(projectRow, 'project row');
			assert.ok(projectRow.includes(`${tag}^Gp`), `project label not shown inert: ${projectRow}`);
			const serviceRow = lines.find((l) => /[▾▸] svc/.test(l));
			assert.ok(serviceRow, 'service row');
			assert.ok(serviceRow.includes('svcqqqMOVED'), `service label not shown inert (cursor moved or charset switched): ${serviceRow}`);
			assert.ok(!lines[0]!.includes('MOVED'), 'cursor moved to 1;1');
		}

		t.keys('q');
		await waitFor(() => !t.alive(), 'berth exits on q', 5000);
	});

	it('healthcheck output and log lines: logs, inspect and doctor panes and `berth doctor` stay inert', async () => {
		const name = uniqueName('eschealth');
		runContainer({
			name,
			health: {cmd: `printf '\\033]2;PWNED-HEALTH\\007\\033[2J\\033[?1049l'; exit 1`, interval: '1s', retries: 1},
			cmd: ['sh', '-c', `printf '\\033]2;PWNED-LOG\\007\\033[?1049l\\033[2Jlogline-visible\\n'; sleep 600`],
		});
		await waitFor(() => spawnSync('docker', ['inspect', '-f', '{{.State.Health.Status}}', name], {encoding: 'utf8'}).stdout.trim() === 'unhealthy', 'unhealthy', 15_000);
		const doc = spawnSync(process.execPath, ['dist/cli.js', 'doctor'], {encoding: 'utf8'});
		assert.ok(doc.stdout.includes(`${name} is unhealthy`), doc.stdout);
		// eslint-disable-next-line no-control-regex
		assert.doesNotMatch(doc.stdout + doc.stderr, /[\x00-\x08\x0b-\x1f\x7f\u0080-\u009f]/, 'berth doctor printed control characters');

		const t = new Tmux('main', 160, 40);
		terms.push(t);
		// berth's own mouse reporting off (BERTH_MOUSE=0): any mouse mode would be the labels' bytes
		t.start(`sh -c 'sleep 1; exec ${process.execPath} dist/cli.js'`, {TERM: 'xterm-256color', BERTH_MOUSE: '0'});
		t.tmux('select-pane', '-t', t.session, '-T', 'guard');
		await waitFor(() => t.screen().includes('Containers') && t.screen().includes('running'), 'first frame', 15_000);
		await sleep(300);
		t.keys('/');
		await waitFor(() => t.screen().includes('substring or /regex/'), 'filter input', 3000);
		t.tmux('send-keys', '-t', t.session, '-l', name);
		t.keys('Enter');
		await sleep(300);
		t.keys('j', 'Enter');
		await waitFor(() => t.screen().includes('logline-visible'), 'logs pane with the line', 10_000);
		// the inspect pane may show the payload as escaped text (YAML "\e]2;…", the command as written)
		const check = (where: string, payloadMayShow = false) => {
			const [title, bell, alt] = t.show(FLAGS).split('|');
			assert.equal(title, 'guard', `${where}: pane title changed`);
			assert.equal(bell, '0', `${where}: bell`);
			assert.equal(alt, '1', `${where}: left the alternate screen`);
			if (!payloadMayShow) assert.doesNotMatch(t.screen(), /PWNED/, `${where}: payload text on screen`);
			assert.match(t.screen().split('\n')[0]!, /^berth /, `${where}: screen cleared`);
		};
		check('logs pane');
		t.keys('6');
		await waitFor(() => t.screen().includes('Health'), 'inspect pane shows the health log', 10_000);
		await sleep(500);
		check('inspect pane', true);
		t.keys('7');
		await waitFor(() => t.screen().includes('unhealthy'), 'doctor pane', 15_000);
		await sleep(500);
		check('doctor pane');
		t.keys('q');
		await waitFor(() => !t.alive(), 'quits', 5000);
	});

	it('berth status prints the labels without a single escape or control byte', () => {
		runContainer({
			name: uniqueName('escstatus'),
			labels: {'com.docker.compose.project': PROJECT, 'com.docker.compose.service': SERVICE, 'com.docker.compose.oneoff': 'False'},
		});
		const r = spawnSync(process.execPath, ['dist/cli.js', 'status'], {encoding: 'utf8'});
		assert.equal(r.status, 0, r.stderr);
		const ours = r.stdout.split('\n').filter((l) => l.includes(tag) || l.includes('svc'));
		assert.ok(ours.some((l) => l.includes(`${tag}^Gp`)), r.stdout);
		assert.ok(ours.some((l) => l.includes('svcqqqMOVED')), r.stdout);
		// eslint-disable-next-line no-control-regex
		assert.doesNotMatch(r.stdout, /[\x00-\x08\x0b-\x1f\x7f\u0080-\u009f]/);
		const json = spawnSync(process.execPath, ['dist/cli.js', 'status', '--json'], {encoding: 'utf8'});
		assert.doesNotMatch(json.stdout, /[\x00-\x08\x0b-\x1f\x7f\u0080-\u009f]/, 'JSON escapes controls');
		assert.ok(json.stdout.includes(String.raw`\u001b]2;PWNED-TITLE`), 'JSON keeps the raw value, escaped');
	});
});
