/**
 * `berth images|volume(s)|network(s)|events` as a user runs them (the built CLI) against the real
 * engine, on objects this test creates and labels: --json shapes, text, exit codes, the roles gate
 * (refused: exit 4, nothing done, audited), hostile bytes made inert.
 */
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {berth, berthAsync, inParallel} from '../helpers/cli.js';
import {IMAGE, RUN_ID, TEST_LABEL, cleanup, docker, runContainer, uniqueName} from '../helpers/engine.js';

const dir = mkdtempSync(join(tmpdir(), 'berth-res-cli-'));
const LABEL = `${TEST_LABEL}=${RUN_ID}`;
const volumes: string[] = [];
const networks: string[] = [];
const images: string[] = [];

const name = (tag: string) => uniqueName(`resources-cli-${tag}-${Math.random().toString(36).slice(2, 6)}`);

describe('berth images / volumes / networks / events', () => {
	let dangling = '';
	const tag = `tuitest/bt-rescli-${RUN_ID}:t`;
	before(() => {
		const c = docker('create', '--label', LABEL, IMAGE);
		const rootfs = join(dir, 'rootfs.tar');
		spawnSync('docker', ['export', '-o', rootfs, c]);
		docker('rm', c);
		dangling = docker('import', '--change', `LABEL ${TEST_LABEL}=${RUN_ID}`, '--change', 'LABEL bt.cli=dangling', rootfs);
		images.push(dangling);
		images.push(docker('import', '--change', `LABEL ${TEST_LABEL}=${RUN_ID}`, '--change', 'CMD ["sleep","600"]', rootfs, tag));
	});
	after(() => {
		cleanup();
		for (const v of volumes) spawnSync('docker', ['volume', 'rm', '-f', v]);
		for (const n of networks) spawnSync('docker', ['network', 'rm', n]);
		for (const i of images) spawnSync('docker', ['rmi', '-f', i]);
		rmSync(dir, {recursive: true, force: true});
	});

	it('images: --json records with arch, users, dangling; text table; history; list-images still works', async () => {
		// reads only: overlapping (inParallel reports the first failure in this order)
		await inParallel([
			async () => {
				const r = await berthAsync(['images', '--json', '--filter', `label=${LABEL}`]);
				assert.equal(r.code, 0, r.err);
				const rows = JSON.parse(r.out) as Array<{id: string; repo_tags: string[]; dangling: boolean; architecture: string; foreign_arch: boolean; used_by: unknown[]}>;
				const d = rows.find((x) => x.id === dangling);
				assert.deepEqual([d?.dangling, d?.foreign_arch, d?.used_by, d?.repo_tags], [true, false, [], []]);
				assert.ok(rows.some((x) => x.repo_tags.includes(tag) && !x.dangling));
			},
			async () => {
				const dl = await berthAsync(['images', 'ls', '--dangling', '--json', '--filter', 'label=bt.cli=dangling', '--filter', `label=${LABEL}`]);
				assert.deepEqual((JSON.parse(dl.out) as Array<{id: string}>).map((x) => x.id), [dangling]);
			},
			async () => {
				const t = await berthAsync(['images', '--filter', `label=${LABEL}`]);
				assert.equal(t.code, 0, t.err);
				assert.match(t.out, /^REPOSITORY +TAG +IMAGE ID +SIZE +CREATED +ARCH +USED BY +DANGLING/);
				assert.match(t.out, new RegExp(`<none> +<none> +${dangling.slice(7, 19)} .* yes`));
			},
			async () => {
				const h = await berthAsync(['images', 'history', tag, '--json']);
				assert.equal(h.code, 0, h.err);
				assert.equal((JSON.parse(h.out) as unknown[]).length, 1);
			},
			async () => assert.equal((await berthAsync(['images', 'history', `tuitest/bt-absent-${RUN_ID}`])).code, 1),
			async () => assert.equal((await berthAsync(['list-images', '--json'])).code, 0),
		]);
	});

	it('images rm: refused while used (exit 1, names the container), removed with --force', () => {
		const user = name('imguser');
		docker('create', '--name', user, '--label', LABEL, tag);
		const r = berth(['images', 'rm', tag]);
		assert.equal(r.code, 1);
		assert.match(r.err, new RegExp(`image ${tag.replace(/[/.:]/g, '\\$&')} is used by 1 container: ${user}`));
		assert.match(docker('images', '-q', tag), /\w+/);
		const f = berth(['images', 'rm', tag, '--force', '--json']);
		assert.equal(f.code, 0, f.err);
		assert.deepEqual((JSON.parse(f.out) as Array<{untagged: string[]}>)[0]?.untagged, [tag]);
		const again = berth(['images', 'rm', tag]);
		assert.equal(again.code, 0);
		assert.match(again.out, /no such image \(nothing to do\)/);
	});

	it('images prune: asks (not a terminal: exit 2, nothing removed), --dry-run shows the estimate, --yes prunes and says what it reclaimed', () => {
		const rootfs = join(dir, 'rootfs.tar');
		const p = docker('import', '--change', `LABEL bt.cliprune=${RUN_ID}`, rootfs);
		images.push(p);
		const filter = ['--filter', `label=bt.cliprune=${RUN_ID}`];
		const ask = berth(['images', 'prune', ...filter]);
		assert.equal(ask.code, 2);
		assert.match(ask.out, /1 dangling images to remove/);
		assert.match(ask.err, /pass --yes/);
		assert.match(docker('images', '-q', '--no-trunc', '--filter', `label=bt.cliprune=${RUN_ID}`), new RegExp(p));
		const dry = berth(['images', 'prune', '--dry-run', '--json', ...filter]);
		assert.equal(dry.code, 0, dry.err);
		const est = JSON.parse(dry.out) as {estimate: {images: Array<{id: string}>; bytes: number; bytes_max: number}; result: null};
		assert.deepEqual(est.estimate.images.map((i) => i.id), [p]);
		assert.equal(est.result, null);
		const yes = berth(['images', 'prune', '--yes', ...filter]);
		assert.equal(yes.code, 0, yes.err);
		assert.match(yes.out, /1 dangling images to remove, .* to reclaim/);
		assert.match(yes.out, /removed \d+ image layers .*reclaimed \d/);
		assert.equal(docker('images', '-q', '--filter', `label=bt.cliprune=${RUN_ID}`), '');
	});

	it('images pull from a registry nobody answers: exit 1 within seconds, the registry named with what to check', () => {
		const t0 = Date.now();
		const r = berth(['images', 'pull', '127.0.0.1:1/x']);
		assert.equal(r.code, 1);
		assert.match(r.err, /berth: cannot reach registry 127\.0\.0\.1:1 to pull 127\.0\.0\.1:1\/x:latest/);
		assert.match(r.err, /→ Check the registry address and port/);
		assert.ok(Date.now() - t0 < 10_000);
	});

	it('volume backup → restore through the CLI; non-empty restore refused without --force; rm refused while in use', () => {
		const src = name('vsrc');
		const dst = name('vdst');
		volumes.push(src, dst);
		docker('volume', 'create', '--label', LABEL, src);
		docker('run', '--rm', '--label', LABEL, '-v', `${src}:/v`, IMAGE, 'sh', '-c', 'printf data > /v/f && chown 5:6 /v/f && chmod 0604 /v/f && ln -s f /v/l');
		const file = join(dir, 'v.tar.gz');
		const b = berth(['volume', 'backup', src, file, '--json']);
		assert.equal(b.code, 0, b.err);
		assert.equal((JSON.parse(b.out) as {bytes: number}).bytes, readFileSync(file).length);
		const r = berth(['volume', 'restore', dst, file]);
		assert.equal(r.code, 0, r.err);
		assert.match(r.out, new RegExp(`restored .* into volume ${dst} \\(created\\)`));
		assert.equal(docker('run', '--rm', '-v', `${dst}:/v`, IMAGE, 'sh', '-c', 'cat /v/f; stat -c " %a %u:%g" /v/f; readlink /v/l'), 'data 604 5:6\nf');
		const again = berth(['volume', 'restore', dst, file]);
		assert.equal(again.code, 1);
		assert.match(again.err, new RegExp(`volume ${dst} is not empty`));
		assert.match(again.err, /--force/);
		assert.equal(berth(['volume', 'restore', dst, file, '--force']).code, 0);
		const user = name('vuser');
		runContainer({name: user, extra: ['-v', `${dst}:/data`]});
		const list = berth(['volumes', '--json', '--filter', `label=${LABEL}`]);
		assert.equal(list.code, 0, list.err);
		const srcRow = (JSON.parse(list.out) as Array<{name: string; size: number | null; dangling: boolean}>).find((v) => v.name === src);
		// 4 bytes of data + the 1-byte symlink, as `system df` counts them
		assert.deepEqual([srcRow?.size, srcRow?.dangling], [5, true]);
		const rm = berth(['volume', 'rm', dst]);
		assert.equal(rm.code, 1);
		assert.match(rm.err, new RegExp(`volume ${dst} is in use by 1 container: ${user}`));
		assert.match(docker('volume', 'ls', '-q', '--filter', `name=${dst}`), new RegExp(dst));
	});

	it('network create twice (idempotent), connect, rm refused while in use, disconnect, rm', () => {
		const net = name('net');
		networks.push(net);
		const a = berth(['network', 'create', net, '--label', LABEL, '--json']);
		assert.equal(a.code, 0, a.err);
		assert.equal((JSON.parse(a.out) as {created: boolean}).created, true);
		const b = berth(['network', 'create', net, '--label', LABEL]);
		assert.equal(b.code, 0, b.err);
		assert.match(b.out, new RegExp(`exists: network ${net}`));
		const c = name('netc');
		runContainer({name: c});
		assert.equal(berth(['network', 'connect', net, c]).code, 0);
		const listed = JSON.parse(berth(['networks', '--json', '--filter', `label=${LABEL}`]).out) as Array<{name: string; subnets: string[]; containers: Array<{name: string}>}>;
		const row = listed.find((n) => n.name === net);
		assert.equal(row?.subnets.length, 1);
		assert.deepEqual(row?.containers.map((x) => x.name), [c]);
		assert.match(berth(['networks']).out, new RegExp(`${net} +bridge +local +\\d+\\.\\d+\\.\\d+\\.\\d+/\\d+ +${c}`));
		const rm = berth(['network', 'rm', net]);
		assert.equal(rm.code, 1);
		assert.match(rm.err, new RegExp(`network ${net} is in use by 1 container: ${c}`));
		assert.equal(berth(['network', 'disconnect', net, c]).code, 0);
		const again = berth(['network', 'disconnect', net, c]);
		assert.equal(again.code, 0);
		assert.match(again.out, /was not on .*nothing to do/);
		assert.equal(berth(['network', 'rm', net]).code, 0);
	});

	it('roles: a viewer (--read-only) and an operator are refused the admin changes (exit 4, nothing done, audited); the operator may pull', () => {
		const v = name('roles');
		const ro = berth(['--read-only', 'volume', 'create', v]);
		assert.equal(ro.code, 4, ro.err);
		assert.match(ro.err, /refused/);
		assert.equal(docker('volume', 'ls', '-q', '--filter', `name=^${v}$`), '');
		const policy = join(dir, 'policy.yaml');
		const audit = join(dir, 'audit.log');
		writeFileSync(policy, `audit_log: ${audit}\ndefault_role: viewer\nrules:\n  - name: ops\n    users: [root]\n    role: operator\n`);
		chmodSync(policy, 0o644);
		const env = {BERTH_POLICY: policy};
		const keep = name('keep');
		volumes.push(keep);
		docker('volume', 'create', '--label', LABEL, keep);
		for (const args of [['volume', 'rm', keep], ['volume', 'prune', '--yes', '--filter', `label=${LABEL}`], ['images', 'rm', dangling], ['images', 'prune', '--yes', '--filter', `label=${LABEL}`], ['network', 'create', v], ['volume', 'restore', keep, join(dir, 'v.tar.gz'), '--force']]) {
			const r = berth(args, env);
			assert.equal(r.code, 4, `${args.join(' ')}: ${r.err}`);
			assert.match(r.err, /berth: refused: .*root/);
		}
		assert.match(docker('volume', 'ls', '-q', '--filter', `name=^${keep}$`), new RegExp(keep));
		assert.match(docker('images', '-q', '--no-trunc', '--filter', `label=${LABEL}`), new RegExp(dangling));
		assert.equal(docker('network', 'ls', '-q', '--filter', `name=^${v}$`), '');
		// pull is an operator's: allowed, then fails on the registry
		const p = berth(['images', 'pull', '127.0.0.1:1/x'], env);
		assert.equal(p.code, 1, p.err);
		assert.match(p.err, /cannot reach registry 127\.0\.0\.1:1/);
		const lines = readFileSync(audit, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as {action: string; result: string});
		assert.deepEqual(
			lines.map((l) => `${l.action}:${l.result}`),
			['volume-remove:refused', 'volume-prune:refused', 'image-remove:refused', 'image-prune:refused', 'network-create:refused', 'volume-restore:refused', 'image-pull:started', 'image-pull:failed'],
		);
	});

	it('events: --since/--until/--filter replay as JSON lines and text; hostile label bytes arrive inert', async () => {
		const t0 = Math.floor(Date.now() / 1000) - 1;
		const evil = 'x\u001b]0;pwned\u0007\u001b[2J\u202eyy';
		const c = name('ev');
		runContainer({name: c, labels: {'bt.evil': evil}, cmd: ['true']});
		docker('wait', c);
		const t1 = Math.ceil(Date.now() / 1000) + 1;
		// two replays of the same past window: they overlap
		const [j, t] = await Promise.all([
			berthAsync(['events', '--since', String(t0), '--until', String(t1), '--filter', `container=${c}`, '--json']),
			berthAsync(['events', '--since', String(t0), '--until', String(t1), '--filter', `container=${c}`, '--filter', 'event=start']),
		]);
		assert.equal(j.code, 0, j.err);
		assert.ok(!/[\u001b\u0007\u009b\u202e]/.test(j.out), 'no raw control in --json');
		const evs = j.out.trim().split('\n').map((l) => JSON.parse(l) as {type: string; action: string; attributes: Record<string, string>});
		assert.deepEqual(evs.filter((e) => e.type === 'container').map((e) => e.action).filter((a) => ['create', 'start', 'die'].includes(a)), ['create', 'start', 'die']);
		assert.equal(evs[0]!.attributes['bt.evil'], evil, 'the exact value survives JSON');
		assert.equal(t.code, 0, t.err);
		const lines = t.out.trim().split('\n');
		assert.equal(lines.length, 1);
		assert.match(lines[0]!, new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z container start [0-9a-f]{12} \\(.*name=${c}`));
		assert.ok(!/[\u001b\u0007\u202e]/.test(t.out), 'no raw control in text');
		assert.match(t.out, /bt\.evil=x.*<U\+202E>yy/);
	});

	it('usage errors exit 2, an unreachable engine exits 3', async () => {
		await inParallel([
			async () => assert.equal((await berthAsync(['images', 'bogus'])).code, 2),
			async () => assert.equal((await berthAsync(['volume', 'backup', 'only-one'])).code, 2),
			async () => assert.equal((await berthAsync(['events', '--filter', 'nokey'])).code, 2),
			async () => assert.equal((await berthAsync(['events', '--since', 'yesterday-ish'])).code, 2),
			async () => assert.equal((await berthAsync(['volumes', '--filter', 'dangling=true'])).code, 2),
			async () => assert.equal((await berthAsync(['networks', '--nope'])).code, 2),
			async () => {
				const u = await berthAsync(['images', '--host', `unix://${join(dir, 'no.sock')}`]);
				assert.equal(u.code, 3, u.err);
			},
		]);
		assert.equal(existsSync(join(dir, 'no.sock')), false);
	});
});
