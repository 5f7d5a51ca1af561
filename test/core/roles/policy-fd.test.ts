/** The policy is opened once and checked on the open file: no symlink for non-root, a regular file only. */
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, describe, it} from 'node:test';
import '../../../source/core/roles/parse.js'; // loadPolicy parses with it (cli.tsx: prepareRoles())
import {ConfigError, loadPolicy} from '../../../source/core/roles/policy.js';

const dir = mkdtempSync(join(tmpdir(), 'berth-policy-fd-'));
const USER_UID = 1000;

function refused(path: string, uid: number, re: RegExp) {
	assert.throws(() => loadPolicy({BERTH_POLICY: path}, uid), (e: unknown) => e instanceof ConfigError && re.test(e.message));
}

describe('policy: one open, checks on the descriptor', () => {
	after(() => rmSync(dir, {recursive: true, force: true}));
	const real = join(dir, 'policy.yaml');
	writeFileSync(real, 'default_role: viewer\n');
	chmodSync(real, 0o644);

	it('a root-owned regular file: loaded', () => {
		assert.equal(loadPolicy({BERTH_POLICY: real}, USER_UID).policy?.defaultRole, 'viewer');
	});
	it('a symlink to it, or a directory link in the path: refused for non-root, fine for root', () => {
		const link = join(dir, 'link.yaml');
		symlinkSync(real, link);
		refused(link, USER_UID, /symbolic link/);
		assert.equal(loadPolicy({BERTH_POLICY: link}, 0).policy?.defaultRole, 'viewer');
		const dlink = join(dir, 'dlink');
		symlinkSync(dir, dlink);
		refused(join(dlink, 'policy.yaml'), USER_UID, /symbolic link/);
	});
	it('a FIFO or a directory: refused at once (no hang on open)', () => {
		const fifo = join(dir, 'fifo');
		execFileSync('mkfifo', [fifo]);
		const t0 = Date.now();
		refused(fifo, USER_UID, /regular file/);
		assert.ok(Date.now() - t0 < 2000);
		const d = join(dir, 'd');
		mkdirSync(d);
		refused(d, USER_UID, /regular file|EISDIR/);
	});
	it('group-writable: refused for non-root', () => {
		const loose = join(dir, 'loose.yaml');
		writeFileSync(loose, 'default_role: admin\n');
		chmodSync(loose, 0o664);
		refused(loose, USER_UID, /owned by root and not writable/);
	});
});
