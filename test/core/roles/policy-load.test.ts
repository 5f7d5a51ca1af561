/** Finding and trusting the policy file: BERTH_POLICY rules, ownership, warnings. */
import assert from 'node:assert/strict';
import {chmodSync, chownSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, describe, it} from 'node:test';
import '../../../source/core/roles/parse.js'; // loadPolicy parses with it (cli.tsx: prepareRoles())
import {ConfigError, loadPolicy, SYSTEM_POLICY} from '../../../source/core/roles/policy.js';

const dir = mkdtempSync(join(tmpdir(), 'berth-policy-load-'));
const file = join(dir, 'policy.yaml');

describe('loading the policy', () => {
	after(() => rmSync(dir, {recursive: true, force: true}));

	it('no BERTH_POLICY and no system file: no policy', () => {
		const src = loadPolicy({}, 1000);
		assert.equal(src.path, SYSTEM_POLICY);
		assert.equal(src.policy, null);
	});

	it('a root-owned 0644 policy is trusted by anyone', () => {
		writeFileSync(file, 'default_role: viewer\n');
		chownSync(file, 0, 0);
		chmodSync(file, 0o644);
		const src = loadPolicy({BERTH_POLICY: file}, 1000);
		assert.equal(src.from, 'BERTH_POLICY');
		assert.ok(src.policy);
		assert.deepEqual(src.policy.warnings, []);
	});

	it('a policy others may write: refused through BERTH_POLICY for users, a warning for root', () => {
		chmodSync(file, 0o666);
		assert.throws(() => loadPolicy({BERTH_POLICY: file}, 1000), (e: unknown) => e instanceof ConfigError && /owned by root and not writable/.test(e.message));
		const src = loadPolicy({BERTH_POLICY: file}, 0);
		assert.match(src.policy!.warnings[0]!, /writable by group\/others/);
	});

	it('a policy owned by a user: refused for users through BERTH_POLICY', () => {
		chmodSync(file, 0o644);
		chownSync(file, 1000, 1000);
		assert.throws(() => loadPolicy({BERTH_POLICY: file}, 1000), ConfigError);
	});
});
