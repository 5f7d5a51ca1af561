/** `berth setup-tags` (the built CLI) against the real engine, with a private config file. */
import assert from 'node:assert/strict';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {inspectImage, removeImage, tagImage} from '../../source/engine/images.js';
import type {Engine} from '../../source/engine/connection.js';
import {berth as run} from '../helpers/cli.js';
import {IMAGE, RUN_ID, testEngine} from '../helpers/engine.js';
import {loadArmImage, removeImages} from '../core/doctor/make-images.js';

const REPO = `tuitest/bt-tags-${RUN_ID}`;
const configDir = mkdtempSync(join(tmpdir(), 'berth-conf-'));

const berth = (args: string[]) => run(args, {BERTH_CONFIG_DIR: configDir});

interface Report {
	host_arch: string;
	dry_run: boolean;
	actions: Array<{from: string; to: string; source: string; status: string}>;
	warnings: Array<{image: string; arch: string; message: string}>;
	config_problems: string[];
}

let engine: Engine;
const made = [`${REPO}:1.0-amd64`, `${REPO}:2.0-x86_64`, `${REPO}:3.0-aarch64`, `${REPO}:vendor`];
const targets = [`${REPO}:1.0`, `${REPO}:2.0`, `${REPO}:3.0`, `${REPO}:mapped`];

describe('berth setup-tags', () => {
	before(async () => {
		engine = await testEngine();
		for (const t of made) await tagImage(engine, IMAGE, t);
		writeFileSync(join(configDir, 'config.json'), JSON.stringify({tags: {mappings: [{from: `${REPO}:vendor`, to: `${REPO}:mapped`}, {from: `${REPO}:absent`, to: `${REPO}:x`}]}}));
	});
	after(async () => {
		for (const t of [...made, ...targets]) await removeImage(engine, t, true);
		removeImages();
		rmSync(configDir, {recursive: true, force: true});
	});

	it('--dry-run says what it would tag and tags nothing', async () => {
		const r = berth(['setup-tags', '--dry-run', '--json', '--arch', 'amd64', '--only', REPO]);
		const doc = JSON.parse(r.out) as Report;
		assert.equal(doc.dry_run, true);
		assert.deepEqual(doc.actions.map((a) => `${a.source} ${a.from} → ${a.to} ${a.status}`), [
			`mapping ${REPO}:vendor → ${REPO}:mapped create`,
			`mapping ${REPO}:absent → ${REPO}:x missing-source`,
			`arch-suffix ${REPO}:1.0-amd64 → ${REPO}:1.0 create`,
			`arch-suffix ${REPO}:2.0-x86_64 → ${REPO}:2.0 create`,
		]);
		assert.equal(r.code, 1, 'a mapping whose source is missing is a failure');
		for (const t of targets) assert.equal(await inspectImage(engine, t), null, t);
	});

	it('creates NAME:TAG for the host-arch tags and the config mappings', async () => {
		writeFileSync(join(configDir, 'config.json'), JSON.stringify({tags: {mappings: [{from: `${REPO}:vendor`, to: `${REPO}:mapped`}]}}));
		const r = berth(['setup-tags', '--json', '--arch', 'amd64', '--only', REPO]);
		assert.equal(r.code, 0, r.err + r.out);
		const doc = JSON.parse(r.out) as Report;
		assert.deepEqual(doc.actions.map((a) => a.status), ['created', 'created', 'created']);
		const id = (await inspectImage(engine, IMAGE))!.id;
		for (const t of [`${REPO}:1.0`, `${REPO}:2.0`, `${REPO}:mapped`]) assert.equal((await inspectImage(engine, t))?.id, id, t);
		assert.equal(await inspectImage(engine, `${REPO}:3.0`), null, 'the aarch64 tag is not for this host');
		const again = berth(['setup-tags', '--arch', 'amd64', '--only', REPO]);
		assert.equal(again.code, 0);
		assert.match(again.out, new RegExp(`up to date +${REPO}:1\\.0-amd64 → ${REPO}:1\\.0`));
		assert.match(again.out, /0 tag\(s\) set, 0 failed \(host arch amd64\)/);
	});

	it('warns when an image is built for another arch than the host', () => {
		const arm = loadArmImage(`${REPO}:armbuild-arm64`);
		const r = berth(['setup-tags', '--dry-run', '--json', '--arch', 'amd64', '--only', REPO]);
		const doc = JSON.parse(r.out) as Report;
		const w = doc.warnings.find((x) => x.image === arm);
		assert.ok(w, JSON.stringify(doc.warnings));
		assert.equal(w.arch, 'arm64');
		assert.match(w.message, /built for arm64, this host is amd64/);
		const text = berth(['setup-tags', '--dry-run', '--arch', 'amd64', '--only', REPO]);
		assert.match(text.out, new RegExp(`warning: ${arm.replace(/[.:/]/g, '\\$&')} is built for arm64`));
	});

	it('reports a malformed config', () => {
		writeFileSync(join(configDir, 'config.json'), JSON.stringify({tags: {mappings: [{from: 'x'}]}}));
		const r = berth(['setup-tags', '--dry-run', '--json', '--only', REPO]);
		assert.deepEqual((JSON.parse(r.out) as Report).config_problems, ['tags.mappings[0] needs string "from" and "to"']);
	});
});
