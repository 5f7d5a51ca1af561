/**
 * Fidelity: for every corpus file the installed compose CLI itself accepts (`config`), berth's
 * resolved ports, environment and volume sources/targets equal compose's own.
 */
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {existsSync, readdirSync} from 'node:fs';
import {join, resolve} from 'node:path';
import {describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';
import {parse} from 'yaml';
import {loadProject} from '../../source/core/compose/index.js';
import {detectComposeCli} from '../../source/engine/compose-cli.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const corpus = resolve(root, '../shared/corpus/awesome-compose');
const fixtures = resolve(root, 'test/fixtures/compose');
const base = existsSync(corpus) ? corpus : fixtures;
const dirs = readdirSync(base, {withFileTypes: true})
	.filter((d) => d.isDirectory())
	.map((d) => join(base, d.name))
	.sort();

type Raw = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe(`berth config agrees with the compose CLI's config (${base})`, async () => {
	const cli = await detectComposeCli();
	let compared = 0;
	for (const dir of dirs) {
		let theirs: {services: Record<string, Raw>} | null = null;
		try {
			theirs = parse(execFileSync(cli.argv[0]!, [...cli.argv.slice(1), 'config'], {cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: {PATH: process.env['PATH'] ?? ''}}));
		} catch {
			continue; // compose itself rejects it here (e.g. a build context that is not in the corpus)
		}
		compared++;
		it(dir.split('/').pop()!, () => {
			const ours = loadProject({cwd: dir, env: {}}).model.services;
			assert.deepEqual(Object.keys(ours).sort(), Object.keys(theirs!.services).sort());
			for (const [name, svc] of Object.entries(theirs!.services)) {
				const o = ours[name]!;
				const ports = (svc['ports'] ?? []).map((p: Raw) => `${p['host_ip'] ?? ''}|${p['published'] ?? ''}|${p['target']}|${p['protocol'] ?? 'tcp'}`).sort();
				assert.deepEqual((o.ports ?? []).map((p) => `${p.host_ip}|${p.host_port ?? ''}|${p.container_port}|${p.protocol}`).sort(), ports, `${name} ports`);
				const env = Object.entries(svc['environment'] ?? {}).map(([k, v]) => [k, v === null ? null : String(v)]);
				assert.deepEqual(Object.entries(o.environment ?? {}).sort(), env.sort(), `${name} environment`);
				// compose prints short volume syntax: source:target:mode
				const vols = (svc['volumes'] ?? []).map((v: Raw | string) => (typeof v === 'string' ? v.split(':').slice(0, 2).join(':') : `${v['source']}:${v['target']}`)).sort();
				assert.deepEqual((o.volumes ?? []).map((v) => `${v.source ?? ''}:${v.target.replace(/(.)\/$/, '$1')}`).sort(), vols, `${name} volumes`);
			}
		});
	}
	it('compared at least a few files', () => assert.ok(compared >= 3, `only ${compared} files were accepted by ${cli.argv.join(' ')}`));
});
