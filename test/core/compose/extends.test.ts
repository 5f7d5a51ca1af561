import assert from 'node:assert/strict';
import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, it} from 'node:test';
import {loadProjectFromText} from '../../../source/core/compose/index.js';
import {mergeService} from '../../../source/core/compose/extends.js';

describe('extends', () => {
	const merges: Array<[string, Record<string, unknown>, Record<string, unknown>, Record<string, unknown>]> = [
		['scalars: local wins', {image: 'a', command: 'x'}, {image: 'b'}, {image: 'b', command: 'x'}],
		['environment list + map merge', {environment: ['A=1', 'B=2']}, {environment: {B: '3'}}, {environment: {A: '1', B: '3'}}],
		['ports concatenated without duplicates', {ports: ['80:80', '81:81']}, {ports: ['81:81', '82:82']}, {ports: ['80:80', '81:81', '82:82']}],
		['volumes merged by target', {volumes: ['./a:/data', 'logs:/logs']}, {volumes: ['./b:/data']}, {volumes: ['logs:/logs', './b:/data']}],
		['command replaced, not merged', {command: ['a', 'b']}, {command: ['c']}, {command: ['c']}],
		['extends key dropped', {image: 'x'}, {extends: 'base'}, {image: 'x'}],
	];
	for (const [name, base, local, want] of merges) it(name, () => assert.deepEqual(mergeService(base, local), want));

	function load(yaml: string, files: Record<string, string> = {}) {
		const dir = mkdtempSync(join(tmpdir(), 'berth-ext-'));
		for (const [f, t] of Object.entries(files)) {
			mkdirSync(join(dir, f, '..'), {recursive: true});
			writeFileSync(join(dir, f), t);
		}
		return {dir, p: loadProjectFromText(yaml, join(dir, 'compose.yaml'), {env: {TAG: '7'}})};
	}

	it('from the same file', () => {
		const {p} = load('services:\n  base:\n    image: x:${TAG}\n    environment: [A=1]\n  web:\n    extends: base\n    environment: [B=2]\n');
		assert.deepEqual(p.diagnostics, []);
		assert.deepEqual(p.model.services['web'], {environment: {A: '1', B: '2'}, image: 'x:7'});
	});

	it('from another file, its relative paths made absolute against that file', () => {
		const {dir, p} = load('services:\n  web:\n    extends: {file: common/base.yaml, service: app}\n    ports: ["19200:80"]\n', {
			'common/base.yaml': 'services:\n  app:\n    build: ./src\n    image: app:${TAG}\n    volumes: ["./conf:/conf"]\n',
		});
		assert.deepEqual(p.diagnostics, []);
		const web = p.model.services['web']!;
		assert.deepEqual(web.build, {context: join(dir, 'common/src')});
		assert.equal(web.image, 'app:7');
		assert.deepEqual(web.volumes, [{type: 'bind', source: join(dir, 'common/conf'), target: '/conf'}]);
		assert.deepEqual(web.ports, [{host_ip: '', host_port: 19200, container_port: 80, protocol: 'tcp'}]);
	});

	const bad: Array<[string, string, RegExp]> = [
		['unknown service', 'services:\n  web:\n    extends: nope\n', /extends: service "nope" not found/],
		['missing file', 'services:\n  web:\n    extends: {file: gone.yaml, service: a}\n', /extends: file .*gone\.yaml not found/],
		['cycle', 'services:\n  a:\n    extends: b\n  b:\n    extends: a\n', /extends cycle/],
	];
	for (const [name, yaml, re] of bad) {
		it(`reports ${name} at the extends key`, () => {
			const d = load(yaml).p.diagnostics.find((x) => x.code === 'bad-extends');
			assert.ok(d, 'a bad-extends diagnostic');
			assert.equal(d.line, 3);
			assert.match(d.message, re);
		});
	}
});
