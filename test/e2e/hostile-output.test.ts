/**
 * Nothing untrusted reaches the terminal raw (issue 13): a corpus of hostile strings (ESC/CSI/OSC/DCS
 * in 7-bit and 8-bit C1 forms, bidi overrides, NUL, BEL, CR/backspace, very long strings, invalid
 * UTF-8) put into every field berth prints, on the real engine:
 * - containers: compose project/service labels, berth.group, other labels, healthcheck output, log
 *   lines; one running and unhealthy, one exited non-zero, one created wanting the same host port;
 * - an image loaded from a hand-made `docker save` tarball whose config has a hostile architecture,
 *   variant and labels, from a file whose name is hostile;
 * - compose files: hostile service names and x-berth groups (errors), hostile environment values,
 *   env_file and .env content, labels, bind-mount paths, a healthcheck that prints hostile output
 *   (a real `deploy`, which fails on it);
 * - berth's config file: hostile tags.mappings.
 * Every command then runs as the built CLI, text and --json; the test fails if stdout or stderr holds
 * any C0 control but tab and newline, DEL, any C1 control, any bidi control or invalid UTF-8. The
 * output must still show the field (a marker), and --json must give back the exact value.
 */
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, unlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {stringify} from 'yaml';
import {cleanup, docker, IMAGE, RUN_ID, sleep, TEST_LABEL, uniqueName, waitFor} from '../helpers/engine.js';
import {assertInert, HOSTILE, HOSTILE_NUL, PRINTF_HOSTILE, showsMarker} from '../helpers/hostile.js';
import {inParallel, spawnBytes} from '../helpers/cli.js';
import {Tmux} from '../helpers/tmux.js';

const E = '\x1b';
const CLI = resolve('dist/cli.js');
const tmp = mkdtempSync(join(tmpdir(), 'berth-hostile-'));
const REPO = `bt-sanitize-${process.pid}`;
const IMAGE_REF = `${REPO}:hostile`;
const PROJECT = `btsanitize${process.pid}`;
const PORT = 20000 + (process.pid % 9000);

const ARCH = `amd64${HOSTILE.osc0}${HOSTILE.c1}${HOSTILE_NUL}`;
const VARIANT = `${HOSTILE.osc52}${HOSTILE.bidi}`;
const LABELS_A = {
	'com.docker.compose.project': `${HOSTILE.osc0}${HOSTILE.c1}`,
	'com.docker.compose.service': `${HOSTILE.csi}${HOSTILE.bidi}`,
	'berth.group': HOSTILE.osc52,
	'hx.long': HOSTILE.long,
	'hx.other': `${HOSTILE.dcs}${HOSTILE.esc2}${HOSTILE.bel}${HOSTILE.overwrite}${HOSTILE.osc8}`,
};
const LABELS_B = {'com.docker.compose.project': HOSTILE.osc2st, 'com.docker.compose.service': HOSTILE.oscOpen, 'berth.group': HOSTILE.c1};
const LABELS_C = {'com.docker.compose.service': HOSTILE.esc2};
const A = uniqueName('sanitize-a');
const B = uniqueName('sanitize-b');
const C = uniqueName('sanitize-c');
const LOAD_DIR = join(tmp, 'images');
const CONFIG_DIR = join(tmp, 'config');
const COMPOSE_DIR = join(tmp, 'compose');
const STATE_DIR = join(tmp, 'state');
const HOSTILE_FILE = `hxq${E}]0;PWNED-FILE\x07\u202e\u009b2J.tar`;

function labelArgs(labels: Record<string, string>): string[] {
	return Object.entries({[TEST_LABEL]: RUN_ID, ...labels}).flatMap(([k, v]) => ['--label', `${k}=${v}`]);
}

/** `docker save` the test image, give its config a hostile architecture, variant and labels, tar it again. */
function hostileImageTar(): Buffer {
	const dir = join(tmp, 'save');
	mkdirSync(dir, {recursive: true});
	docker('save', IMAGE, '-o', join(tmp, 'base.tar'));
	spawnSync('tar', ['-xf', join(tmp, 'base.tar'), '-C', dir], {stdio: 'inherit'});
	const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Array<{Config: string; RepoTags: string[]; Layers: string[]}>;
	const config = JSON.parse(readFileSync(join(dir, manifest[0]!.Config), 'utf8')) as Record<string, unknown> & {config: Record<string, unknown>};
	unlinkSync(join(dir, manifest[0]!.Config));
	config['architecture'] = ARCH;
	config['variant'] = VARIANT;
	config.config['Labels'] = {[TEST_LABEL]: RUN_ID, 'hx.image': `${HOSTILE.dcs}${HOSTILE_NUL}`};
	writeFileSync(join(dir, 'hostile.json'), JSON.stringify(config));
	manifest[0]!.Config = 'hostile.json';
	manifest[0]!.RepoTags = [IMAGE_REF];
	writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
	rmSync(join(dir, 'repositories'), {force: true});
	spawnSync('tar', ['-cf', join(tmp, 'hostile.tar'), '-C', dir, '.'], {stdio: 'inherit'});
	return readFileSync(join(tmp, 'hostile.tar'));
}

/** Compose files: one valid (hostile values), one invalid (hostile names), one with hostile bind mounts. */
function writeComposeFiles(): void {
	mkdirSync(COMPOSE_DIR, {recursive: true});
	// a hostile value used through interpolation (8-bit CSI as UTF-8 C2 9B)
	writeFileSync(join(COMPOSE_DIR, '.env'), Buffer.concat([Buffer.from('HXVAR=hxs'), Buffer.from([0xc2, 0x9b]), Buffer.from(`2J${E}]0;PWNED-ENV\x07\u202e\n`)]));
	// raw invalid UTF-8 (and a raw 0x9b byte) in a compose file and its .env (docker-compose v1
	// cannot read such a .env, so this project is only validated and rendered, not deployed)
	mkdirSync(join(COMPOSE_DIR, 'utf8'));
	writeFileSync(join(COMPOSE_DIR, 'utf8', '.env'), Buffer.concat([Buffer.from('HXBAD=hxx'), Buffer.from([0xff, 0xfe, 0x9b]), Buffer.from('2J\n')]));
	writeFileSync(join(COMPOSE_DIR, 'utf8', 'compose.yaml'), 'services:\n  u:\n    image: busybox\n    environment:\n      BAD: ${HXBAD}\n    labels:\n      hx: "hxo\\e]0;PWNED-YAML\\a\\x9b2J\\u202e\\0"\n');
	writeFileSync(join(COMPOSE_DIR, 'utf8', 'broken.yaml'), Buffer.concat([Buffer.from('services:\n  u:\n    image: busybox\n    environment:\n      RAW: "hxo'), Buffer.from([0xff, 0xc3, 0x28, 0x9b]), Buffer.from('2J"\n')]));
	writeFileSync(join(COMPOSE_DIR, 'hx.env'), `HXFILE=hxt${E}]52;c;UFdO\x07\u009d0;T\u009c\n`);
	const health = {test: ['CMD-SHELL', `printf '${PRINTF_HOSTILE}'; exit 1`], interval: '1s', timeout: '2s', retries: 1};
	const good = {
		services: {
			web: {
				image: IMAGE_REF,
				command: ['sh', '-c', `printf '${PRINTF_HOSTILE}\\n'; sleep 600`],
				init: true,
				labels: {[TEST_LABEL]: RUN_ID, 'hx.label': `${HOSTILE_NUL}${HOSTILE.bidi}`, 'hx.interp': '${HXVAR}'},
				// (no NUL here: the runtime refuses it in environment values)
				environment: {HX: `${HOSTILE.osc52}${HOSTILE.csi}`},
				env_file: ['hx.env'],
				healthcheck: health,
				stop_grace_period: '1s',
			},
		},
		'x-berth': {groups: {foundation: ['web']}},
	};
	writeFileSync(join(COMPOSE_DIR, 'good.yaml'), stringify(good));
	const bad = {
		name: `hxu${E}]0;PWNED-NAME\x07`,
		services: {[HOSTILE.osc0]: {image: IMAGE_REF}, [HOSTILE.c1]: {image: IMAGE_REF, depends_on: [HOSTILE.bidi]}},
		'x-berth': {groups: {[HOSTILE.osc52]: [HOSTILE.csi], foundation: [HOSTILE.dcs]}},
	};
	writeFileSync(join(COMPOSE_DIR, 'bad.yaml'), stringify(bad));
	const mounts = {services: {m: {image: IMAGE_REF, volumes: [`./hxv${E}]0;PWNED-MOUNT\x07\u202e\u009b2J:/data`, `./hxw${E}[2J/conf.yml:/etc/x.yml`]}}};
	writeFileSync(join(COMPOSE_DIR, 'mounts.yaml'), stringify(mounts));
}

interface Run {
	code: number | null;
	stdout: string;
	stderr: string;
}

/** The built CLI, without blocking (independent runs overlap: see inParallel); output checked inert as written. */
async function berth(...args: string[]): Promise<Run> {
	const r = await spawnBytes(process.execPath, [CLI, ...args], {
		cwd: tmp,
		env: {...process.env, BERTH_CONFIG_DIR: CONFIG_DIR, XDG_STATE_HOME: STATE_DIR, NO_COLOR: '1', COLUMNS: '200'},
		maxBuffer: 64 * 1024 * 1024,
		timeout: 180_000,
	});
	const where = `berth ${args.map((a) => JSON.stringify(a)).join(' ')}`;
	return {code: r.code, stdout: assertInert(r.out, `${where} (stdout)`), stderr: assertInert(r.err, `${where} (stderr)`)};
}

/** Text run: inert (checked in berth()), exit code as expected, and a hostile field shown. */
async function text(args: string[], codes: number[], markers = ['hx']): Promise<Run> {
	const r = await berth(...args);
	assert.ok(codes.includes(r.code ?? -1), `berth ${args.join(' ')}: exit ${r.code}, wanted ${codes.join('/')}\n${r.stderr.slice(0, 2000)}`);
	assert.ok(showsMarker(r.stdout + r.stderr, markers), `berth ${args.join(' ')} shows none of ${markers.join(', ')}:\n${(r.stdout + r.stderr).slice(0, 2000)}`);
	return r;
}

/** JSON run: inert, parses, and the caller checks the exact values in it. */
async function json<T = unknown>(args: string[], codes: number[]): Promise<T> {
	const r = await berth(...args, '--json');
	assert.ok(codes.includes(r.code ?? -1), `berth ${args.join(' ')} --json: exit ${r.code}, wanted ${codes.join('/')}\n${r.stderr.slice(0, 2000)}`);
	return JSON.parse(r.stdout) as T;
}

/** Every string anywhere in a JSON value. */
function strings(v: unknown, out: string[] = []): string[] {
	if (typeof v === 'string') out.push(v);
	else if (Array.isArray(v)) for (const x of v) strings(x, out);
	else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) strings(x, strings(k, out));
	return out;
}

const has = (v: unknown, exact: string) => strings(v).includes(exact);
const hasPart = (v: unknown, part: string) => strings(v).some((s) => s.includes(part));

describe('hostile strings through every CLI command (built CLI, real engine)', {timeout: 600_000}, () => {
	before(async () => {
		mkdirSync(LOAD_DIR, {recursive: true});
		mkdirSync(CONFIG_DIR, {recursive: true});
		const tar = hostileImageTar();
		docker('load', '-i', join(tmp, 'hostile.tar'));
		writeFileSync(join(LOAD_DIR, HOSTILE_FILE), tar);
		writeFileSync(join(CONFIG_DIR, 'config.json'), JSON.stringify({tags: {mappings: [{from: IMAGE_REF, to: `${REPO}:hx${E}]0;PWNED-TAG\x07\u202e`}, {from: `${REPO}-missing:hxy${HOSTILE.c1}`, to: `${REPO}:ok`}]}}));
		writeComposeFiles();
		const health = ['--health-cmd', `printf '${PRINTF_HOSTILE}'; exit 1`, '--health-interval', '1s', '--health-retries', '1'];
		docker('run', '-d', '--init', '--name', A, ...labelArgs(LABELS_A), '-p', `127.0.0.1:${PORT}:80`, ...health, IMAGE_REF, 'sh', '-c', `printf '${PRINTF_HOSTILE}\\n'; sleep 600`);
		docker('run', '-d', '--init', '--name', B, ...labelArgs(LABELS_B), IMAGE_REF, 'sh', '-c', `printf '${PRINTF_HOSTILE}\\n${PRINTF_HOSTILE}\\n'; exit 3`);
		docker('create', '--name', C, ...labelArgs(LABELS_C), '-p', `127.0.0.1:${PORT}:80`, IMAGE, 'sleep', '600');
		await waitFor(() => docker('inspect', '-f', '{{.State.Health.Status}}', A) === 'unhealthy', `${A} unhealthy`, 30_000, 200);
		await waitFor(() => docker('inspect', '-f', '{{.State.Status}}', B) === 'exited', `${B} exited`, 30_000, 200);
	});

	after(() => {
		try {
			spawnSync('docker-compose', ['-p', PROJECT, '-f', join(COMPOSE_DIR, 'good.yaml'), 'down', '-v', '-t', '1'], {cwd: COMPOSE_DIR, stdio: 'ignore'});
		} finally {
			cleanup();
			// our image (its config carries the run label, so its id is ours alone) and its tags
			const ids = docker('images', '-q', '--filter', `label=${TEST_LABEL}=${RUN_ID}`).split('\n').filter(Boolean);
			if (ids.length) spawnSync('docker', ['rmi', '-f', ...new Set(ids)], {stdio: 'ignore'});
			rmSync(tmp, {recursive: true, force: true});
		}
	});

	it('the crafted image really carries the hostile architecture', () => {
		assert.equal(JSON.parse(docker('image', 'inspect', IMAGE_REF, '--format', '{{json .Architecture}}')), ARCH);
	});

	// Within each test below, runs that only read (and the checks on each) overlap, three at a time
	// (inParallel: the first failure in list order is reported); runs that change something (a
	// restart, a tag, a load, a deploy) keep their order.
	it('status', async () => {
		await inParallel<unknown>([
			() => text(['status'], [0]),
			async () => {
				const s = await json<{containers: Array<{name: string; project: string | null; service: string | null}>}>(['status'], [0]);
				const a = s.containers.find((c) => c.name === A);
				assert.equal(a?.project, LABELS_A['com.docker.compose.project']);
				assert.equal(a?.service, LABELS_A['com.docker.compose.service']);
			},
		]);
	});

	it('doctor', async () => {
		await inParallel<unknown>([
			() => text(['doctor'], [1]),
			async () => {
				const d = await json<{findings: Array<{container: string; service: string | null; message: string}>}>(['doctor'], [1]);
				assert.ok(d.findings.some((f) => f.container === A && f.service === LABELS_A['com.docker.compose.service']), 'finding for A with its exact service label');
				assert.ok(d.findings.some((f) => f.container === B), 'finding for B');
			},
		]);
	});

	it('ports and ports check', async () => {
		await inParallel<unknown>([
			() => text(['ports'], [0]),
			async () => {
				const p = await json<{ports: Array<{container: string; project: string | null; service: string | null}>}>(['ports'], [0]);
				const a = p.ports.find((x) => x.container === A);
				assert.equal(a?.project, LABELS_A['com.docker.compose.project']);
				assert.equal(a?.service, LABELS_A['com.docker.compose.service']);
			},
			() => text(['ports', 'check', String(PORT)], [1], [A]),
			() => json(['ports', 'check', String(PORT)], [1]),
		]);
	});

	it('arch-info', async () => {
		await inParallel<unknown>([
			() => text(['arch-info'], [0]),
			async () => {
				const r = await json<{images: Array<{repo_tags: string[]; arch: string; variant: string}>}>(['arch-info'], [0]);
				const img = r.images.find((i) => i.repo_tags.includes(IMAGE_REF));
				assert.equal(img?.arch, ARCH.toLowerCase());
				assert.equal(img?.variant, VARIANT);
			},
		]);
	});

	it('list-images', async () => {
		await inParallel<unknown>([
			() => text(['list-images'], [0]),
			async () => {
				const rows = await json<Array<{repository: string; tag: string; arch: string}>>(['list-images'], [0]);
				assert.ok(rows.some((r) => r.repository === REPO && r.arch.includes('hxa')));
			},
		]);
	});

	it('images, images history, events (the resource commands)', async () => {
		await inParallel<unknown>([
			() => text(['images', '--filter', `label=${TEST_LABEL}=${RUN_ID}`], [0]),
			async () => {
				const rows = await json<Array<{repo_tags: string[]; architecture: string; variant: string | null}>>(['images', '--filter', `label=${TEST_LABEL}=${RUN_ID}`], [0]);
				const img = rows.find((r) => r.repo_tags.includes(IMAGE_REF));
				assert.equal(img?.architecture, ARCH.toLowerCase());
				assert.equal(img?.variant, VARIANT);
			},
			() => text(['images', 'history', IMAGE_REF], [0], ['']),
		]);
		// a fresh event whose attributes are the hostile labels (the engine keeps only its last 256)
		const t0 = Math.floor(Date.now() / 1000) - 1;
		const ev = uniqueName('sanitize-ev');
		docker('create', '--name', ev, ...labelArgs(LABELS_A), IMAGE);
		const t1 = Math.ceil(Date.now() / 1000) + 1;
		const args = ['events', '--since', String(t0), '--until', String(t1), '--filter', `container=${ev}`];
		await inParallel<unknown>([
			() => text(args, [0]),
			async () => {
				const r = await berth(...args, '--json');
				assert.equal(r.code, 0, r.stderr);
				const created = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as {action: string; attributes: Record<string, string>}).find((e) => e.action === 'create');
				assert.equal(created?.attributes['hx.other'], LABELS_A['hx.other']);
			},
		]);
	});

	it('setup-tags (dry run and real, with hostile config mappings)', async () => {
		await inParallel<unknown>([
			() => text(['setup-tags', '--dry-run', '--only', REPO], [0, 1]),
			async () => {
				const d = await json(['setup-tags', '--dry-run', '--only', REPO], [0, 1]);
				assert.ok(hasPart(d, `${E}]0;PWNED-TAG`), 'the mapping is given back exactly');
			},
		]);
		// the real runs tag images: one after the other
		await text(['setup-tags', '--only', REPO], [1]);
		await json(['setup-tags', '--only', REPO], [1]);
	});

	it('load-images (hostile file name, hostile config)', async () => {
		await text(['load-images', LOAD_DIR], [0, 1]);
		const r = await json(['load-images', LOAD_DIR], [0, 1]);
		assert.ok(has(r, HOSTILE_FILE), 'the file name is given back exactly');
	});

	it('restart-container', async () => {
		await text(['restart-container', '-t', '1', A], [0], [A]);
		await json(['restart-container', '-t', '1', A], [0]);
		// a hostile argument: the engine's error is printed inert (it need not quote the name)
		await text(['restart-container', `hxz${E}]0;PWNED-ARG\x07\u202e`], [1], ['berth:']);
	});

	it('validate, config, check-mount-dirs (compose files with hostile names and values)', async () => {
		const bad = join(COMPOSE_DIR, 'bad.yaml');
		const good = join(COMPOSE_DIR, 'good.yaml');
		const mounts = join(COMPOSE_DIR, 'mounts.yaml');
		const utf8 = join(COMPOSE_DIR, 'utf8', 'compose.yaml');
		const broken = join(COMPOSE_DIR, 'utf8', 'broken.yaml');
		// files only read (check-mount-dirs without --create makes nothing)
		await inParallel<unknown>([
			() => text(['validate', '-f', bad], [2]),
			async () => {
				const v = await json(['validate', '-f', bad], [2]);
				assert.ok(hasPart(v, HOSTILE.c1), 'diagnostics quote the name exactly');
			},
			() => text(['validate', '-f', good], [0], ['valid']),
			() => text(['config', '-f', good], [0]),
			async () => {
				const c = await json(['config', '-f', good], [0]);
				assert.ok(has(c, `${HOSTILE.osc52}${HOSTILE.csi}`), 'environment values given back exactly');
				assert.ok(hasPart(c, HOSTILE_NUL), 'labels given back exactly');
			},
			() => text(['config', '-f', good, '--services'], [0], ['web']),
			() => text(['validate', '-f', utf8], [0], ['valid']),
			() => text(['config', '-f', utf8], [0], ['hxo']),
			() => text(['config', '-f', utf8], [0], ['hxx']),
			() => json(['config', '-f', utf8], [0]),
			() => text(['validate', '-f', broken], [2], ['invalid UTF-8']),
			() => json(['validate', '-f', broken], [2]),
			() => text(['config', '-f', broken], [2], ['invalid UTF-8']),
			() => text(['config', '-f', bad], [2]),
			() => json(['config', '-f', bad], [2]),
			() => text(['check-mount-dirs', '-f', mounts], [1]),
			async () => {
				const m = await json(['check-mount-dirs', '-f', mounts], [1]);
				assert.ok(hasPart(m, `hxv${E}]0;PWNED-MOUNT`));
			},
		]);
	});

	it('deploy (a failing healthcheck with hostile output), compose actions, doctor of the project', async () => {
		const good = join(COMPOSE_DIR, 'good.yaml');
		await text(['deploy', '-f', join(COMPOSE_DIR, 'bad.yaml'), '-p', PROJECT], [2]);
		await text(['deploy', '-f', good, '-p', PROJECT, '--dry-run'], [0, 1]);
		await text(['deploy', '-f', good, '-p', PROJECT, '--timeout', '60'], [1], ['hxp']);
		const d = await json(['deploy', '-f', good, '-p', PROJECT, '--timeout', '60'], [1]);
		assert.ok(hasPart(d, 'hxp'), 'the health output is in the report');
		// while the service is unhealthy (a restart starts its healthcheck over); both only read
		await inParallel<unknown>([() => text(['doctor', '-p', PROJECT], [1], ['hxp']), () => json(['doctor', '-p', PROJECT], [1])]);
		await text(['restart', '-f', good, '-p', PROJECT, '-t', '1'], [0], ['web']);
		await json(['restart', '-f', good, '-p', PROJECT, '-t', '1'], [0]);
		// the audit trail of the actions above (its targets are the hostile compose project's): reads
		await inParallel<unknown>([
			() => text(['audit'], [0], ['restart']),
			() => json(['audit'], [0]),
			() => text(['audit', 'verify'], [0], ['chain intact']),
			() => json(['audit', 'verify'], [0]),
		]);
	});

	it('the real dashboard in a terminal: every pane over the hostile containers, the raw byte stream holds no hostile sequence', async () => {
		const t = new Tmux('main', 160, 45);
		const raw = join(tmp, 'dashboard.raw');
		try {
			// berth's own mouse reporting off (BERTH_MOUSE=0): any mouse mode would be the hostile bytes'
			t.start(`sh -c 'sleep 1; exec ${process.execPath} ${CLI}'`, {TERM: 'xterm-256color', BERTH_MOUSE: '0', BERTH_CONFIG_DIR: CONFIG_DIR, XDG_STATE_HOME: STATE_DIR});
			// everything the program writes to the terminal, as written
			t.tmux('pipe-pane', '-O', '-t', t.session, `cat > '${raw}'`);
			t.tmux('select-pane', '-t', t.session, '-T', 'guard');
			await waitFor(() => t.screen().includes('running'), 'first frame', 20_000);
			t.keys('/');
			await waitFor(() => t.screen().includes('substring or /regex/'), 'filter input', 5000);
			t.tmux('send-keys', '-t', t.session, '-l', `sanitize-`);
			t.keys('Enter');
			await waitFor(() => t.screen().includes(A), 'our containers listed', 10_000);
			// down to a container row (project row, service row, container), then every pane
			for (const k of ['j', 'j', 'j']) t.keys(k);
			await sleep(300);
			for (const k of ['1', '2', '3', '4', '5', '6', '7', '?', 'Escape', '1']) {
				t.keys(k);
				await sleep(900);
			}
			const [title] = t.show('#{pane_title}|#{window_bell_flag}|#{alternate_on}|#{mouse_any_flag}').split('|');
			assert.equal(title, 'guard', 'pane title changed');
			assert.doesNotMatch(t.buffers(), /PWNED|UFdO/, 'clipboard (OSC 52) written');
			t.tmux('pipe-pane', '-t', t.session);
			const bytes = readFileSync(raw);
			assert.ok(bytes.length > 1000, 'the capture holds the frames');
			const s = new TextDecoder('utf-8', {fatal: true}).decode(bytes);
			assert.ok(s.includes('hx'), 'hostile fields were drawn');
			// berth's and Ink's own sequences are CSI (cursor, erase, SGR, modes) only: no string
			// sequence (OSC/DCS/SOS/PM/APC), no C1, no bidi, no NUL, no BEL, none of the corpus' CSI
			// eslint-disable-next-line no-control-regex
			const bad = /\x1b[\]P_^X]|[\u0080-\u009f\u202a-\u202e\u2066-\u2069\u0000\u0007]|\x1b\[(6n|21t|\?1000h|\?1049l|1;1H)|\x1b[c7=#(]/u.exec(s);
			assert.equal(bad, null, `raw ${JSON.stringify(bad?.[0])} at ${bad?.index}: ${JSON.stringify(s.slice(Math.max(0, (bad?.index ?? 0) - 60), (bad?.index ?? 0) + 60))}`);
			t.keys('q');
			await waitFor(() => !t.alive(), 'berth exits on q', 10_000).catch((err: Error) => {
				throw new Error(`${err.message}\n${t.screen()}`);
			});
		} finally {
			t.kill();
		}
	});

	it('the corpus files exist as written (sanity)', () => {
		assert.ok(readdirSync(LOAD_DIR).includes(HOSTILE_FILE));
	});
});
