/**
 * The audit log under concurrent writers: many processes append at once (as several berth
 * processes and users would); no line is lost, split or interleaved.
 */
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, describe, it} from 'node:test';
import {MAX_LINE, auditLine, defaultAuditPath, type AuditEntry} from '../../../source/core/audit.js';

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

	it('24 concurrent processes × 300 lines: every line whole, none lost', async () => {
		const path = join(dir, 'sub', 'audit.log');
		const writers = 24;
		const each = 300;
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
