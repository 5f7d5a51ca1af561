/** Pure bench helpers: /proc parsing, percentiles, stats freshness, Ink frame reading. */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {BSU, ESU, FrameSplitter, inverseTexts, namesIn, stripAnsi} from '../../bench/frames.js';
import {clientsOfSocket, descendants, parseStat, parseVmRss} from '../../bench/proc.js';
import {freshTicks, median, percentile} from '../../bench/stats.js';

describe('parseStat', () => {
	const cases: Array<[string, string, Partial<ReturnType<typeof parseStat>>]> = [
		['plain', '1234 (node) S 1 1234 1234 0 -1 4194560 100 0 0 0 250 40 3 2 20 0 11 0 500 1000 3000 18446744073709551615', {pid: 1234, comm: 'node', state: 'S', ppid: 1, utime: 250, stime: 40, cutime: 3, cstime: 2, rssPages: 3000}],
		['comm with spaces and parens', '77 (my (odd) proc) R 5 77 77 0 -1 0 0 0 0 0 7 8 0 0 20 0 1 0 1 2 42', {pid: 77, comm: 'my (odd) proc', state: 'R', ppid: 5, utime: 7, stime: 8, rssPages: 42}],
	];
	for (const [name, line, want] of cases) {
		it(name, () => {
			const got = parseStat(line);
			for (const [k, v] of Object.entries(want)) assert.equal(got[k as keyof typeof got], v, k);
		});
	}
	it('rejects a line that is not a stat line', () => assert.throws(() => parseStat('garbage')));
});

describe('parseVmRss', () => {
	it('reads kB as bytes', () => assert.equal(parseVmRss('Name:\tnode\nVmRSS:\t   51200 kB\nVmSwap:\t0 kB\n'), 51200 * 1024));
	it('0 when absent (kernel threads)', () => assert.equal(parseVmRss('Name:\tkthreadd\n'), 0));
});

describe('descendants', () => {
	it('walks the whole tree from the root, nothing else', () => {
		const table = [
			{pid: 10, ppid: 1},
			{pid: 11, ppid: 10},
			{pid: 12, ppid: 11},
			{pid: 13, ppid: 10},
			{pid: 20, ppid: 1},
		];
		assert.deepEqual(descendants(10, table).sort(), [10, 11, 12, 13]);
		assert.deepEqual(descendants(20, table), [20]);
	});
});

describe('clientsOfSocket', () => {
	const ss = [
		'Netid State  Recv-Q Send-Q   Local Address:Port  Peer Address:Port Process',
		'u_str LISTEN 0      4096     /var/run/docker.sock 5834  * 0',
		'u_str ESTAB  0      0        /var/run/docker.sock 9001  * 9002',
		'u_str ESTAB  0      0        * 9002  * 9001',
		'u_str ESTAB  0      0        /var/run/docker.sock 9003  * 9004',
		'u_str ESTAB  0      0        /run/other.sock 9005  * 9006',
	].join('\n');
	it('client inodes are the peers of the server-side rows of that path', () => {
		assert.deepEqual([...clientsOfSocket(ss, '/var/run/docker.sock')].sort(), [9002, 9004]);
		assert.deepEqual([...clientsOfSocket(ss, '/run/other.sock')], [9006]);
		assert.equal(clientsOfSocket(ss, '/nope.sock').size, 0);
	});
});

describe('percentile and median', () => {
	const table: Array<[number[], number, number]> = [
		[[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95, 10],
		[[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50, 5],
		[[5, 1, 3], 100, 5],
		[[5, 1, 3], 1, 1],
		[[42], 95, 42],
	];
	for (const [values, p, want] of table) it(`p${p} of ${values.join(',')} = ${want}`, () => assert.equal(percentile(values, p), want));
	it('empty → NaN', () => assert.ok(Number.isNaN(percentile([], 95))));
	it('median of odd and even counts', () => {
		assert.equal(median([3, 1, 2]), 2);
		assert.equal(median([4, 1, 3, 2]), 2.5);
	});
});

describe('freshTicks', () => {
	it('a tick is fresh only when every container got a sample in it', () => {
		const arrivals = [
			[100, 1100, 2100, 3100],
			[500, 1500, 3500], // missed tick 2 (2000–2999)
		];
		assert.deepEqual(freshTicks(arrivals, 0, 4), {fresh: 3, share: 0.75});
	});
	it('no containers: every tick is fresh', () => assert.deepEqual(freshTicks([], 0, 2), {fresh: 2, share: 1}));
});

describe('frames', () => {
	it('splits frames on synchronized-output marks, across chunk boundaries', () => {
		const s = new FrameSplitter();
		assert.deepEqual(s.push(`\x1b[?1049h${BSU}one`), []);
		assert.deepEqual(s.push(`${ESU}${BSU}two${ESU}${BSU.slice(0, 3)}`), ['one', 'two']);
		assert.deepEqual(s.push(`${BSU.slice(3)}three${ESU}`), ['three']);
	});
	it('inverse texts: tab bar and selected row, ANSI removed', () => {
		const frame = '\x1b[7m\x1b[1m 1 Containers \x1b[22m\x1b[27m 2 Groups\r\n\x1b[7m\x1b[33m  bb-x-001   \x1b[39mrunning\x1b[27m\r\n  bb-x-002';
		assert.deepEqual(inverseTexts(frame), ['1 Containers', 'bb-x-001   running']);
	});
	it('stripAnsi and namesIn', () => {
		assert.equal(stripAnsi('\x1b[32mok\x1b[39m \x1b]0;title\x07x'), 'ok x');
		assert.deepEqual(namesIn('\x1b[1mbb-a\x1b[22m bb-c', ['bb-a', 'bb-b', 'bb-c']), ['bb-a', 'bb-c']);
	});
});

describe('wantedStreams (socket bound)', () => {
	it('visible rows plus every member of a visible group row (not of "standalone": it shows no total)', async () => {
		const {wantedStreams} = await import('../../bench/figures/sockets.js');
		const running = [
			{name: 'demo_api_1', project: 'demo', service: 'api'},
			{name: 'demo_db_1', project: 'demo', service: 'db'},
			{name: 'other_x_1', project: 'other', service: 'x'},
			{name: 'bb-1', project: '', service: ''},
			{name: 'bb-2', project: '', service: ''},
		];
		const frame = '\x1b[7m  ▾ demo  2/2 running\x1b[27m\r\n    ▸ api   1/1\r\n  ▾ standalone   2/2\r\n    bb-1  running';
		// demo_api_1 and demo_db_1 (the demo project's total), bb-1 (a visible row); not bb-2
		assert.equal(wantedStreams(frame, running), 3);
		assert.equal(wantedStreams('    bb-2  running', running), 1);
	});
});

describe('followedLogs (socket bound)', () => {
	const table: Array<[string, string, number]> = [
		['a project of six', '  logs · project berth-demo (6) following · 1215 lines', 6],
		['one container', 'logs · container bt-sick-1 following · 0 lines · timestamps', 1],
		['paused follow', 'logs · container web_1 · 20 lines', 0],
		['the standalone row in the preview', 'logs · project standalone (50) not following · 0 lines', 0],
		['no log pane', 'NAME  STATE', 0],
	];
	for (const [name, frame, want] of table) {
		it(name, async () => {
			const {followedLogs} = await import('../../bench/figures/sockets.js');
			assert.equal(followedLogs(`header\r\n\x1b[1m${frame}\x1b[22m\r\nbody`), want);
		});
	}
});

describe('selection (key latency probe)', () => {
	it('name parts of the tab bar and the selected row; ticking columns do not count', async () => {
		const {selection} = await import('../../bench/figures/interactive.js');
		const row = (uptime: string) => `\x1b[7m 1 Containers \x1b[27m 2 Groups\r\n\x1b[7m  bb-x-001        running     ${uptime}\x1b[27m\r\n  bb-x-002   running`;
		assert.equal(selection(row('5s')), '1 Containers | bb-x-001');
		assert.equal(selection(row('5s')), selection(row('6s')));
		assert.notEqual(selection(row('5s')), selection(row('5s').replace('bb-x-001', 'bb-x-002')));
	});
});
