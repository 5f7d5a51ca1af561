/**
 * The images, volumes and networks panes (keys 8, 9, 0) against the real engine, on objects this
 * test creates (labelled berth.test=<run id>, unique names): rows, filter, sort, the confirm
 * dialogs with their outcome, the refusals (in use; a read-only or viewer user), and hostile names.
 * The lists come from the resource manager (state/effects/resources.ts) as the dashboard runs it,
 * refreshed by the engine's events (no reload is asked for by the test).
 */
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {createResourceManager, type ResourceManager} from '../../source/state/effects/resources.js';
import type {Store} from '../../source/state/store.js';
import type {Action, State} from '../../source/state/types.js';
import {keymap, visibleBindings} from '../../source/ui/keymap.js';
import {startFakeRegistry} from '../engine/fake-registry.js';
import {assertInert} from '../helpers/hostile.js';
import {RUN_ID, TEST_LABEL, cleanup, docker, testEngine, uniqueName, waitFor} from '../helpers/engine.js';
import {KEY, mount, type Harness} from './harness.js';
import {startContainerSync, type ContainerSync} from '../../source/state/effects/containers.js';
import {initialState, reducer} from '../../source/state/reducer.js';
import {createStore} from '../../source/state/store.js';

// an audit log of this test's own (the refusals and the changes leave a line each)
const dir = mkdtempSync(join(tmpdir(), 'berth-panes-'));
const AUDIT = join(dir, 'audit.log');
const POLICY = join(dir, 'policy.yaml');
writeFileSync(POLICY, `audit_log: ${AUDIT}\ndefault_role: admin\n`);
chmodSync(POLICY, 0o644);
process.env['BERTH_POLICY'] = POLICY;
const auditLines = () => (existsSync(AUDIT) ? readFileSync(AUDIT, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, any>) : []);

const LABEL = `${TEST_LABEL}=${RUN_ID}`;
const REPO = `bt-panes-${process.pid}-${Date.now().toString(36)}/img`;
const made = {images: [] as string[], volumes: [] as string[], networks: [] as string[]};

/** An image of our own, labelled (`docker import` of a one-file tar): tagged `ref`, or dangling without one. */
function importImage(ref = ''): string {
	const d = mkdtempSync(join(tmpdir(), 'berth-panes-img-'));
	writeFileSync(join(d, 'f'), `${RUN_ID} ${Math.random()}`);
	const id = execFileSync('sh', ['-c', `tar -cf - -C ${d} f | docker import --change 'LABEL ${LABEL}' - ${ref}`], {encoding: 'utf8'}).trim();
	rmSync(d, {recursive: true, force: true});
	made.images.push(ref || id);
	return ref || id;
}
const danglingImage = () => importImage();

const exists = (kind: 'image' | 'volume' | 'network', name: string) => {
	try {
		docker(kind, 'inspect', name);
		return true;
	} catch {
		return false;
	}
};

interface Rig {
	store: Store<State, Action>;
	manager: ResourceManager;
	sync: ContainerSync;
	h: Harness;
}

/**
 * The dashboard's wiring (state/effects/index.ts): the container sync's one /events stream feeds the
 * resource manager (no stream of its own); prunes limited to this test's label.
 */
async function rig(opts: {readOnly?: boolean; allowed?: (id: string) => boolean; columns?: number; rows?: number} = {}): Promise<Rig> {
	await testEngine();
	const store = createStore(reducer, initialState());
	let manager: ResourceManager | null = null;
	const sync = startContainerSync(store, {onEvent: (e) => manager?.push(e)});
	manager = createResourceManager(store, sync.engine, {pruneLabels: [LABEL], burstMs: 50, fed: true});
	await waitFor(() => store.getState().connection.status === 'connected', 'connected', 15_000);
	const bindings = visibleBindings(keymap, {readOnly: opts.readOnly, ...(opts.allowed ? {allowed: opts.allowed} : {})});
	const h = await mount(store, {columns: opts.columns ?? 160, rows: opts.rows ?? 40, bindings, services: {resources: manager, readOnly: opts.readOnly ?? false, ...(opts.allowed ? {allowed: opts.allowed} : {})}});
	return {store, manager, sync, h};
}

const stop = (r: Rig) => {
	r.h.unmount();
	r.manager.stop();
	r.sync.stop();
};

/** Type into the input line (one key at a time, as a person does) and press enter. */
async function type(h: Harness, text: string, enter = true): Promise<string> {
	await h.press(...[...text]);
	return enter ? h.press(KEY.enter) : h.frame();
}

/** The list's rows (below the header, the tabs and the column titles; not the footer nor the "No … matches" line). */
const listLines = (frame: string) => frame.split('\n').slice(3, -1).filter((l) => !/^\s*No \w+ matches/.test(l));
const rowOf = (frame: string, needle: string) => listLines(frame).find((l) => l.includes(needle)) ?? '';

after(() => {
	cleanup();
	for (const i of made.images.reverse()) {
		try {
			docker('rmi', '-f', i);
		} catch {
			// gone
		}
	}
	for (const v of made.volumes) {
		try {
			docker('volume', 'rm', '-f', v);
		} catch {
			// gone
		}
	}
	for (const n of made.networks) {
		try {
			docker('network', 'rm', n);
		} catch {
			// gone
		}
	}
	rmSync(dir, {recursive: true, force: true});
});

describe('images pane (8)', () => {
	let used = '';
	let free = '';
	const user = uniqueName('panes-user');
	before(() => {
		used = importImage(`${REPO}:used`);
		free = importImage(`${REPO}:free`);
		// a container (created, never started: the image has no program) uses one of them
		docker('create', '--label', LABEL, '--name', user, used, '/nothing');
	});

	it('lists our tags with repository, tag, id, size, created, arch, used by; filter and sort as in the containers pane', async () => {
		// wide enough for the tab bar to say the selected image and the filter
		const r = await rig({columns: 200});
		try {
			let f = await r.h.press('8');
			f = await waitFor(() => (r.h.frame().includes(REPO) ? r.h.frame() : null), 'our images listed', 20_000);
			assert.match(f, / 8 Images /, 'the tab is there and active');
			for (const col of ['REPOSITORY', 'TAG', 'IMAGE ID', 'SIZE', 'CREATED', 'ARCH', 'USED BY', 'DANGLING']) assert.ok(f.includes(col), `${col} column\n${f}`);
			const id = docker('image', 'inspect', '-f', '{{.Id}}', used).replace('sha256:', '').slice(0, 12);
			const row = listLines(f).find((l) => l.includes(REPO) && l.includes(id)) ?? '';
			assert.ok(row, `the id shows\n${f}`);
			assert.ok(row.includes(' used '), row);
			assert.ok(row.includes('amd64'), `arch amd64 on an amd64 host, no flag\n${row}`);
			assert.ok(!/amd64 !/.test(row), 'no foreign-arch flag');
			assert.ok(row.includes(user), `used by names the container\n${f}`);
			assert.ok(!rowOf(f, 'free').includes(user), 'the free one is used by none');
			// filter: field:value of our own
			f = await r.h.press('/');
			f = await type(r.h, `tag:free repo:${REPO.split('/')[0]}`);
			const rows = listLines(f).filter((l) => l.includes(REPO));
			assert.equal(rows.length, 1, f);
			assert.ok(rows[0]!.includes('free'), f);
			assert.match(f.split('\n')[1]!, /filter tag:/, 'the tab bar says the filter');
			// a regex
			await r.h.press(KEY.esc);
			f = await r.h.press('/');
			f = await type(r.h, `/${REPO.replace(/[/]/g, '.')}:(used|free)/`);
			assert.equal(listLines(f).filter((l) => l.includes(REPO)).length, 2, f);
			// sort: o moves to the next column with its arrow; O reverses; the order agrees
			f = await r.h.press('o');
			assert.match(f, /TAG▲/, f);
			let order = listLines(f).filter((l) => l.includes(REPO)).map((l) => (l.includes('free') ? 'free' : 'used'));
			assert.deepEqual(order, ['free', 'used'], 'tag ▲: free before used');
			f = await r.h.press('O');
			assert.match(f, /TAG▼/, f);
			order = listLines(f).filter((l) => l.includes(REPO)).map((l) => (l.includes('free') ? 'free' : 'used'));
			assert.deepEqual(order, ['used', 'free'], 'tag ▼: used before free');
			// esc clears the filter
			f = await r.h.press(KEY.esc);
			assert.ok(!/filter /.test(f.split('\n')[1]!), f);
		} finally {
			stop(r);
		}
	});

	it('d on an image a container uses: asks, then refuses (in use), the image stays; d on a free tag removes it (the row goes by the events)', async () => {
		const c = user;
		const r = await rig();
		try {
			await r.h.press('8');
			await waitFor(() => r.h.frame().includes(c), 'used by shows our container', 20_000);
			await r.h.press('/');
			await type(r.h, `tag:used repo:${REPO.split('/')[0]}`);
			let f = await r.h.press('d');
			assert.ok(f.includes(`Remove image ${used}?`), f);
			assert.ok(f.includes(`used by ${c}`), `the dialog says who uses it\n${f}`);
			await r.h.press('y');
			f = await waitFor(() => (/✖/.test(r.h.frame()) ? r.h.frame() : null), 'refused: in use', 10_000).catch((e) => {
				throw new Error(`${(e as Error).message}\n${r.h.frame()}`);
			});
			assert.match(f.split('\n').at(-1)!, /✖ not removed: image /, f);
			assert.match(r.store.getState().ui.status?.text ?? '', new RegExp(`✖ not removed: image .*:used is used by 1 container: ${c}`), 'the whole message (:messages shows it)');
			assert.ok(exists('image', used), 'the image is still there');
			// the free tag goes
			await r.h.press(KEY.esc);
			await r.h.press('/');
			await type(r.h, `tag:free repo:${REPO.split('/')[0]}`);
			f = await r.h.press('d');
			assert.ok(f.includes(`Remove image ${free}?`), f);
			await r.h.press('y');
			await waitFor(() => !exists('image', free), 'the tag removed', 10_000);
			await waitFor(() => !listLines(r.h.frame()).some((l) => l.includes(REPO) && l.includes('free')), 'its row gone', 10_000);
			await waitFor(() => /✔ removed .*free/.test(r.h.frame()), 'the outcome on the status line', 10_000);
		} finally {
			stop(r);
		}
	});

	it('x prunes dangling images: the estimate in the dialog, the space reclaimed after (only our labelled ones)', async () => {
		const id = danglingImage();
		const short = id.replace('sha256:', '').slice(0, 12);
		const r = await rig();
		try {
			await r.h.press('8');
			await waitFor(() => r.h.frame().includes(short) || r.store.getState().resources.images.items.some((i) => i.id === id), 'the dangling image listed', 20_000);
			let f = await r.h.press('x');
			f = await waitFor(() => (r.h.frame().includes('Prune ') ? r.h.frame() : null), 'the prune dialog', 20_000);
			assert.match(f, /Prune 1 dangling images: about \d[\d.]*\s?k?B to reclaim\?/, f);
			assert.ok(f.includes(short), `the dialog lists it\n${f}`);
			await r.h.press('y');
			f = await waitFor(() => (/✔ pruned dangling images/.test(r.h.frame()) ? r.h.frame() : null), 'pruned', 20_000);
			assert.match(f, /reclaimed \d/, f);
			assert.ok(!exists('image', id), 'the dangling image is gone');
		} finally {
			stop(r);
		}
	});

	it('enter shows the layers (size, created by); esc returns to the list', async () => {
		const r = await rig();
		try {
			await r.h.press('8');
			await waitFor(() => r.h.frame().includes(REPO), 'listed', 20_000);
			await r.h.press('/');
			await type(r.h, `tag:used repo:${REPO.split('/')[0]}`);
			let f = await r.h.press(KEY.enter);
			f = await waitFor(() => (r.h.frame().includes('CREATED BY') && /\d+ layers/.test(r.h.frame()) ? r.h.frame() : null), 'history', 10_000);
			assert.ok(f.includes(`Layers of ${used}`), f);
			assert.match(f, /1 layers/, 'an imported image is one layer');
			const size = docker('image', 'history', '--format', '{{.Size}}', used).split('\n')[0]!;
			assert.ok(f.split('\n').some((l) => l.includes(size.replace(/\s/g, '').replace('kB', 'kB'))), `the layer's size (${size})\n${f}`);
			f = await r.h.press(KEY.esc);
			assert.ok(f.includes('REPOSITORY'), f);
		} finally {
			stop(r);
		}
	});

	it(':pull REF pulls with a bar per layer, then lists the image', async () => {
		const reg = await startFakeRegistry({layerBytes: 400_000, labels: {[TEST_LABEL]: RUN_ID}});
		const ref = `${reg.host}/bt-panes-pull-${process.pid}:v1`;
		made.images.push(ref);
		const r = await rig();
		try {
			await r.h.press('8');
			await waitFor(() => r.h.frame().includes('REPOSITORY'), 'pane', 10_000);
			let f = await r.h.press('p');
			assert.match(f, /:pull /, `p opens the command line with :pull\n${f}`);
			// ctrl+u clears what p filled in (the selected tag); then the reference
			await r.h.press('\x15');
			await type(r.h, `pull ${ref}`);
			// the bars: one line per layer with [###…] and a percentage
			f = await waitFor(() => (/pulled .*bt-panes-pull/.test(r.h.frame()) ? r.h.frame() : null), 'the pull done', 30_000);
			const bars = f.split('\n').filter((l) => /\[[#.]+\]\s+\d+%/.test(l));
			assert.equal(bars.length, 2, `a bar per layer (the registry serves two)\n${f}`);
			assert.ok(bars.every((l) => /100%/.test(l)), f);
			assert.ok(exists('image', ref), 'pulled');
			await waitFor(() => r.h.frame().includes(`bt-panes-pull-${process.pid}`), 'listed by the events', 10_000);
			const audit = auditLines().filter((l) => l['action'] === 'image-pull');
			assert.ok(audit.some((l) => l['result'] === 'ok' && l['via'] === 'tui'), JSON.stringify(audit));
		} finally {
			stop(r);
			await reg.close();
		}
	});

	it(':pull from a registry that does not answer: the error names the registry and says what to check', async () => {
		const r = await rig();
		try {
			await r.h.press('8');
			await waitFor(() => r.h.frame().includes('REPOSITORY'), 'pane', 10_000);
			await r.h.press(':');
			await type(r.h, `pull 127.0.0.1:1/bt-panes-nowhere-${process.pid}:v1`);
			const f = await waitFor(() => (/✖ pull 127\.0\.0\.1:1/.test(r.h.frame()) ? r.h.frame() : null), 'the pull box says it failed', 30_000).catch((e) => {
				throw new Error(`${(e as Error).message}\n${r.h.frame()}`);
			});
			const st = r.store.getState().ui.status;
			assert.equal(st?.kind, 'error', f);
			assert.match(st!.text, /cannot reach registry 127\.0\.0\.1:1/, st!.text);
			assert.match(st!.hint ?? '', /reachable|insecure-registries/, st!.hint);
			assert.equal(r.store.getState().resources.pull?.running, false);
			// esc clears the finished pull's box
			await r.h.press(KEY.esc);
			assert.equal(r.store.getState().resources.pull, null);
		} finally {
			stop(r);
		}
	});

	it('read-only: the change keys are not in the help nor the footer, pressing them does nothing; :pull is refused and audited', async () => {
		const r = await rig({readOnly: true});
		try {
			await r.h.press('8');
			await waitFor(() => r.h.frame().includes(REPO), 'listed', 20_000);
			let f = r.h.frame();
			assert.ok(!/\bd rm\b|\bx prune\b|\bp pull\b/.test(f.split('\n').at(-1)!), f);
			f = await r.h.press('?');
			assert.ok(!f.includes('Remove the image'), f);
			assert.ok(f.includes('Layers of the image'), 'reads stay');
			await r.h.press('?');
			f = await r.h.press('d');
			assert.ok(!f.includes('Remove image'), 'no dialog');
			const n0 = auditLines().length;
			await r.h.press(':');
			f = await type(r.h, 'pull bt-nothing/never:1');
			assert.match(f, /Read-only mode: actions are off/, f);
			const added = auditLines().slice(n0);
			assert.equal(added.length, 1, JSON.stringify(added));
			assert.equal(added[0]!['result'], 'refused');
			assert.equal(added[0]!['action'], 'image-pull');
		} finally {
			stop(r);
		}
	});
});

const VOL = `bt-panes-vol-${process.pid}-${Date.now().toString(36)}`;
function volume(name: string, labelled = true): string {
	docker('volume', 'create', ...(labelled ? ['--label', LABEL] : []), name);
	made.volumes.push(name);
	return name;
}
/** Viewer: every key that changes something is hidden and refused (ui/run.tsx gives a viewer this). */
const viewer = (id: string) => !keymap.find((b) => b.id === id)?.dangerous;

describe('volumes pane (9)', () => {
	const inUse = `${VOL}-inuse`;
	const free = `${VOL}-free`;
	const holder = uniqueName('panes-vol-holder');
	before(() => {
		volume(inUse);
		volume(free);
		docker('create', '--label', LABEL, '--name', holder, '-v', `${inUse}:/data`, 'tuitest/busybox:latest', 'true');
	});

	it('lists name, driver, size, used by, dangling, mountpoint; filter by field, sort both ways', async () => {
		const r = await rig();
		try {
			await r.h.press('9');
			let f = await waitFor(() => (r.h.frame().includes(free) ? r.h.frame() : null), 'our volumes listed', 20_000);
			for (const col of ['NAME', 'DRIVER', 'SIZE', 'USED BY', 'DANGLING', 'MOUNTPOINT']) assert.ok(f.includes(col), `${col}\n${f}`);
			assert.match(f, / 9 Volumes /);
			assert.ok(rowOf(f, inUse).includes(holder), `used by\n${f}`);
			assert.ok(/\byes\b/.test(rowOf(f, free)) && !/\byes\b/.test(rowOf(f, inUse)), 'dangling: the free one only');
			assert.ok(rowOf(f, free).includes('local'), 'driver');
			await r.h.press('/');
			f = await type(r.h, `dangling:yes name:${VOL}`);
			assert.deepEqual(listLines(f).filter((l) => l.includes(VOL)).map((l) => l.includes(free)), [true], f);
			await r.h.press(KEY.esc);
			await r.h.press('/');
			f = await type(r.h, `name:${VOL}`);
			assert.match(f, /NAME▲/);
			assert.deepEqual(listLines(f).filter((l) => l.includes(VOL)).map((l) => (l.includes(free) ? 'free' : 'inuse')), ['free', 'inuse']);
			f = await r.h.press('O');
			assert.match(f, /NAME▼/);
			assert.deepEqual(listLines(f).filter((l) => l.includes(VOL)).map((l) => (l.includes(free) ? 'free' : 'inuse')), ['inuse', 'free']);
		} finally {
			stop(r);
		}
	});

	it('d on a volume a container mounts is refused before asking; d on a free one asks and removes it', async () => {
		const r = await rig();
		try {
			await r.h.press('9');
			await waitFor(() => r.h.frame().includes(inUse), 'listed', 20_000);
			await r.h.press('/');
			await type(r.h, `name:${inUse}`);
			let f = await r.h.press('d');
			assert.ok(!f.includes('Remove volume'), `no dialog for a volume in use\n${f}`);
			assert.match(f.split('\n').at(-1)!, /✖ not removed: volume /, f);
			assert.equal(r.store.getState().ui.status?.text, `✖ not removed: volume ${inUse} is in use by ${holder}.`);
			assert.ok(exists('volume', inUse));
			await r.h.press(KEY.esc);
			await r.h.press('/');
			await type(r.h, `name:${free}`);
			f = await r.h.press('d');
			assert.ok(f.includes(`Remove volume ${free}?`), f);
			await r.h.press('y');
			await waitFor(() => !exists('volume', free), 'removed', 10_000);
			await waitFor(() => /✔ removed volume/.test(r.h.frame()) && !listLines(r.h.frame()).some((l) => l.includes(free)), 'row gone, outcome said', 10_000);
		} finally {
			stop(r);
		}
	});

	it('c creates a volume through :volume-create; x prunes ours with the estimate first and the space reclaimed after', async () => {
		const made1 = `${VOL}-made`;
		made.volumes.push(made1);
		const junk = volume(`${VOL}-junk`);
		const r = await rig();
		try {
			await r.h.press('9');
			await waitFor(() => r.h.frame().includes(inUse), 'listed', 20_000);
			let f = await r.h.press('c');
			assert.match(f, /:volume-create /, f);
			await type(r.h, made1);
			await waitFor(() => exists('volume', made1), 'created', 10_000);
			await waitFor(() => r.h.frame().includes(made1), 'its row (events)', 10_000);
			f = await r.h.press('x');
			f = await waitFor(() => (r.h.frame().includes('Prune ') ? r.h.frame() : null), 'the dialog', 20_000);
			// only our labelled dangling volume (the manager prunes what carries the test's label)
			assert.match(f, /Prune 1 unused volumes: about \d[\d.]*\s?k?B to reclaim\?/, f);
			assert.ok(f.includes(junk), f);
			await r.h.press('y');
			f = await waitFor(() => (/✔ pruned 1 unused volume, reclaimed/.test(r.h.frame()) ? r.h.frame() : null), 'pruned', 20_000);
			assert.ok(!exists('volume', junk));
			assert.ok(exists('volume', inUse) && exists('volume', made1), 'nothing else went');
		} finally {
			stop(r);
		}
	});

	it('as a viewer: c, d, x are hidden and do nothing; :volume-create is refused and audited', async () => {
		const r = await rig({allowed: viewer});
		try {
			await r.h.press('9');
			await waitFor(() => r.h.frame().includes(inUse), 'listed', 20_000);
			let f = await r.h.press('/');
			await type(r.h, `name:${VOL}`);
			f = await r.h.press('d');
			assert.ok(!f.includes('Remove volume'), f);
			f = await r.h.press('c');
			assert.ok(!f.includes(':volume-create'), f);
			assert.ok(!/ rm | new | prune /.test(f.split('\n').at(-1)!), `footer: ${f.split('\n').at(-1)}`);
			const n0 = auditLines().length;
			await r.h.press(KEY.esc, ':');
			f = await type(r.h, `volume-create ${VOL}-never`);
			assert.match(f, /Not allowed for your role: volume-create/, f);
			assert.ok(!exists('volume', `${VOL}-never`));
			const added = auditLines().slice(n0);
			assert.deepEqual(added.map((l) => [l['action'], l['result'], l['via']]), [['volume-create', 'refused', 'tui']]);
		} finally {
			stop(r);
		}
	});
});

const NET = `bt-panes-net-${process.pid}-${Date.now().toString(36)}`;
function network(name: string): string {
	docker('network', 'create', '--label', LABEL, name);
	made.networks.push(name);
	return name;
}

describe('networks pane (0)', () => {
	const busy = `${NET}-busy`;
	const idle = `${NET}-idle`;
	const member = uniqueName('panes-net-member');
	before(() => {
		network(busy);
		network(idle);
		docker('create', '--label', LABEL, '--name', member, '--network', busy, 'tuitest/busybox:latest', 'true');
	});

	it('lists name, driver, scope, subnet, attached containers; filter, sort', async () => {
		const r = await rig();
		try {
			await r.h.press('0');
			let f = await waitFor(() => (r.h.frame().includes(idle) ? r.h.frame() : null), 'listed', 20_000);
			assert.match(f, / 0 Networks /);
			for (const col of ['NAME', 'DRIVER', 'SCOPE', 'SUBNET', 'CONTAINERS']) assert.ok(f.includes(col), col);
			const subnet = JSON.parse(docker('network', 'inspect', '-f', '{{json .IPAM.Config}}', busy)) as Array<{Subnet: string}>;
			assert.ok(rowOf(f, busy).includes(subnet[0]!.Subnet), `subnet\n${f}`);
			assert.ok(rowOf(f, busy).includes(`1: ${member}`), `attached\n${f}`);
			assert.ok(/bridge\s+local/.test(rowOf(f, idle)), 'driver and scope');
			await r.h.press('/');
			f = await type(r.h, `name:${NET} containers:${member}`);
			assert.deepEqual(listLines(f).filter((l) => l.includes(NET)).map((l) => l.includes(busy)), [true], f);
			await r.h.press(KEY.esc);
			await r.h.press('/');
			await type(r.h, `name:${NET}`);
			// o: driver, scope, subnet, containers ▼ (the most attached first)
			for (let i = 0; i < 4; i++) f = await r.h.press('o');
			assert.match(f, /CONTAINERS▼/, f);
			assert.deepEqual(listLines(f).filter((l) => l.includes(NET)).map((l) => l.includes(busy)), [true, false]);
			f = await r.h.press('O');
			assert.match(f, /CONTAINERS▲/, f);
			assert.deepEqual(listLines(f).filter((l) => l.includes(NET)).map((l) => l.includes(busy)), [false, true]);
		} finally {
			stop(r);
		}
	});

	it('d: bridge never, a network in use refused, a free one asked and removed; c creates; :connect / :disconnect the container', async () => {
		const made1 = `${NET}-made`;
		made.networks.push(made1);
		const r = await rig();
		try {
			await r.h.press('0');
			await waitFor(() => r.h.frame().includes(idle), 'listed', 20_000);
			await r.h.press('/');
			await type(r.h, 'name:/^bridge$/');
			let f = await r.h.press('d');
			assert.match(f, /✖ bridge is one of the engine's own networks/, f);
			assert.ok(!f.includes('Remove network'));
			await r.h.press(KEY.esc, '/');
			await type(r.h, `name:${busy}`);
			f = await r.h.press('d');
			assert.match(f.split('\n').at(-1)!, /✖ not removed: network /, f);
			assert.equal(r.store.getState().ui.status?.text, `✖ not removed: network ${busy} is in use by ${member}.`);
			assert.ok(exists('network', busy));
			// connect the member to the idle network (the network selected here, the container named)
			await r.h.press(KEY.esc, '/');
			await type(r.h, `name:${idle}`);
			f = await r.h.press('a');
			assert.match(f, /:connect /, f);
			await type(r.h, member);
			await waitFor(() => docker('network', 'inspect', '-f', '{{len .Containers}}', idle) === '1' || docker('container', 'inspect', '-f', '{{json .NetworkSettings.Networks}}', member).includes(idle), 'connected', 10_000);
			await waitFor(() => rowOf(r.h.frame(), idle).includes(`1: ${member}`), 'the row shows it (events)', 10_000);
			f = await r.h.press('A');
			assert.ok(f.includes(`:disconnect ${member}`), `A fills in the attached container\n${f}`);
			await r.h.press(KEY.enter);
			await waitFor(() => !docker('container', 'inspect', '-f', '{{json .NetworkSettings.Networks}}', member).includes(idle), 'disconnected', 10_000);
			await waitFor(() => !rowOf(r.h.frame(), idle).includes(member), 'the row shows it', 10_000);
			// remove the idle one
			f = await r.h.press('d');
			assert.ok(f.includes(`Remove network ${idle}?`), f);
			await r.h.press('y');
			await waitFor(() => !exists('network', idle), 'removed', 10_000);
			// c: create
			await r.h.press(KEY.esc);
			f = await r.h.press('c');
			assert.match(f, /:network-create /);
			await type(r.h, made1);
			await waitFor(() => exists('network', made1), 'created', 10_000);
			await waitFor(() => /✔ created network/.test(r.h.frame()), 'said', 10_000);
		} finally {
			stop(r);
		}
	});

	it('hostile bytes in a network name and label reach the screen inert', async () => {
		const evil = `bt-panes-hx-${process.pid}\x1b]0;PWNED\x07\x1b[2J\u202eevil\x1b[31mred`;
		docker('network', 'create', '--label', LABEL, '--label', `hx=\x1b]52;c;UFdO\x07`, evil);
		made.networks.push(evil);
		const r = await rig();
		try {
			await r.h.press('0');
			await waitFor(() => r.h.frame().includes(`bt-panes-hx-${process.pid}`), 'the row', 20_000);
			await r.h.press('/');
			await type(r.h, `name:bt-panes-hx-${process.pid}`);
			const f = await r.h.press('d');
			assert.ok(f.includes('Remove network bt-panes-hx'), 'the dialog names it');
			await r.h.press('n');
			for (const [i, frame] of r.h.stdout.frames.entries()) assertInert(frame, `frame ${i}`, {allowSgr: true});
		} finally {
			stop(r);
		}
	});

	it('as a viewer: c, d, a are hidden; :connect is refused and audited', async () => {
		const r = await rig({allowed: viewer});
		try {
			await r.h.press('0');
			await waitFor(() => r.h.frame().includes(busy), 'listed', 20_000);
			await r.h.press('/');
			await type(r.h, `name:${busy}`);
			let f = await r.h.press('d');
			assert.ok(!f.includes('Remove network') && !/✖/.test(f), f);
			f = await r.h.press('a');
			assert.ok(!f.includes(':connect'), f);
			const n0 = auditLines().length;
			await r.h.press(':');
			f = await type(r.h, `connect ${member}`);
			assert.match(f, /Not allowed for your role: network-connect/, f);
			assert.deepEqual(auditLines().slice(n0).map((l) => [l['action'], l['result']]), [['network-connect', 'refused']]);
		} finally {
			stop(r);
		}
	});
});

describe('the mouse on a resource pane', () => {
	it('a click selects a row, the wheel moves the cursor', async () => {
		const r = await rig();
		try {
			await r.h.press('m', '0');
			await waitFor(() => r.h.frame().includes('bridge'), 'listed', 20_000);
			const lines = r.h.frame().split('\n');
			const at = lines.findIndex((l) => /^\s+host\s/.test(l));
			assert.ok(at > 2, r.h.frame());
			let f = await r.h.press(`\x1b[<0;10;${at + 1}M`);
			assert.match(f.split('\n')[1]!, /network host/, 'the tab bar names the clicked row');
			f = await r.h.press(`\x1b[<64;10;10M`);
			assert.doesNotMatch(f.split('\n')[1]!, /network host/, 'the wheel moved it');
		} finally {
			stop(r);
		}
	});
});

describe('a long resource list', () => {
	it(':volumes ARG filters; the header says where the cursor is when rows exceed the screen; G and g', async () => {
		const base = `bt-panes-many-${process.pid}`;
		for (let i = 0; i < 12; i++) volume(`${base}-${String(i).padStart(2, '0')}`);
		const r = await rig({columns: 100, rows: 14});
		try {
			await r.h.press(':');
			let f = await type(r.h, `volumes name:${base}`);
			f = await waitFor(() => (r.h.frame().includes(`${base}-00`) ? r.h.frame() : null), 'listed', 20_000);
			assert.match(f, / 9 Volumes /);
			const header = () => r.h.frame().split('\n')[2]!;
			assert.match(header(), /NAME▲\s+1\/12/, header());
			await r.h.press('j', 'j');
			assert.match(header(), /3\/12/);
			f = await r.h.press('G');
			assert.match(header(), /12\/12/);
			assert.ok(rowOf(f, `${base}-11`), 'the last row shown');
			await r.h.press('g');
			assert.match(header(), /1\/12/);
		} finally {
			stop(r);
		}
	});
});
