/** Child process for audit.test.ts: append N audit lines (some near the size cap) to a file. */
import {appendAudit} from '../../../source/core/audit.js';

const [path, who, count] = process.argv.slice(2) as [string, string, string];
for (let i = 0; i < Number(count); i++) {
	appendAudit(path, {
		time: new Date().toISOString(),
		user: who,
		uid: process.getuid?.() ?? 0,
		role: 'admin',
		action: 'restart',
		target: {container: `c-${i}`},
		result: 'ok',
		rule: 'test',
		// every 7th line is huge: it must be cut to one write, not split
		...(i % 7 === 0 ? {error: 'x'.repeat(20_000)} : {error: 'y'.repeat(i % 300)}),
		exit_code: i,
		pid: process.pid,
		via: 'test',
	});
}
