import assert from 'node:assert/strict';
import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, it} from 'node:test';
import {formatDiagnostic, loadProject, loadProjectFromText} from '../../../source/core/compose/index.js';

function load(yaml: string, env: Record<string, string> = {}, files: Record<string, string> = {}) {
	const dir = mkdtempSync(join(tmpdir(), 'berth-validate-'));
	for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
	const file = join(dir, 'compose.yaml');
	return {dir, file, project: loadProjectFromText(yaml, file, {env})};
}

/** "line:col severity code" of every diagnostic of compose.yaml, in order */
const brief = (yaml: string, env: Record<string, string> = {}, files: Record<string, string> = {}) =>
	load(yaml, env, files).project.diagnostics.map((d) => `${d.file.endsWith('compose.yaml') ? '' : d.file.split('/').pop() + ':'}${d.line}:${d.col} ${d.severity} ${d.code}`);

describe('validate: problems with their positions', () => {
	const cases: Array<{name: string; yaml: string; want: string[]; env?: Record<string, string>; files?: Record<string, string>}> = [
		{name: 'a valid file', yaml: 'services:\n  web:\n    image: nginx\n', want: []},
		{name: 'top-level name is valid', yaml: 'name: myapp\nservices:\n  web:\n    image: nginx\n', want: []},
		{name: 'version is obsolete (a warning)', yaml: "version: '3.8'\nservices:\n  web:\n    image: nginx\n", want: ['1:1 warning version-obsolete']},
		{name: 'unknown top-level key', yaml: 'services:\n  a:\n    image: x\nservice:\n  b: {}\n', want: ['4:1 error unknown-key']},
		{name: 'unknown service key, with a suggestion', yaml: 'services:\n  a:\n    image: x\n    depend_on: [b]\n    x-mine: 1\n  b:\n    image: x\n    helthcheck: {}\n    bogus_thing: 1\n', want: ['4:5 error unknown-key', '8:5 error unknown-key', '9:5 error unknown-key']},
		{name: 'x- extensions are fine', yaml: 'x-common: &c\n  image: x\nservices:\n  a:\n    <<: *c\n', want: []},
		{name: 'no services', yaml: 'name: x\n', want: ['1:1 error no-services']},
		{name: 'neither image nor build', yaml: 'services:\n  ok:\n    image: x\n  worker:\n    command: run\n', want: ['4:3 error no-image']},
		{
			name: 'unknown service in depends_on (list and map form)',
			yaml: 'services:\n  a:\n    image: x\n    depends_on:\n      - b\n      - nope\n  b:\n    image: x\n    depends_on:\n      ghost:\n        condition: service_healthy\n',
			want: ['6:9 error unknown-dependency', '10:7 error unknown-dependency'],
		},
		{
			name: 'an optional dependency (required: false) that is missing: a warning',
			yaml: 'services:\n  a:\n    image: x\n    depends_on:\n      extra: {condition: service_started, required: false}\n',
			want: ['5:7 warning unknown-dependency'],
		},
		{
			name: 'dependency cycle',
			yaml: 'services:\n  a:\n    image: x\n    depends_on: [b]\n  b:\n    image: x\n    depends_on: [c]\n  c:\n    image: x\n    depends_on: [a]\n',
			want: ['4:18 error dependency-cycle'],
		},
		{name: 'self dependency', yaml: 'services:\n  a:\n    image: x\n    depends_on: [a]\n', want: ['4:18 error dependency-cycle']},
		{name: 'bad condition', yaml: 'services:\n  a:\n    image: x\n    depends_on:\n      b: {condition: service_ready}\n  b:\n    image: x\n', want: ['5:22 error bad-condition']},
		{
			name: 'bad port syntax, each entry',
			yaml: 'services:\n  a:\n    image: x\n    ports:\n      - "80:80"\n      - "8080:80/icmp"\n      - target: 80\n        published: abc\n      - "70000:80"\n',
			want: ['6:9 error bad-port', '7:9 error bad-port', '9:9 error bad-port'],
		},
		{
			name: 'duplicate host port across services, at the second',
			yaml: 'services:\n  a:\n    image: x\n    ports: ["127.0.0.1:19000:80"]\n  b:\n    image: x\n    ports:\n      - "19001:81"\n      - "19000:80"\n',
			want: ['9:9 error duplicate-host-port'],
		},
		{
			name: 'same port, other protocol or address: no clash',
			yaml: 'services:\n  a:\n    image: x\n    ports: ["5000:5000/tcp", "5000:5000/udp", "127.0.0.1:6000:1", "127.0.0.2:6000:1"]\n',
			want: [],
		},
		{
			name: 'same port in disjoint profiles: no clash; shared profile: clash',
			yaml: 'services:\n  dev:\n    image: x\n    profiles: [dev]\n    ports: ["8080:80"]\n  prod:\n    image: x\n    profiles: [prod]\n    ports: ["8080:80"]\n  both:\n    image: x\n    profiles: [prod, debug]\n    ports: ["8080:80"]\n',
			want: ['9:13 error duplicate-host-port'],
		},
		{
			name: 'duplicate from a long-syntax entry',
			yaml: 'services:\n  a:\n    image: x\n    ports:\n      - 8080:80\n      - target: 81\n        published: 8080\n',
			want: ['6:9 error duplicate-host-port'],
		},
		{name: 'undefined variable: a warning at the variable', yaml: 'services:\n  a:\n    image: "nginx:${TAG}"\n', want: ['3:19 warning undefined-variable']},
		{name: 'variable with a default: no warning', yaml: 'services:\n  a:\n    image: nginx:${TAG:-1.25}\n', want: []},
		{name: 'required variable missing: an error', yaml: 'services:\n  a:\n    image: x\n    environment:\n      DB: ${DB_URL:?set DB_URL}\n', want: ['5:11 error required-variable']},
		{name: 'variables from .env', yaml: 'services:\n  a:\n    image: ${IMG}\n', want: [], files: {'.env': 'IMG=busybox\n'}},
		{name: '.env syntax error', yaml: 'services:\n  a:\n    image: x\n', want: ['.env:2:1 error env-file-syntax'], files: {'.env': 'A=1\n2B=x\n'}},
		{name: 'invalid $ in a value', yaml: 'services:\n  a:\n    image: x\n    command: echo $(date)\n', want: ['4:19 error invalid-interpolation']},
		{name: 'missing env_file: an error, as in compose', yaml: 'services:\n  a:\n    image: x\n    env_file: [app.env]\n', want: ['4:16 error env-file-missing']},
		{name: 'optional env_file may be missing', yaml: 'services:\n  a:\n    image: x\n    env_file:\n      - path: app.env\n        required: false\n', want: []},
		{name: 'undefined network', yaml: 'services:\n  a:\n    image: x\n    networks: [front]\n', want: ['4:15 error undefined-network']},
		{name: 'undefined named volume', yaml: 'services:\n  a:\n    image: x\n    volumes: ["data:/data", "./here:/here", "/anon"]\n', want: ['4:15 error undefined-volume']},
		{name: 'undefined secret', yaml: 'services:\n  a:\n    image: x\n    secrets: [pw]\n', want: ['4:15 error undefined-secret']},
		{name: 'secret file missing: a warning', yaml: 'services:\n  a:\n    image: x\n    secrets: [pw]\nsecrets:\n  pw:\n    file: pw.txt\n', want: ['7:11 warning secret-file-missing']},
		{name: 'YAML syntax error', yaml: 'services:\n  a:\n    image: [x\n', want: ['4:1 error yaml']},
		{name: 'duplicate key', yaml: 'services:\n  a:\n    image: x\n    image: y\n', want: ['4:5 error yaml']},
		{
			name: 'bad durations',
			yaml: 'services:\n  a:\n    image: x\n    stop_grace_period: 1m30s\n    healthcheck:\n      test: ["CMD", "true"]\n      interval: 10\n      timeout: 500ms\n      start_period: soon\n',
			want: ['7:17 error bad-duration', '9:21 error bad-duration'],
		},
		{name: 'bad service name', yaml: 'services:\n  "web app":\n    image: x\n', want: ['2:3 error bad-service-name']},
		{name: 'service not a mapping', yaml: 'services:\n  a: nginx\n', want: ['2:3 error bad-service']},
		{name: 'bad volume mode', yaml: 'services:\n  a:\n    image: x\n    volumes: ["./a:/a:rx"]\n', want: ['4:15 error bad-volume']},
		{name: 'invalid project name', yaml: 'name: My App\nservices:\n  a:\n    image: x\n', want: ['1:7 error bad-project-name']},
		{name: 'x-berth: unknown group', yaml: 'services:\n  a:\n    image: x\nx-berth:\n  groups:\n    backend: [a]\n', want: ['6:14 error bad-group']},
		{name: 'x-berth: unknown service', yaml: 'services:\n  a:\n    image: x\nx-berth:\n  groups:\n    core: [a, zz]\n', want: ['6:15 warning unknown-group-service']},
		{
			name: 'every problem at once',
			yaml: 'version: "3"\nservices:\n  a:\n    depends_on: [ghost]\n    ports: ["x:80"]\n  b:\n    image: ${NOPE}\n',
			want: ['1:1 warning version-obsolete', '3:3 error no-image', '4:18 error unknown-dependency', '5:13 error bad-port', '6:3 error no-image', '7:12 warning undefined-variable'],
		},
	];
	for (const c of cases) it(c.name, () => assert.deepEqual(brief(c.yaml, c.env, c.files), c.want));

	it('suggests the key meant', () => {
		const msgs = load('services:\n  a:\n    image: x\n    depend_on: [b]\n    bogus_thing: 1\nnetwork: {}\n').project.diagnostics.map((d) => d.message);
		assert.deepEqual(msgs, ['service "a": unknown key "depend_on" (did you mean "depends_on"?)', 'service "a": unknown key "bogus_thing"', 'unknown top-level key "network" (did you mean "networks"?)']);
	});

	it('formats as file:line:col message', () => {
		const {file, project} = load('services:\n  a:\n    depends_on: [b]\n');
		assert.deepEqual(project.diagnostics.map(formatDiagnostic), [`${file}:2:3 service "a" has neither an image nor a build context`, `${file}:3:18 service "a" depends on undefined service "b"`]);
	});

	it('an env_file that cannot be read is an error, not a crash', () => {
		const dir = mkdtempSync(join(tmpdir(), 'berth-envdir-'));
		mkdirSync(join(dir, 'app.env'));
		const p = loadProjectFromText('services:\n  a:\n    image: x\n    env_file: app.env\n', join(dir, 'compose.yaml'), {env: {}});
		assert.deepEqual(p.diagnostics.map((d) => `${d.line}:${d.col} ${d.code} ${d.message}`), [`4:15 env-file-unreadable env file ${join(dir, 'app.env')}: cannot read (EISDIR)`]);
	});

	it('the process environment wins over .env', () => {
		const {project} = load('services:\n  a:\n    image: ${IMG}\n', {IMG: 'from-env'}, {'.env': 'IMG=from-file\n'});
		assert.equal(project.model.services['a']!.image, 'from-env');
	});

	it('finds the default file names in order', () => {
		const dir = mkdtempSync(join(tmpdir(), 'berth-find-'));
		writeFileSync(join(dir, 'docker-compose.yml'), 'services:\n  old:\n    image: x\n');
		assert.deepEqual(Object.keys(loadProject({cwd: dir, env: {}}).model.services), ['old']);
		writeFileSync(join(dir, 'compose.yml'), 'services:\n  new:\n    image: x\n');
		assert.deepEqual(Object.keys(loadProject({cwd: dir, env: {}}).model.services), ['new']);
		assert.throws(() => loadProject({cwd: mkdtempSync(join(tmpdir(), 'berth-none-')), env: {}}), /no compose file/);
		assert.throws(() => loadProject({file: join(dir, 'nope.yaml'), env: {}}), /not found/);
	});

	it('project name: -p, then COMPOSE_PROJECT_NAME, then name:, then the directory', () => {
		const {dir, file} = load('name: fromfile\nservices:\n  a:\n    image: x\n');
		writeFileSync(file, 'name: fromfile\nservices:\n  a:\n    image: x\n');
		assert.equal(loadProject({file, env: {}}).model.name, 'fromfile');
		assert.equal(loadProject({file, env: {COMPOSE_PROJECT_NAME: 'fromenv'}}).model.name, 'fromenv');
		assert.equal(loadProject({file, env: {COMPOSE_PROJECT_NAME: 'fromenv'}, projectName: 'flag'}).model.name, 'flag');
		writeFileSync(file, 'services:\n  a:\n    image: x\n');
		assert.equal(loadProject({file, env: {}}).model.name, dir.split('/').pop()!.toLowerCase().replace(/[^a-z0-9_-]/g, ''));
	});
});
