/** SUDO_USER is trusted only when the real uid is 0, SUDO_UID agrees with /etc/passwd, and sudo started us. */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {passwdEntry, startedBySudo, sudoInvoker, userGids} from '../../../source/core/roles/identity.js';

describe('identity under sudo', () => {
	const daemon = passwdEntry('daemon');
	it('the invoker only when every condition holds', () => {
		assert.ok(daemon, 'daemon is in /etc/passwd');
		const env = {SUDO_USER: 'daemon', SUDO_UID: String(daemon.uid)};
		assert.deepEqual(sudoInvoker(env, 0, () => true), daemon);
		assert.equal(sudoInvoker(env, 1000, () => true), null, 'not root: SUDO_* ignored');
		assert.equal(sudoInvoker(env, 0, () => false), null, 'no sudo among the ancestors');
		assert.equal(sudoInvoker({...env, SUDO_UID: '4242'}, 0, () => true), null, 'SUDO_UID disagrees');
		assert.equal(sudoInvoker({SUDO_USER: 'daemon'}, 0, () => true), null, 'no SUDO_UID');
		assert.equal(sudoInvoker({SUDO_USER: 'no-such-user-x', SUDO_UID: '5'}, 0, () => true), null);
	});
	it('this test process was not started by sudo', () => {
		assert.equal(startedBySudo(), false);
	});
	it("a user's gids: the primary one and every group listing them", () => {
		assert.deepEqual(userGids({user: 'ann', uid: 5, gid: 50}, 'a:x:50:\nb:x:60:bob,ann\nc:x:70:bob\n'), [50, 60]);
	});
});
