/**
 * `s` in the images pane: the selected image scanned with trivy (state/effects/scan.ts), its counts
 * by severity and top findings under the list while it is the selected row; without trivy, how to
 * install it. Against the real engine (the list, on images this test imports and labels) with a
 * fake `trivy` on PATH (the real trivy is not installed on this machine) or none at all (for real).
 */
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import type {Engine} from '../../source/engine/connection.js';
import {createResourceManager} from '../../source/state/effects/resources.js';
import {createScanManager} from '../../source/state/effects/scan.js';
import type {Store} from '../../source/state/store.js';
import type {Action, State} from '../../source/state/types.js';
import {selectedResource, type ImageTagRow} from '../../source/state/view/resources.js';
import {keymap, visibleBindings} from '../../source/ui/keymap.js';
import {RUN_ID, TEST_LABEL, cleanup, docker, testEngine, waitFor} from '../helpers/engine.js';
import {makeFakeTrivy, type FakeTrivy} from '../helpers/fake-trivy.js';
import {KEY, mount, storeWith} from './harness.js';

const LABEL = `${TEST_LABEL}=${RUN_ID}`;
const REPO = `bt-scan-images-${process.pid}-${Date.now().toString(36)}/app`;
const A = `${REPO}:a`;
const B = `${REPO}:b`;
const STD_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

const selectedRef = (store: Store<State, Action>) => (selectedResource(store.getState(), 'images').row?.record as ImageTagRow | undefined)?.ref ?? '';

function importImage(ref: string): void {
	const d = mkdtempSync(join(tmpdir(), 'berth-scan-img-'));
	writeFileSync(join(d, 'f'), `${RUN_ID} ${ref}`);
	execFileSync('sh', ['-c', `tar -cf - -C ${d} f | docker import --change 'LABEL ${LABEL}' - ${ref}`]);
	rmSync(d, {recursive: true, force: true});
}

describe('images pane: s scans the selected image', () => {
	let engine: Engine;
	let fake: FakeTrivy;
	before(async () => {
		engine = await testEngine();
		importImage(A);
		importImage(B);
		fake = makeFakeTrivy(STD_PATH);
		fake.writeReport({
			SchemaVersion: 2,
			ArtifactName: A,
			Results: [
				{
					Target: `${A} (alpine 3.19)`,
					Vulnerabilities: [
						{VulnerabilityID: 'CVE-2024-0001', PkgName: 'musl', InstalledVersion: '1.2.4', FixedVersion: '1.2.5', Severity: 'CRITICAL', Title: 'musl: bad thing'},
						{VulnerabilityID: 'CVE-2024-0002', PkgName: 'zlib', InstalledVersion: '1.3', FixedVersion: '', Severity: 'MEDIUM', Title: 'zlib: lesser thing'},
					],
				},
			],
		});
	});
	after(() => {
		cleanup();
		for (const r of [A, B]) {
			try {
				docker('rmi', '-f', r);
			} catch {
				// gone
			}
		}
		fake.remove();
	});

	async function rig(env: NodeJS.ProcessEnv, readOnly = false) {
		const store = storeWith([]);
		const resources = createResourceManager(store, () => engine, {burstMs: 50});
		const scan = createScanManager(store, () => engine, {env});
		const h = await mount(store, {columns: 150, rows: 36, bindings: visibleBindings(keymap, {readOnly}), services: {resources, scan, readOnly}});
		await h.press('8');
		await waitFor(() => h.frame().includes(REPO), 'our images listed', 20_000);
		await h.press('/', ...`repo:${REPO.split('/')[0]}`, KEY.enter);
		const ours = () => h.frame().split('\n').filter((l) => l.trimStart().startsWith(REPO));
		await waitFor(() => ours().length === 2, 'only our two images', 5000).catch((err: Error) => {
			throw new Error(`${err.message}\n${h.frame()}`);
		});
		return {
			store,
			h,
			stop() {
				h.unmount();
				resources.stop();
				scan.stop();
			},
		};
	}

	it('s: counts by severity and the top findings under the list; trivy got the engine and the selected image; the box follows the selection', async () => {
		fake.resetLog();
		const r = await rig({...process.env, ...fake.env()});
		try {
			let f = await r.h.press('g');
			const sel = selectedRef(r.store);
			assert.ok(sel === A || sel === B, sel);
			f = await r.h.press('s');
			f = await waitFor(() => (r.h.frame().includes('Vulnerabilities of') ? r.h.frame() : null), 'the scan box', 10_000);
			assert.ok(f.includes(`Vulnerabilities of ${sel}: 2 · top 2 · s scans again`), f);
			assert.match(f, /CRITICAL 1 · HIGH 0 · MEDIUM 1 · LOW 0 · UNKNOWN 0/);
			assert.match(f, /CRITICAL\s+CVE-2024-0001\s+musl\s+1\.2\.4→1\.2\.5\s+musl: bad thing/);
			assert.match(f, /MEDIUM\s+CVE-2024-0002\s+zlib\s+1\.3 \(no fix\)/);
			assert.equal(f.split('\n').filter((l) => l.trimStart().startsWith(REPO)).length, 2, `the list is still shown above\n${f}`);
			assert.equal(fake.args()!.at(-1), sel, 'trivy scanned the selected image');
			assert.equal(fake.envSeen('DOCKER_HOST'), engine.target.url, 'against the dashboard\'s engine');
			// another row: the box goes; back: it is there again
			f = await r.h.press('j');
			assert.notEqual(selectedRef(r.store), sel);
			assert.ok(!f.includes('Vulnerabilities of'), `no box on another image\n${f}`);
			f = await r.h.press('k');
			assert.ok(f.includes('Vulnerabilities of'), `the box again on the scanned image\n${f}`);
		} finally {
			r.stop();
		}
	});

	it('without trivy (for real): says how to install it; read-only mode keeps the key (it reads only)', async () => {
		const r = await rig({PATH: STD_PATH}, true);
		try {
			await r.h.press('g');
			const help = await r.h.press('?');
			assert.match(help, /s\s+Scan the image with trivy/, 'the key is listed in read-only mode');
			await r.h.press(KEY.esc);
			const f = await r.h.press('s');
			const flat = f.split('\n').map((l) => l.trim()).join(' ');
			assert.ok(flat.includes(`✖ scan ${selectedRef(r.store)}: trivy is not on the PATH: install it from`), flat);
			assert.ok(f.includes('https://trivy.dev/latest/getting-started/installation/'), f);
			assert.match(flat, /then run again/);
			assert.equal(r.store.getState().scan?.error?.code, 'trivy-not-found');
		} finally {
			r.stop();
		}
	});
});
