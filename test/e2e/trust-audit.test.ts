/**
 * The audit trail against the real engine: the intent is written before the action, so a berth
 * ended by SIGTERM (or SIGKILL) in the middle of a 15 s stop leaves it — SIGTERM adds an
 * "unknown" outcome line; `berth audit` shows such an intent as "outcome unknown"; filters and
 * --json; `berth audit verify` passes on the real log and exits 1 at the first forged line.
 */
import assert from 'node:assert/strict';
import {spawn, spawnSync} from 'node:child_process';
import {chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {after, describe, it} from 'node:test';
import {cleanup, docker, runContainer, uniqueName, waitFor} from '../helpers/engine.js';

const CLI = resolve('dist/cli.js');
const dir = mkdtempSync(join(tmpdir(), 'berth-trust-audit-'));
const policy = join(dir, 'policy.yaml');
const audit = join(dir, 'audit.log');
const env = {...process.env, BERTH_POLICY: policy};
const berth = (args: string[]) => {
	const r = spawnSync(process.execPath, [CLI, ...args], {encoding: 'utf8', env});
	return {code: r.status, out: r.stdout, err: r.stderr};
};
const lines = () => readFileSync(audit, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, any>);

describe('audit trail', () => {
	after(() => {
		cleanup();
		rmSync(dir, {recursive: true, force: true});
	});

	it('a signal during a long stop: the intent line is there (SIGTERM also writes "unknown")', async () => {
		writeFileSync(policy, `audit_log: ${audit}\nrules:\n  - users: [root]\n    role: admin\n`);
		chmodSync(policy, 0o644);
		for (const sig of ['SIGTERM', 'SIGKILL'] as const) {
			// a container that ignores SIGTERM: docker waits the whole timeout
			const name = uniqueName('trustslow');
			runContainer({name, cmd: ['sh', '-c', 'trap "" TERM; while :; do sleep 1; done']});
			const n0 = (() => {
				try {
					return lines().length;
				} catch {
					return 0;
				}
			})();
			const p = spawn(process.execPath, [CLI, 'restart-container', name, '-t', '15'], {env, stdio: 'ignore'});
			const exited = new Promise((r) => p.once('exit', r));
			await waitFor(() => {
				try {
					return lines().slice(n0).some((l) => l['result'] === 'started' && l['target']['container'] === name);
				} catch {
					return false;
				}
			}, 'intent line', 10_000);
			await new Promise((r) => setTimeout(r, 700));
			p.kill(sig);
			await exited;
			const mine = lines().slice(n0).filter((l) => l['target']['container'] === name);
			assert.equal(mine[0]!['result'], 'started');
			assert.equal(mine[0]!['action'], 'restart');
			if (sig === 'SIGTERM') {
				assert.equal(mine.length, 2, JSON.stringify(mine));
				assert.equal(mine[1]!['result'], 'unknown');
				assert.equal(mine[1]!['attempt'], mine[0]!['attempt']);
			} else assert.equal(mine.length, 1);
			const shown = berth(['audit', '--target', name]);
			assert.equal(shown.code, 0, shown.err);
			if (sig === 'SIGKILL') assert.match(shown.out, /restart {2}container .* {2}started, outcome unknown/);
			docker('rm', '-f', name);
		}
	});

	it('berth audit: filters and --json; verify passes, then names the forged line (exit 1)', () => {
		const r = berth(['restart-container', 'no-such-container-trust']);
		assert.equal(r.code, 1);
		const j = berth(['audit', '--json', '--action', 'restart', '--user', 'root', '--since', '1h']);
		assert.equal(j.code, 0, j.err);
		const list = JSON.parse(j.out) as Array<Record<string, any>>;
		assert.ok(list.length >= 2);
		assert.ok(list.every((e) => e['action'] === 'restart' && e['user'] === 'root'));
		assert.ok(list.some((e) => e['target']['container'] === 'no-such-container-trust' && e['result'] === 'failed'));
		assert.equal(JSON.parse(berth(['audit', '--json', '--user', 'nobody-else']).out).length, 0);
		assert.equal(JSON.parse(berth(['audit', '--json', '--until', '2000-01-01T00:00:00Z']).out).length, 0);
		const ok = berth(['audit', 'verify']);
		assert.equal(ok.code, 0, ok.out + ok.err);
		assert.match(ok.out, /chain intact/);
		// forge: another user's name into line 2
		const text = readFileSync(audit, 'utf8').split('\n');
		text[1] = text[1]!.replace('"user":"root"', '"user":"alice"');
		writeFileSync(audit, text.join('\n'));
		const bad = berth(['audit', 'verify']);
		assert.equal(bad.code, 1);
		assert.match(bad.out, /broken at line 2: the line was changed/);
		// delete line 2 instead
		text.splice(1, 1);
		writeFileSync(audit, text.join('\n'));
		const del = berth(['audit', 'verify', '--json']);
		assert.equal(del.code, 1);
		assert.equal(JSON.parse(del.out).broken.line, 2);
	});
});
