/**
 * The audit log under concurrent writers: many processes append at once (as several berth
 * processes and users would); no line is lost, split or interleaved.
 */
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, describe, it} from 'node:test';
import {AuditLog, MAX_LINE, auditLine, defaultAuditPath, lineHash, verifyChain, type AuditEntry} from '../../../source/core/audit.js';

const dir = mkdtempSync(join(tmpdir(), 'berth-audit-'));

function run(args: string[]): Promise<number> {
	return new Promise((resolve, reject) => {
		const p = spawn(process.execPath, ['--import', 'tsx', 'test/core/roles/audit-writer.ts', ...args], {stdio: 'inherit'});
		p.on('error', reject);
		p.on('exit', (code) => resolve(code ?? 1));
	});
}

describe('audit log', () => {
	after(() => rmSync(dir, {recursive: true, force: true}));

	it('12 concurrent processes × 150 lines: every line whole, none lost, the hash chain intact', async () => {
		const path = join(dir, 'sub', 'audit.log');
		const writers = 12;
		const each = 150;
		const codes = await Promise.all(Array.from({length: writers}, (_, w) => run([path, `w${w}`, String(each)])));
		assert.deepEqual(codes, Array(writers).fill(0));
		const text = readFileSync(path, 'utf8');
		assert.ok(text.endsWith('\n'));
		const lines = text.slice(0, -1).split('\n');
		assert.equal(lines.length, writers * each);
		const seen = new Map<string, Set<number>>();
		for (const l of lines) {
			assert.ok(Buffer.byteLength(l) + 1 <= MAX_LINE, `line of ${Buffer.byteLength(l)} bytes`);
			const e = JSON.parse(l) as AuditEntry; // throws on a split or interleaved line
			if (!seen.has(e.user)) seen.set(e.user, new Set());
			seen.get(e.user)!.add(e.exit_code!);
		}
		assert.equal(seen.size, writers);
		for (const [, s] of seen) assert.equal(s.size, each);
		assert.equal(statSync(path).mode & 0o777, 0o600, 'a personal audit log is private');
		// every writer chained its line to the one before it (under flock): no fork in the chain
		assert.deepEqual(verifyChain(text), {lines: writers * each, broken: null});
	});

	it('verify: a changed, removed, inserted or reordered line is the first broken link', () => {
		let prev = '';
		const lines: string[] = [];
		for (let i = 0; i < 6; i++) {
			const l = auditLine({time: `t${i}`, user: 'carol', uid: 1002, role: 'operator', action: 'restart', target: {container: `c${i}`}, result: 'ok', rule: 'r', pid: 1, via: 'cli'}, prev);
			lines.push(l);
			prev = lineHash(l.trimEnd())!;
		}
		const text = lines.join('');
		assert.deepEqual(verifyChain(text), {lines: 6, broken: null});
		// forged: another user's name put into line 3
		assert.equal(verifyChain(text.replace('"container":"c2"', '"container":"c2"').replace(lines[2]!, lines[2]!.replace('"user":"carol"', '"user":"alice"'))).broken?.line, 3);
		// a forged line with a fresh hash but chained to nothing
		const forged = auditLine({time: 'tx', user: 'alice', uid: 1001, role: 'admin', action: 'down', target: {project: 'shop'}, result: 'ok', rule: 'r', pid: 2, via: 'cli'}, 'f'.repeat(64));
		assert.equal(verifyChain(lines.slice(0, 3).join('') + forged + lines.slice(3).join('')).broken?.line, 4);
		// deleted line 4
		assert.equal(verifyChain(lines.filter((_, i) => i !== 3).join('')).broken?.line, 4);
		// reordered
		assert.equal(verifyChain([lines[0], lines[2], lines[1], ...lines.slice(3)].join('')).broken?.line, 2);
		// start cut
		assert.equal(verifyChain(lines.slice(2).join('')).broken?.line, 1);
	});

	it('a log under /proc fails at once with a clear error (it used to spin in a recursive mkdir)', () => {
		const t0 = Date.now();
		assert.throws(() => AuditLog.open('/proc/berth-audit/x/audit.log'), /pseudo file system/);
		assert.throws(() => AuditLog.open('/proc/self/status/audit.log'), /pseudo file system/);
		writeFileSync(join(dir, 'file-not-dir'), '');
		assert.throws(() => AuditLog.open(join(dir, 'file-not-dir', 'audit.log')), /file-not-dir is not a directory/);
		assert.ok(Date.now() - t0 < 2000);
	});

	it('a huge entry is cut to one line under the cap, still valid JSON with its fields', () => {
		const e: AuditEntry = {time: 't', user: 'u', uid: 1, role: 'viewer', action: 'restart', target: {container: 'c'.repeat(10_000)}, result: 'refused', rule: 'r'.repeat(9000), error: 'e'.repeat(50_000), pid: 1, via: 'cli'};
		const line = auditLine(e);
		assert.ok(Buffer.byteLength(line) <= MAX_LINE);
		assert.ok(line.endsWith('\n') && !line.slice(0, -1).includes('\n'));
		const back = JSON.parse(line) as AuditEntry;
		assert.equal(back.user, 'u');
		assert.equal(back.result, 'refused');
		assert.equal(back.action, 'restart');
	});

	it('escape sequences in targets stay escaped in the file (cat audit.log is safe)', () => {
		const line = auditLine({time: 't', user: 'u', uid: 1, role: 'admin', action: 'stop', target: {container: 'x\x1b]0;t\x07\u009b2J'}, result: 'ok', rule: 'r', pid: 1, via: 'cli'});
		assert.doesNotMatch(line.slice(0, -1), /[\x00-\x1f\x7f-\x9f]/);
		assert.equal((JSON.parse(line) as AuditEntry).target['container'], 'x\x1b]0;t\x07\u009b2J');
	});

	it('default path: the XDG state directory', () => {
		assert.equal(defaultAuditPath({XDG_STATE_HOME: '/s', HOME: '/h'}), '/s/berth/audit.log');
		assert.equal(defaultAuditPath({HOME: '/h'}), '/h/.local/state/berth/audit.log');
	});
});
