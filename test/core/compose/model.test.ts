import assert from 'node:assert/strict';
import {existsSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {homedir, tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, it} from 'node:test';
import {parse} from 'yaml';
import {bindMounts, cliFileFor, createMissingDirs, dependencyOrder, groupPlan, loadProject, loadProjectFromText, renderConfig} from '../../../source/core/compose/index.js';
import {groupsFromXBerth, serviceGroups} from '../../../source/core/groups.js';

function project(yaml: string, env: Record<string, string> = {}, files: Record<string, string> = {}) {
	const dir = mkdtempSync(join(tmpdir(), 'berth-model-'));
	for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
	const p = loadProjectFromText(yaml, join(dir, 'compose.yaml'), {env});
	return {dir, p};
}

describe('model: services normalised as compose config prints them', () => {
	const {dir, p} = project(
		`name: demo
x-env: &env
  SHARED: yes
services:
  web:
    build: ./web
    image: demo/web:\${TAG:-dev}
    command: ["httpd", "-f"]
    environment:
      - PLAIN=1
      - FROM_HOST
      - MISSING
    env_file: [web.env]
    labels: ["a=1", "berth.group=core"]
    ports: ["127.0.0.1:19000:80", {target: 443, published: 19001}]
    depends_on: [db]
    volumes:
      - ./html:/var/www:ro
      - ~/cache:/cache
      - data:/data
      - /anon
      - type: bind
        source: ./conf
        target: /etc/conf
  db:
    image: busybox
    environment:
      <<: *env
      NUM: 5432
      FROM_HOST:
      NOT_SET:
    depends_on:
      init: {condition: service_completed_successfully}
    healthcheck:
      test: ["CMD-SHELL", "test -f $$HOME/ok"]
  init:
    image: busybox
volumes:
  data: {}
`,
		{FROM_HOST: 'host-value', TAG: ''},
		{'web.env': 'FROM_FILE=f\nPLAIN=overridden-by-environment\n'},
	);
	const web = p.model.services['web']!;
	const db = p.model.services['db']!;
	it('has no problems', () => assert.deepEqual(p.diagnostics, []));
	it('keeps the name and sorts services', () => {
		assert.equal(p.model.name, 'demo');
		assert.deepEqual(Object.keys(p.model.services), ['db', 'init', 'web']);
	});
	it('interpolates with defaults', () => assert.equal(web.image, 'demo/web:dev'));
	it('build string → absolute context', () => assert.deepEqual(web.build, {context: join(dir, 'web')}));
	it('environment: list → map, env_file merged under it, bare keys from the environment', () =>
		assert.deepEqual(web.environment, {FROM_FILE: 'f', PLAIN: '1', FROM_HOST: 'host-value', MISSING: null}));
	it('environment: merge keys, numbers, and empty keys taken from the environment', () => assert.deepEqual(db.environment, {SHARED: 'yes', NUM: '5432', FROM_HOST: 'host-value', NOT_SET: null}));
	it('labels: list → map', () => assert.deepEqual(web.labels, {a: '1', 'berth.group': 'core'}));
	it('ports normalised', () =>
		assert.deepEqual(web.ports, [
			{host_ip: '127.0.0.1', host_port: 19000, container_port: 80, protocol: 'tcp'},
			{host_ip: '', host_port: 19001, container_port: 443, protocol: 'tcp'},
		]));
	it('depends_on: list → map with conditions', () => {
		assert.deepEqual(web.depends_on, {db: {condition: 'service_started', required: true}});
		assert.deepEqual(db.depends_on, {init: {condition: 'service_completed_successfully', required: true}});
	});
	it('volumes in long form, bind sources absolute', () =>
		assert.deepEqual(web.volumes, [
			{type: 'bind', source: join(dir, 'html'), target: '/var/www', read_only: true},
			{type: 'bind', source: join(homedir(), 'cache'), target: '/cache'},
			{type: 'volume', source: 'data', target: '/data'},
			{type: 'volume', target: '/anon'},
			{type: 'bind', source: join(dir, 'conf'), target: '/etc/conf'},
		]));
	it('$$ becomes $', () => assert.deepEqual(db.healthcheck, {test: ['CMD-SHELL', 'test -f $HOME/ok']}));
	it('command kept as written', () => assert.deepEqual(web.command, ['httpd', '-f']));
	it('renders YAML and JSON that read back the same', () => {
		assert.deepEqual(parse(renderConfig(p.model)), JSON.parse(renderConfig(p.model, 'json')));
		assert.match(renderConfig(p.model), /^name: demo\nservices:\n {2}db:/);
	});
	it('dependency order puts dependencies first', () => assert.deepEqual(dependencyOrder(p.model), ['init', 'db', 'web']));
	it('bind mounts and creating the missing directories', () => {
		const mounts = bindMounts(p.model).filter((m) => m.source.startsWith(dir));
		assert.deepEqual(
			mounts.map((m) => [m.source.slice(dir.length), m.exists]),
			[
				['/html', 'missing'],
				['/conf', 'missing'],
			],
		);
		const r = createMissingDirs(mounts);
		assert.deepEqual(r.created, [join(dir, 'html'), join(dir, 'conf')]);
		assert.deepEqual(bindMounts(p.model).filter((m) => m.source.startsWith(dir)).map((m) => m.exists), ['dir', 'dir']);
	});
	it('a missing source named like a file is not created as a directory', () => {
		const {dir: d2, p: p2} = project('services:\n  a:\n    image: x\n    volumes: ["./nginx.conf:/etc/nginx.conf"]\n');
		const r = createMissingDirs(bindMounts(p2.model));
		assert.deepEqual(r.created, []);
		assert.deepEqual(r.skipped.map((s) => s.source), [join(d2, 'nginx.conf')]);
	});
});

describe('groups', () => {
	it('x-berth groups map services to groups', () => {
		const g = groupsFromXBerth({groups: {foundation: ['db', 'cache'], support: ['logs']}});
		assert.deepEqual(g.map, {db: 'foundation', cache: 'foundation', logs: 'support'});
		assert.deepEqual(g.problems, []);
	});
	const bad: Array<[unknown, RegExp]> = [
		['x', /must be a mapping/],
		[{groups: ['a']}, /must map a group name/],
		[{groups: {backend: ['a']}}, /unknown group "backend"/],
		[{groups: {core: 'a'}}, /must be a list/],
		[{groups: {core: ['a'], support: ['a']}}, /in two groups/],
	];
	for (const [x, re] of bad) it(`reports ${JSON.stringify(x)}`, () => assert.match(groupsFromXBerth(x).problems[0]!.message, re));
	it('a berth.group label wins over x-berth; the rest default to application', () => {
		const services = {db: {labels: {'berth.group': 'core'}}, cache: {}, web: {}, bad: {labels: {'berth.group': 'nope'}}};
		assert.deepEqual(serviceGroups(services, {groups: {foundation: ['db', 'cache']}}), {db: 'core', cache: 'foundation', web: 'application', bad: 'application'});
	});
	it('group plan: group order, dependencies first inside a group', () => {
		const {p} = project(`services:
  web: {image: x, depends_on: [api], labels: {berth.group: support}}
  api: {image: x, depends_on: [db, cache]}
  cache: {image: x}
  db: {image: x}
  metrics: {image: x, labels: [berth.group=support]}
x-berth:
  groups:
    foundation: [db, cache]
`);
		assert.deepEqual(groupPlan(p.model), [
			{group: 'foundation', services: ['cache', 'db']},
			{group: 'application', services: ['api']},
			{group: 'support', services: ['metrics', 'web']},
		]);
		assert.deepEqual(groupPlan(p.model, ['web', 'db']), [
			{group: 'foundation', services: ['db']},
			{group: 'support', services: ['web']},
		]);
	});
});

describe('the file handed to docker-compose v1', () => {
	it('v2 gets the original; v1 a kept copy without name: and include:', () => {
		const cache = mkdtempSync(join(tmpdir(), 'berth-cache-'));
		const before = process.env['XDG_CACHE_HOME'];
		process.env['XDG_CACHE_HOME'] = cache;
		try {
			const dir = mkdtempSync(join(tmpdir(), 'berth-v1file-'));
			writeFileSync(join(dir, 'compose.yaml'), 'name: btcv1\ninclude: [more.yaml]\nservices:\n  a:\n    image: x # kept comment\n');
			writeFileSync(join(dir, 'more.yaml'), 'services:\n  b:\n    image: y\n');
			const p = loadProject({file: join(dir, 'compose.yaml'), env: {}});
			assert.deepEqual(cliFileFor(p, 'v2').files, [join(dir, 'compose.yaml')]);
			const v1 = cliFileFor(p, 'v1');
			assert.equal(v1.projectDir, dir);
			assert.equal(v1.files[1], join(dir, 'more.yaml'));
			assert.ok(v1.files[0]!.startsWith(join(cache, 'berth', 'compose-v1', 'btcv1-')));
			const text = readFileSync(v1.files[0]!, 'utf8');
			assert.doesNotMatch(text, /^name:|^include:/m);
			assert.match(text, /image: x # kept comment/);
			v1.cleanup();
			assert.ok(existsSync(v1.files[0]!), 'kept: compose labels point at it');
		} finally {
			if (before === undefined) delete process.env['XDG_CACHE_HOME'];
			else process.env['XDG_CACHE_HOME'] = before;
		}
	});
});
