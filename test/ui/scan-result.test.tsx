/**
 * The images pane's scan box (ui/components/ScanResult.tsx) on its own: running, trivy not on the
 * PATH (how to install it), counts and top findings, a clean image; hostile report text drawn inert.
 */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {render} from 'ink-testing-library';
import React from 'react';
import {summarize, type Finding} from '../../source/core/images/trivy.js';
import {notFoundError} from '../../source/engine/trivy.js';
import type {ScanState} from '../../source/state/scan.js';
import {ScanResult, scanHeight} from '../../source/ui/components/ScanResult.js';
import {makeTheme} from '../../source/ui/theme.js';
import {assertInert, HOSTILE} from '../helpers/hostile.js';
import {plain} from '../helpers/frame.js';

const f = (id: string, severity: Finding['severity'], over: Partial<Finding> = {}): Finding => ({id, pkg: 'musl', installed: '1.2.4', fixed: '1.2.5', severity, title: `title of ${id}`, target: 'app (alpine 3.19)', ...over});
const base = {ref: 'app:1', running: false, summary: null, error: null, started: 0, at: 1} satisfies ScanState;

function draw(scan: ScanState, width = 120, height = 12, colour = false) {
	const r = render(<ScanResult scan={scan} width={width} height={Math.min(height, scanHeight(scan, 2 * height, width))} theme={makeTheme(colour)} />);
	const out = r.lastFrame() ?? '';
	r.unmount();
	return out;
}

describe('ScanResult', () => {
	it('running', () => {
		assert.match(plain(draw({...base, running: true, at: null})), /scanning app:1 with trivy… \(the first scan downloads trivy's database\)/);
	});

	it('trivy not on the PATH: says how to enable it, whole (wrapped) in a narrow pane too', () => {
		const e = notFoundError();
		for (const width of [220, 80, 60]) {
			const out = plain(draw({...base, error: {code: 'trivy-not-found', message: e.message, hint: e.hint}}, width, 20));
			const flat = out.split('\n').map((l) => l.trim()).join(' ');
			assert.match(flat, /✖ scan app:1: trivy is not on the PATH: install it from/, `width ${width}`);
			assert.ok(out.includes('https://trivy.dev/latest/getting-started/installation/'), `the URL whole on one line at width ${width}:\n${out}`);
			assert.match(flat, /\(e\.g\. apt\/brew\/the release binary\), then run again/, `width ${width}`);
			assert.match(flat, /→ berth runs `trivy image` on the local image/, `width ${width}`);
		}
	});

	it('counts by severity and the top findings, most severe first', () => {
		const summary = summarize('app:1', {artifact: 'app:1', findings: [f('CVE-L', 'LOW'), f('CVE-C', 'CRITICAL'), f('CVE-H', 'HIGH', {fixed: ''})], skipped: 0, duplicates: 0});
		const out = plain(draw({...base, summary}));
		const lines = out.split('\n');
		assert.match(lines[0]!, /Vulnerabilities of app:1: 3 · top 3 · s scans again/);
		assert.match(lines[1]!, /CRITICAL 1 · HIGH 1 · MEDIUM 0 · LOW 1 · UNKNOWN 0/);
		assert.match(lines[2]!, /CRITICAL\s+CVE-C\s+musl\s+1\.2\.4→1\.2\.5\s+title of CVE-C/);
		assert.match(lines[3]!, /HIGH\s+CVE-H\s+musl\s+1\.2\.4 \(no fix\)/);
		assert.match(lines[4]!, /LOW\s+CVE-L/);
	});

	it('a clean image', () => {
		const summary = summarize('app:1', {artifact: 'app:1', findings: [], skipped: 0, duplicates: 0});
		assert.match(plain(draw({...base, summary})), /Vulnerabilities of app:1: 0 · s scans again\n.*UNKNOWN 0\n\s+no vulnerabilities found/);
	});

	it('the box keeps to its height (at most half the pane)', () => {
		const many = Array.from({length: 40}, (_, i) => f(`CVE-${String(i).padStart(2, '0')}`, 'HIGH'));
		const summary = summarize('app:1', {artifact: 'app:1', findings: many, skipped: 0, duplicates: 0}, {top: 40});
		assert.equal(scanHeight({...base, summary}, 20), 10);
		assert.equal(scanHeight({...base, summary}, 3), 2, 'at least the title and the counts');
		assert.equal(plain(draw({...base, summary}, 100, 10)).split('\n').length, 10);
		assert.equal(scanHeight(null, 20), 0);
	});

	it('hostile report text is drawn inert, colour off and on', () => {
		const H = HOSTILE;
		const summary = summarize(`x${H.osc0}`, {artifact: '', findings: [f(`CVE${H.osc52}`, 'CRITICAL', {pkg: `p${H.csi}`, installed: `v${H.bidi}`, fixed: `w${H.c1}`, title: `hxt${H.osc8}\nline2`})], skipped: 0, duplicates: 0});
		for (const colour of [false, true]) {
			const out = draw({...base, ref: `app${H.osc2st}`, summary}, 200, 12, colour);
			assertInert(out, `scan box (colour ${colour})`, {allowSgr: colour});
			assert.match(plain(out), /hxc/);
		}
		const err = draw({...base, error: {code: 'trivy-failed', message: `trivy failed: ${H.oscOpen}`, hint: `${H.csi}`}}, 200);
		assertInert(err, 'scan error');
		assert.match(plain(err), /hxe/);
	});
});
