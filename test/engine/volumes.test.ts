/** engine/volumes.ts against the real engine, on volumes this test creates and labels. */
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import type {Engine} from '../../source/engine/connection.js';
import {EngineError} from '../../source/engine/errors.js';
import {createVolume, getVolume, listVolumes, pruneVolumes, removeVolume, volumePruneEstimate} from '../../source/engine/volumes.js';
import {backupVolume, helperImage, restoreVolume} from '../../source/engine/volume-transfer.js';
import {IMAGE, RUN_ID, TEST_LABEL, cleanup, docker, runContainer, testEngine, uniqueName} from '../helpers/engine.js';

const LABEL = `${TEST_LABEL}=${RUN_ID}`;
let engine: Engine;
const dir = mkdtempSync(join(tmpdir(), 'berth-vol-'));
const made: string[] = [];

function vol(tag: string): string {
	const n = uniqueName(`resources-${tag}-${Math.random().toString(36).slice(2, 6)}`);
	made.push(n);
	return n;
}

/** Run a shell in a throwaway container with the volume at /v; returns stdout. */
function inVolume(name: string, script: string): string {
	return docker('run', '--rm', '--label', LABEL, '--network', 'none', '-v', `${name}:/v`, IMAGE, 'sh', '-c', script);
}

/** Every entry of the volume: path, type, mode (octal), uid:gid, size, symlink target, content hash. */
function listing(name: string): string {
	return inVolume(name, 'cd /v && find . -mindepth 1 | sort | while read f; do if [ -L "$f" ]; then echo "$f $(stat -c "%A %u:%g" "$f") -> $(readlink "$f")"; elif [ -d "$f" ]; then echo "$f $(stat -c "%A %u:%g" "$f")"; else echo "$f $(stat -c "%A %u:%g %s" "$f") $(md5sum < "$f" | cut -c1-32)"; fi; done');
}

const FILL = [
	'printf "hello\\n" > /v/plain.txt',
	'head -c 300000 /dev/urandom > /v/random.bin',
	'mkdir -p /v/sub/deeper && printf "x" > /v/sub/deeper/f',
	'chown 1234:5678 /v/sub/deeper/f && chmod 0640 /v/sub/deeper/f',
	'chmod 4755 /v/plain.txt',
	'chmod 0700 /v/sub && chown 42:43 /v/sub',
	'ln -s sub/deeper/f /v/link-rel && ln -s /etc/passwd /v/link-abs && chown -h 7:8 /v/link-rel',
	'printf "odd" > "/v/name with spaces \\$(x)"',
	'touch /v/empty',
].join(' && ');

describe('engine volumes', () => {
	before(async () => {
		engine = await testEngine();
	});
	after(async () => {
		cleanup();
		for (const n of made) {
			try {
				docker('volume', 'rm', '-f', n);
			} catch {
				// already gone
			}
		}
		rmSync(dir, {recursive: true, force: true});
	});

	it('backup → restore keeps bytes, modes, owners and symlinks (gzip, streamed)', async () => {
		const src = vol('src');
		await createVolume(engine, src, {labels: {[TEST_LABEL]: RUN_ID}});
		inVolume(src, FILL);
		const before = listing(src);
		assert.match(before, /\.\/plain\.txt -rwsr-xr-x 0:0 6 /);
		assert.match(before, /\.\/sub\/deeper\/f -rw-r----- 1234:5678 1 /);
		assert.match(before, /\.\/link-rel lrwxrwxrwx 7:8 -> sub\/deeper\/f/);
		const file = join(dir, 'src.tar.gz');
		const b = await backupVolume(engine, src, file);
		assert.ok(b.bytes > 1000 && b.bytes === statSync(file).size, `bytes ${b.bytes}`);
		assert.equal(b.helper_image, await helperImage(engine));
		// a real gzip'd tar: the system tar reads it
		const names = execFileSync('tar', ['-tzf', file], {encoding: 'utf8'});
		assert.match(names, /\.\/sub\/deeper\/f/);
		assert.match(names, /\.\/link-abs/);
		// no helper container is left behind
		assert.equal(docker('ps', '-aq', '--filter', `label=berth.helper.volume=${src}`), '');

		const dst = vol('dst');
		const r = await restoreVolume(engine, dst, file);
		assert.equal(r.created, true);
		assert.equal(listing(dst), before);
		assert.equal(docker('ps', '-aq', '--filter', `label=berth.helper.volume=${dst}`), '');
	});

	it('restore into a volume that holds files is refused unless forced; an empty one is fine', async () => {
		const src = vol('rsrc');
		await createVolume(engine, src);
		inVolume(src, 'printf new > /v/a && printf new > /v/b');
		const file = join(dir, 'rsrc.tar');
		await backupVolume(engine, src, file);
		const full = vol('full');
		await createVolume(engine, full);
		inVolume(full, 'printf old > /v/a && printf keep > /v/c');
		await assert.rejects(restoreVolume(engine, full, file), (e: EngineError) => e.code === 'conflict' && /not empty/.test(e.message) && /--force/.test(e.hint));
		assert.equal(inVolume(full, 'cat /v/a; echo; ls /v | tr "\\n" " "'), 'old\na c');
		await restoreVolume(engine, full, file, {force: true});
		assert.equal(inVolume(full, 'cat /v/a; echo; ls /v | tr "\\n" " "'), 'new\na b c');
		const empty = vol('empty');
		await createVolume(engine, empty);
		const r = await restoreVolume(engine, empty, file);
		assert.equal(r.created, false);
		assert.equal(inVolume(empty, 'ls /v | tr "\\n" " "'), 'a b');
	});

	it('backup refuses to replace a file unless forced, writes nothing partial, and names a missing volume', async () => {
		const src = vol('bk');
		await createVolume(engine, src);
		const file = join(dir, 'exists.tar.gz');
		writeFileSync(file, 'precious');
		await assert.rejects(backupVolume(engine, src, file), (e: EngineError) => e.code === 'conflict' && /exists/.test(e.message));
		assert.equal(execFileSync('cat', [file], {encoding: 'utf8'}), 'precious');
		await backupVolume(engine, src, file, {force: true});
		assert.notEqual(execFileSync('cat', [file]).toString('latin1'), 'precious');
		await assert.rejects(backupVolume(engine, `bt-nosuch-${RUN_ID}`, join(dir, 'x.tar')), (e: EngineError) => e.code === 'not-found' && e.message.includes(`bt-nosuch-${RUN_ID}`));
		assert.equal(existsSync(join(dir, 'x.tar')), false);
		await assert.rejects(backupVolume(engine, src, join(dir, 'no-such-dir', 'x.tar')), (e: EngineError) => /no-such-dir/.test(e.message));
		assert.deepEqual(readdirSync(dir).filter((f) => f.includes('.partial-')), []);
	});

	it('a helper image that is not on the engine is a clear error; restore of a non-archive is refused', async () => {
		const src = vol('img');
		await createVolume(engine, src);
		await assert.rejects(backupVolume(engine, src, join(dir, 'y.tar'), {image: `tuitest/bt-absent-${RUN_ID}:x`}), (e: EngineError) => e.code === 'not-found' && /helper image .* is not on the engine/.test(e.message) && /--image/.test(e.hint));
		const junk = join(dir, 'junk.tar.gz');
		writeFileSync(junk, 'this is not a tar archive at all');
		await assert.rejects(restoreVolume(engine, src, junk), (e: EngineError) => e.code === 'bad-request' && /could not unpack/.test(e.message));
		await assert.rejects(restoreVolume(engine, src, join(dir, 'absent.tar')), (e: EngineError) => e.code === 'not-found' && /absent\.tar/.test(e.message));
	});

	it('lists size (system df), users and dangling; rm is refused while in use (even stopped)', async () => {
		const name = vol('used');
		await createVolume(engine, name, {labels: {[TEST_LABEL]: RUN_ID}});
		inVolume(name, 'head -c 100000 /dev/zero > /v/f');
		const c = uniqueName('resources-user');
		runContainer({name: c, extra: ['-v', `${name}:/data`]});
		const v = await getVolume(engine, name);
		assert.ok(v);
		assert.equal(v.size, 100000);
		assert.deepEqual(v.used_by.map((u) => u.name), [c]);
		assert.equal(v.dangling, false);
		assert.equal(v.labels[TEST_LABEL], RUN_ID);
		await assert.rejects(removeVolume(engine, name), (e: EngineError) => e.code === 'in-use' && e.message.includes(c));
		await assert.rejects(removeVolume(engine, name, {force: true}), (e: EngineError) => e.code === 'in-use');
		docker('stop', '-t', '0', c);
		await assert.rejects(removeVolume(engine, name), (e: EngineError) => e.code === 'in-use' && e.message.includes(c));
		docker('rm', c);
		const listed = (await listVolumes(engine, {labels: [LABEL]})).find((x) => x.name === name);
		assert.equal(listed?.dangling, true);
		assert.deepEqual(await removeVolume(engine, name), {found: true});
		assert.deepEqual(await removeVolume(engine, name), {found: false});
	});

	it('create is idempotent; prune shows the estimate and removes only unused volumes with the label', async () => {
		const label = `${TEST_LABEL}.prune=${RUN_ID}`;
		const [k, val] = label.split('=') as [string, string];
		const a = vol('pa');
		const b = vol('pb');
		const kept = vol('pk');
		assert.deepEqual(await createVolume(engine, a, {labels: {[k]: val}}), {name: a, created: true});
		assert.deepEqual(await createVolume(engine, a, {labels: {[k]: val}}), {name: a, created: false});
		await createVolume(engine, b, {labels: {[k]: val}});
		await createVolume(engine, kept, {labels: {[k]: val}});
		inVolume(a, 'head -c 50000 /dev/zero > /v/f');
		runContainer({name: uniqueName('resources-keeper'), extra: ['-v', `${kept}:/data`]});
		const est = await volumePruneEstimate(engine, {labels: [label]});
		assert.deepEqual(est.volumes.map((v) => v.name).sort(), [a, b].sort());
		assert.equal(est.bytes, 50000);
		const r = await pruneVolumes(engine, {labels: [label]});
		assert.deepEqual(r.deleted.sort(), [a, b].sort());
		assert.equal(r.space_reclaimed, 50000);
		assert.equal(await getVolume(engine, a), null);
		assert.ok(await getVolume(engine, kept));
	});
});
