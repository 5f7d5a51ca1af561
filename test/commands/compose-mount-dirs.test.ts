/** berth check-mount-dirs [--create] on a real compose file. */
import assert from 'node:assert/strict';
import {existsSync, mkdirSync, statSync} from 'node:fs';
import {join} from 'node:path';
import {after, describe, it} from 'node:test';
import {IMAGE} from '../helpers/engine.js';
import {LABELS, berth, cleanupProjects, projectName, writeProject} from './compose-helpers.js';

describe('berth check-mount-dirs', () => {
	after(cleanupProjects);
	const P = projectName('mnt');
	const {dir, file} = writeProject(
		P,
		`services:
  a:
    image: ${IMAGE}
    labels: ${LABELS}
    volumes:
      - ./present:/p
      - ./data/deep/dir:/d:ro
      - ./conf/app.conf:/etc/app.conf
      - named:/n
      - type: bind
        source: ./long
        target: /l
volumes:
  named: {}
`,
	);
	mkdirSync(join(dir, 'present'));

	it('lists the missing sources and exits 1', async () => {
		const r = await berth('check-mount-dirs', '-f', file);
		assert.equal(r.code, 1);
		assert.equal(
			r.stdout,
			[
				`dir            ${dir}/present → a:/p`,
				`MISSING        ${dir}/data/deep/dir → a:/d`,
				`MISSING (file) ${dir}/conf/app.conf → a:/etc/app.conf`,
				`MISSING        ${dir}/long → a:/l`,
				'3 bind-mount sources missing (run with --create to create the directories)',
			].join('\n'),
		);
		assert.equal(existsSync(join(dir, 'long')), false);
	});

	it('--create makes the directories, never a directory for a file', async () => {
		const r = await berth('check-mount-dirs', '--create', '-f', file, '--json');
		assert.equal(r.code, 1, 'the file source is still missing');
		const j = r.json();
		assert.deepEqual(j.created, [join(dir, 'data/deep/dir'), join(dir, 'long')]);
		assert.deepEqual(j.skipped.map((s: {source: string}) => s.source), [join(dir, 'conf/app.conf')]);
		assert.equal(j.missing, 1);
		assert.deepEqual(
			j.mounts.map((m: {exists: string; created: boolean}) => [m.exists, m.created]),
			[
				['dir', false],
				['missing', true],
				['missing', false],
				['missing', true],
			],
		);
		assert.ok(statSync(join(dir, 'data/deep/dir')).isDirectory());
		assert.equal(existsSync(join(dir, 'conf/app.conf')), false);
	});

	it('exits 0 once everything is there', async () => {
		const ok = writeProject(projectName('mntok'), `services:\n  a:\n    image: ${IMAGE}\n    labels: ${LABELS}\n    volumes: ["./x:/x"]\n`);
		assert.equal((await berth('check-mount-dirs', '-f', ok.file)).code, 1);
		const r = await berth('check-mount-dirs', '-f', ok.file, '--create');
		assert.equal(r.code, 0);
		assert.match(r.stdout, /^created +.*\/x → a:\/x\nall 1 bind-mount sources present$/);
	});
});
