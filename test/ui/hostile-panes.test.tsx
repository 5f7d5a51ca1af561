/**
 * Nothing untrusted reaches the terminal raw, dashboard side (issue 13): a state filled from the
 * hostile corpus in every slot the panes draw from (container names, compose project/service,
 * berth.group and other labels, image, command, healthcheck output, error, log lines and their
 * source names, inspect text, doctor findings, engine version and connection error, status line,
 * confirm dialog, filter and typed input), every pane rendered, every frame Ink wrote checked:
 * - colour off: no ESC at all, no C0 but newline, no DEL, no C1, no bidi control;
 * - colour on: berth's own SGR colours only (every ESC starts a plain `ESC [ … m`).
 * The markers (`hx…`) must show, so the fields were drawn and not merely dropped.
 */
import assert from 'node:assert/strict';
import {readFileSync, readdirSync, statSync} from 'node:fs';
import {join} from 'node:path';
import chalk from 'chalk';
import React from 'react';
import {afterEach, describe, it} from 'node:test';
import type {LogLineView} from '../../source/state/types.js';
import {Text} from '../../source/ui/components/Text.js';
import {makeTheme} from '../../source/ui/theme.js';
import {assertInert, HOSTILE, HOSTILE_NUL} from '../helpers/hostile.js';
import {record} from '../helpers/records.js';
import {sample} from './fixtures.js';
import {KEY, mount, NOW, storeWith, tick, type Harness} from './harness.js';

const E = '\x1b';
const H = HOSTILE;
const PROJECT = `${H.osc0}${H.c1}`;
const SERVICE = `${H.csi}${H.bidi}`;
const id = (s: string) => s.padEnd(64, '0');

function hostileRecords() {
	const labels = (project: string, service: string, group: string) => ({'com.docker.compose.project': project, 'com.docker.compose.service': service, 'berth.group': group, 'hx.long': H.long, 'hx.other': `${H.dcs}${H.esc2}${HOSTILE_NUL}`});
	return [
		record({id: id('a1'), name: `hxname${H.osc52}${H.bel}`, project: PROJECT, service: SERVICE, labels: labels(PROJECT, SERVICE, 'foundation'), image: `img${H.osc2st}${H.overwrite}`, command: `sh -c ${H.dcs}`, health: 'unhealthy', health_failing_streak: 3, health_last_output: `${H.osc0}\n${HOSTILE_NUL}\n${H.c1}`, ports: [{host_ip: '127.0.0.1', host_port: 18080, container_port: 80, protocol: 'tcp'}]}),
		record({id: id('a2'), name: `hxtwo${H.c1}`, project: PROJECT, service: SERVICE, labels: labels(PROJECT, SERVICE, H.osc52), state: 'exited', exit_code: 3, error: `hxerr${H.csi}${H.oscOpen}`, ports: [{host_ip: '0.0.0.0', host_port: 18080, container_port: 81, protocol: 'tcp'}]}),
		record({id: id('b1'), name: `hxthree${H.bidi}`, project: H.osc2st, service: H.oscOpen, labels: labels(H.osc2st, H.oscOpen, H.c1), image: H.long}),
		record({id: id('lone'), name: `hxlone${H.esc2}`, image: `${H.osc8}`, labels: {'berth.group': `${H.osc0}`}}),
	];
}

const logLine = (seq: number, text: string, source: string, sourceIndex: number): LogLineView => ({seq, ts: '2026-01-01T00:59:00.000000000Z', text, stream: seq % 2 ? 'stderr' : 'stdout', source, sourceIndex});

/** Every state slot a pane draws from, hostile. */
function hostileStore(opts: {disconnected?: boolean} = {}) {
	const recs = hostileRecords();
	const store = storeWith(recs);
	store.dispatch({type: 'connection/connected', where: `unix:///hx${H.osc0}.sock`, engine: {version: `20.10${H.osc52}`, api: `1.41${H.c1}`, arch: `amd64${H.bidi}`}});
	store.dispatch({type: 'stats/batch', samples: Object.fromEntries(recs.map((r) => [r.id, sample()]))});
	const corpus = [...Object.values(H), HOSTILE_NUL, `${E}[31mred hxcolour${E}[0m`];
	const lines = corpus.map((t, i) => logLine(i + 1, t, recs[i % 2]!.name, i % 2));
	store.dispatch({type: 'logs/set', logs: {subject: `s:${PROJECT}/${SERVICE}`, lines, dropped: 0, sources: 2, error: `hxlogerr${H.osc0}`}});
	store.dispatch(inspectAction());
	store.dispatch({
		type: 'doctor/set',
		doctor: {subject: `p:${PROJECT}`, running: false, at: NOW, error: null, findings: recs.map((r) => ({container: r.name, service: r.service, code: 'unhealthy', severity: 'error' as const, message: `hxmsg${H.osc0}${H.c1}${HOSTILE_NUL}`, fix: `hxfix${H.osc52}${H.bidi}\n${H.csi}`}))},
	});
	store.dispatch({type: 'ui/status', status: {kind: 'error', text: `hxstatus${H.osc0}${H.c1}`, hint: `hxhint${H.bidi}${H.bel}`, at: NOW}});
	if (opts.disconnected) store.dispatch({type: 'connection/lost', where: `unix:///hx${H.csi}`, error: {code: 'unreachable', message: `hxlost${H.osc0}${H.c1}`, hint: `hxlosthint${H.osc52}`}, retryAt: NOW + 5000});
	return store;
}

/** The inspect text (YAML the effect would make), hostile; dispatched once the inspect pane follows its subject. */
const inspectAction = () => ({type: 'inspect/set' as const, inspect: {id: id('a1'), text: [...Object.values(H), HOSTILE_NUL].map((c, i) => `Key${i}: ${c}`).join('\n'), error: null}});

let h: Harness | null = null;
afterEach(() => {
	h?.unmount();
	h = null;
});

/** Every frame Ink wrote so far, checked; returns them joined (for markers). */
function checkFrames(where: string, opts: {colour?: boolean} = {}): string {
	const all = h!.stdout.frames.join('\n');
	if (opts.colour) {
		// every ESC is berth's own plain SGR (Ink's colours); nothing else
		const other = all.replace(/\x1b\[[0-9;]*m/g, '');
		assertInert(other, `${where} (colour on)`);
	} else {
		assert.ok(!all.includes(E), `${where}: an ESC in a colour-off frame: ${JSON.stringify(all.slice(Math.max(0, all.indexOf(E) - 40), all.indexOf(E) + 40))}`);
		assertInert(all, where);
	}
	return all;
}

const PANES: Array<{keys: string[]; name: string; markers: string[]; inspect?: string[]}> = [
	{keys: [], name: 'containers', markers: ['hxname', 'hxa', 'hxf']},
	{keys: ['l', 'j', 'l', 'j', 'j'], name: 'containers (tree expanded, moved)', markers: ['hxtwo', 'hxthree']},
	{keys: ['2'], name: 'groups', markers: ['hxa', 'hxb']},
	{keys: ['3'], name: 'ports', markers: ['hxname']},
	{keys: ['4'], name: 'logs', markers: ['hxa', 'hxc', 'hxp', 'hxcolour']},
	{keys: ['4', 't'], name: 'logs with timestamps', markers: ['hxa']},
	{keys: ['4', 'w'], name: 'logs wrapped', markers: ['hxm']},
	{keys: ['4', '/', 'h', 'x', KEY.enter], name: 'logs search highlight', markers: ['hx']},
	{keys: ['5'], name: 'stats', markers: ['hx']},
	{keys: ['6'], name: 'inspect', markers: ['Key0: hxa'], inspect: []},
	{keys: ['6'], name: 'inspect search', markers: ['hx'], inspect: ['/', 'h', 'x', KEY.enter]},
	{keys: ['7'], name: 'doctor', markers: ['hxmsg', 'hxfix']},
	{keys: ['?'], name: 'help', markers: ['hxstatus']},
	{keys: ['/'], name: 'filter input', markers: ['hxstatus']},
];

describe('hostile strings in every dashboard pane', () => {
	for (const colour of [false, true]) {
		for (const p of PANES) {
			it(`${p.name} (colour ${colour ? 'on' : 'off'})`, async () => {
				// colour on: Ink's chalk at full level whatever the test runner's FORCE_COLOR says
				const level = chalk.level;
				if (colour) chalk.level = 3;
				let all: string;
				try {
					const store = hostileStore();
					h = await mount(store, {columns: 160, rows: 50, ...(colour ? {theme: makeTheme(true)} : {})});
					if (p.keys.length) await h.press(...p.keys);
					if (p.inspect) {
						store.dispatch(inspectAction());
						await h.press(...p.inspect);
					}
					all = checkFrames(p.name, {colour});
					if (colour) assert.match(all, /\x1b\[3[0-9]m/, 'berth\'s colours are drawn (so the check above saw them)');
				} finally {
					chalk.level = level;
				}
				const plainAll = all.replace(/\x1b\[[0-9;]*m/g, '');
				assert.ok(p.markers.some((m) => plainAll.includes(m)), `${p.name}: none of ${p.markers.join(', ')} on screen:\n${h!.frame()}`);
			});
		}
	}

	it('a narrow terminal (truncation paths), the disconnected banner, a confirm dialog, typed input', async () => {
		const store = hostileStore({disconnected: true});
		h = await mount(store, {columns: 50, rows: 16});
		checkFrames('narrow, disconnected');
		store.dispatch({type: 'ui/confirm', confirm: {message: `hxconfirm${H.osc0}${H.c1}?`, binding: 'restart', subject: `p:${PROJECT}`, ids: [id('a1'), id('a2')]}});
		await tick();
		store.dispatch({type: 'ui/input', input: {kind: 'filter', text: `hxtyped${H.osc52}${H.bidi}`}});
		store.dispatch({type: 'ui/filter', text: `hx${H.csi}`});
		await h.resize(120, 30);
		const all = checkFrames('confirm, input, filter');
		assert.ok(all.includes('hxconfirm') && all.includes('hxtyped') && all.includes('hxlost'), h.frame());
	});

	it('Text (ui/components/Text) makes string children inert, in arrays and fragments, and keeps SGR only when asked', () => {
		/** the strings of the element tree Text hands to Ink */
		const strings = (n: React.ReactNode): string[] =>
			typeof n === 'string' ? [n] : Array.isArray(n) ? n.flatMap(strings) : React.isValidElement<{children?: React.ReactNode}>(n) ? strings(n.props.children) : [];
		const el = Text({children: ['a', H.osc0, [H.c1, <React.Fragment key="f">{H.bidi}</React.Fragment>], <>{H.csi}</>, 7]});
		const out = strings(el).join('');
		assertInert(out, 'Text');
		assert.equal(out, `ahxahxihxj<U+202E>evil<U+202C><U+202A><U+202B><U+202D><U+2066>iso<U+2069><U+2067><U+2068>hxf`);
		const coloured = strings(Text({ansi: true, children: `${E}[31mred${E}[0m${H.osc52}`})).join('');
		assert.equal(coloured, `${E}[31mred${E}[0mhxc`, 'ansi keeps plain SGR, drops the rest');
		assert.equal(strings(Text({children: `${E}[31mred${E}[0m`})).join(''), 'red', 'without ansi SGR goes too');
	});

	it('no UI file draws text with Ink\'s own Text (everything goes through ui/components/Text)', () => {
		const files: string[] = [];
		const walk = (d: string) => {
			for (const e of readdirSync(d)) {
				const p = join(d, e);
				if (statSync(p).isDirectory()) walk(p);
				else if (/\.tsx?$/.test(e)) files.push(p);
			}
		};
		walk('source/ui');
		const offenders = files.filter((f) => !f.endsWith(join('components', 'Text.tsx')) && /import\s*\{[^}]*\bText\b[^}]*\}\s*from\s*'ink'/.test(readFileSync(f, 'utf8')));
		assert.deepEqual(offenders, []);
	});
});

