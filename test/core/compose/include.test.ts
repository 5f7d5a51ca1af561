import assert from 'node:assert/strict';
import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, it} from 'node:test';
import {loadProject} from '../../../source/core/compose/index.js';

function tree(files: Record<string, string>): string {
	const dir = mkdtempSync(join(tmpdir(), 'berth-inc-'));
	for (const [f, t] of Object.entries(files)) {
		mkdirSync(join(dir, f, '..'), {recursive: true});
		writeFileSync(join(dir, f), t);
	}
	return dir;
}

const brief = (dir: string) => loadProject({cwd: dir, env: {}}).diagnostics.map((d) => `${d.file.slice(dir.length + 1)}:${d.line}:${d.col} ${d.severity} ${d.code}`);

describe('include', () => {
	it('merges services and volumes; paths and .env stay relative to the included file', () => {
		const dir = tree({
			'compose.yaml': 'include:\n  - db/compose.yaml\nservices:\n  web:\n    image: x\n    depends_on: [db]\n    volumes: ["data:/d"]\n',
			'db/compose.yaml': 'services:\n  db:\n    image: postgres:${PG}\n    volumes: ["./init:/init", "data:/var/lib/pg"]\nvolumes:\n  data: {}\n',
			'db/.env': 'PG=16\n',
		});
		const p = loadProject({cwd: dir, env: {}});
		assert.deepEqual(p.diagnostics, []);
		assert.deepEqual(Object.keys(p.model.services), ['db', 'web']);
		assert.equal(p.model.services['db']!.image, 'postgres:16');
		assert.deepEqual(p.model.services['db']!.volumes![0], {type: 'bind', source: join(dir, 'db/init'), target: '/init'});
		assert.deepEqual(p.model.volumes, {data: {}});
		assert.equal('include' in p.model, false);
	});

	it('long form with a list of paths', () => {
		const dir = tree({
			'compose.yaml': 'include:\n  - path: [a.yaml, b.yaml]\n',
			'a.yaml': 'services:\n  a:\n    image: x\n',
			'b.yaml': 'services:\n  b:\n    image: x\n    depends_on: [a]\n',
		});
		assert.deepEqual(Object.keys(loadProject({cwd: dir, env: {}}).model.services), ['a', 'b']);
	});

	const bad: Array<[string, Record<string, string>, string[]]> = [
		['a missing file', {'compose.yaml': 'include: [gone.yaml]\nservices:\n  a: {image: x}\n'}, ['compose.yaml:1:11 error bad-include']],
		['a service defined twice', {'compose.yaml': 'include:\n  - other.yaml\nservices:\n  a: {image: x}\n', 'other.yaml': 'services:\n  a: {image: y}\n'}, ['compose.yaml:2:5 error include-conflict']],
		['problems inside the included file, at their place there', {'compose.yaml': 'include: [sub.yaml]\n', 'sub.yaml': 'services:\n  s:\n    ports: ["x"]\n'}, ['sub.yaml:2:3 error no-image', 'sub.yaml:3:13 error bad-port']],
		['an include cycle', {'compose.yaml': 'include: [a.yaml]\nservices:\n  m: {image: x}\n', 'a.yaml': 'include: [compose.yaml]\nservices:\n  n: {image: x}\n'}, ['a.yaml:1:11 error bad-include']],
		['a port clash with an included service', {'compose.yaml': 'include: [sub.yaml]\nservices:\n  m:\n    image: x\n    ports: ["19290:1"]\n', 'sub.yaml': 'services:\n  a:\n    image: x\n    ports: ["19290:2"]\n'}, ['compose.yaml:5:13 error duplicate-host-port']],
		['depends_on a service nowhere', {'compose.yaml': 'include: [sub.yaml]\nservices:\n  m:\n    image: x\n    depends_on: [zz]\n', 'sub.yaml': 'services:\n  a: {image: x}\n'}, ['compose.yaml:5:18 error unknown-dependency']],
	];
	for (const [name, files, want] of bad) it(`reports ${name}`, () => assert.deepEqual(brief(tree(files)), want));
});
