/**
 * The images pane's scan manager (state/effects/scan.ts): trivy on the selected image into
 * state.scan, one scan at a time. With the real runner and a fake `trivy` on PATH (the real one is
 * not installed here), and with no trivy at all (for real). No engine asked: the runner only hands
 * the engine address to trivy.
 */
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import type {Engine} from '../../source/engine/connection.js';
import {createScanManager} from '../../source/state/effects/scan.js';
import {initialState, reducer} from '../../source/state/reducer.js';
import {createStore} from '../../source/state/store.js';
import {makeFakeTrivy, type FakeTrivy} from '../helpers/fake-trivy.js';

const ENGINE = {target: {url: 'unix:///tmp/berth-scan-test.sock', source: 'flag'}} as unknown as Engine;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(fn: () => boolean, what: string, ms = 5000): Promise<void> {
	const end = Date.now() + ms;
	while (!fn()) {
		if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
		await sleep(20);
	}
}

describe('scan manager', () => {
	let fake: FakeTrivy;
	before(() => {
		fake = makeFakeTrivy();
		fake.writeReport({
			SchemaVersion: 2,
			ArtifactName: 'app:1',
			Results: [{Target: 'app:1 (alpine 3.19)', Vulnerabilities: [{VulnerabilityID: 'CVE-1', PkgName: 'musl', InstalledVersion: '1.2', FixedVersion: '1.3', Severity: 'HIGH', Title: 't'}, {VulnerabilityID: 'CVE-2', PkgName: 'zlib', InstalledVersion: '1', Severity: 'LOW', Title: 'u'}]}],
		});
	});
	after(() => fake.remove());

	it('scans: running, then the counts and top findings; trivy got the engine address', async () => {
		const store = createStore(reducer, initialState());
		const m = createScanManager(store, () => ENGINE, {env: {...process.env, ...fake.env()}});
		fake.resetLog();
		m.scan('app:1');
		assert.deepEqual([store.getState().scan?.ref, store.getState().scan?.running], ['app:1', true]);
		await until(() => store.getState().scan?.running === false, 'the scan to end');
		const s = store.getState().scan!;
		assert.equal(s.error, null);
		assert.deepEqual(s.summary!.counts, {CRITICAL: 0, HIGH: 1, MEDIUM: 0, LOW: 1, UNKNOWN: 0});
		assert.deepEqual(s.summary!.top.map((f) => f.id), ['CVE-1', 'CVE-2']);
		assert.equal(fake.envSeen('DOCKER_HOST'), 'unix:///tmp/berth-scan-test.sock');
		assert.equal(fake.args()!.at(-1), 'app:1');
	});

	it('trivy not on the PATH (for real): an error that says how to install it, at once', () => {
		const store = createStore(reducer, initialState());
		const m = createScanManager(store, () => ENGINE, {env: {PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'}});
		m.scan('app:1');
		const s = store.getState().scan!;
		assert.equal(s.running, false);
		assert.equal(s.error?.code, 'trivy-not-found');
		assert.match(s.error!.message, /trivy is not on the PATH: install it from https:\/\/trivy\.dev\//);
	});

	it('no engine: an error, trivy not run', () => {
		const store = createStore(reducer, initialState());
		fake.resetLog();
		createScanManager(store, () => null, {env: {...process.env, ...fake.env()}}).scan('app:1');
		assert.equal(store.getState().scan?.error?.code, 'unreachable');
		assert.equal(fake.args(), null);
	});

	it('a second scan wins: the first trivy is stopped and its answer dropped; cancel stops the one running', async () => {
		const store = createStore(reducer, initialState());
		const hang = createScanManager(store, () => ENGINE, {env: {...process.env, ...fake.env('hang')}});
		fake.resetLog();
		hang.scan('slow:1');
		await until(() => fake.envSeen('PID') !== null, 'trivy to start');
		const pid = Number(fake.envSeen('PID'));
		hang.cancel();
		assert.equal(store.getState().scan, null, 'cancel clears the running scan');
		await until(() => {
			try {
				process.kill(pid, 0);
				return false;
			} catch {
				return true;
			}
		}, 'the cancelled trivy to exit');

		let calls = 0;
		const m = createScanManager(store, () => ENGINE, {
			env: {...process.env, ...fake.env()},
			run: async (ref, o) => {
				calls++;
				if (ref === 'first') {
					await new Promise((r) => o.signal!.addEventListener('abort', r));
					return {artifact: 'first', findings: [{id: 'STALE', pkg: '', installed: '', fixed: '', severity: 'CRITICAL', title: '', target: ''}], skipped: 0, duplicates: 0};
				}
				return {artifact: ref, findings: [], skipped: 0, duplicates: 0};
			},
		});
		m.scan('first');
		m.scan('second');
		await until(() => store.getState().scan?.running === false, 'the second scan');
		await sleep(50);
		assert.equal(calls, 2);
		assert.deepEqual([store.getState().scan?.ref, store.getState().scan?.summary?.total], ['second', 0], 'the first answer, late, is dropped');
	});

	it('trivy failing or hanging past the limit: the error and its hint in state', async () => {
		const store = createStore(reducer, initialState());
		createScanManager(store, () => ENGINE, {env: {...process.env, ...fake.env('nodb')}}).scan('app:1');
		await until(() => store.getState().scan?.running === false, 'the failure');
		assert.equal(store.getState().scan?.error?.code, 'trivy-failed');
		assert.match(store.getState().scan!.error!.hint, /vulnerability database/);
		createScanManager(store, () => ENGINE, {timeoutMs: 300, env: {...process.env, ...fake.env('hang')}}).scan('app:1');
		await until(() => store.getState().scan?.running === false, 'the timeout');
		assert.equal(store.getState().scan?.error?.code, 'trivy-timeout');
	});
});
