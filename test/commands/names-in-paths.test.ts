/**
 * The built CLI given names that no container, image, volume or network can have — spaces, control
 * bytes, `%`, `?`, `#`, `/`, dot segments, nothing at all: each command answers as for any name
 * that is not there ("no such …", the name shown inert), with its usual exit code; never an HTTP
 * client error ("Request path contains unescaped characters"), another object's answer, or a crash.
 */
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {RUN_ID, TEST_LABEL, cleanup, docker, runContainer, uniqueName} from '../helpers/engine.js';
import {berth, berthAsync, inParallel} from '../helpers/cli.js';
import {HOSTILE, assertInert} from '../helpers/hostile.js';

const dir = mkdtempSync(join(tmpdir(), 'berth-names-'));

/** Each with a visible marker (`nm…`), but the empty name. */
const NAMES = ['nma b', 'nmx?y#z', 'nm%zz', '../../images/json', '..', '', `nmctl\x01\x7f ?#% ${HOSTILE.osc0}${HOSTILE.bidi}`];

/** What no answer may hold: a client-side URL error, a crash, a stack trace. */
function assertAnswered(r: {code: number | null; out: string; err: string}, where: string): void {
	assertInert(r.out, `${where} (stdout)`);
	assertInert(r.err, `${where} (stderr)`);
	assert.doesNotMatch(r.out + r.err, /unescaped characters|Invalid URL|ERR_[A-Z_]+|\n +at |node:internal|getaddrinfo/, where);
}

const marker = (name: string) => name.match(/^nm[a-z]*/)?.[0] ?? '';

describe('names given on the command line that name nothing', () => {
	// a container that is there, so that `network connect NAME it` is about the network
	const there = uniqueName('dedupe-there');
	before(() => runContainer({name: there}));
	after(() => {
		cleanup();
		// by id: the docker CLI cannot name a network whose name holds a dot segment either
		const ids = docker('network', 'ls', '-q', '--filter', `label=${TEST_LABEL}=${RUN_ID}`).split('\n').filter(Boolean);
		if (ids.length) spawnSync('docker', ['network', 'rm', ...ids]);
		rmSync(dir, {recursive: true, force: true});
	});

	for (const name of NAMES) {
		const shown = JSON.stringify(name).slice(0, 30);
		it(`${shown}: restart-container, images history/rm, volume rm/backup, network rm/connect/disconnect`, async () => {
			const where = (args: string[]) => `berth ${args.map((a) => JSON.stringify(a)).join(' ')}`;
			const expect = async (args: string[], code: number, said: RegExp) => {
				const r = await berthAsync(args);
				assertAnswered(r, where(args));
				assert.equal(r.code, code, `${where(args)}: exit ${r.code}\n${r.out}${r.err}`);
				assert.match(r.out + r.err, said, where(args));
				assert.ok((r.out + r.err).includes(marker(name)), `${where(args)} shows the name`);
				return r;
			};
			// each names nothing, so changes nothing: overlapping (the first failure in this order is reported)
			await inParallel([
				() => expect(['restart-container', name], 1, /^berth: no such container: /m),
				() => expect(['images', 'history', name], 1, /^berth: no such image: /m),
				() => expect(['images', 'rm', name], 0, /: no such image \(nothing to do\)/),
				() => expect(['volume', 'rm', name], 0, /: no such volume \(nothing to do\)/),
				() => expect(['volume', 'backup', name, join(dir, 'x.tar.gz')], 1, /^berth: no volume /m),
				() => expect(['network', 'rm', name], 0, /: no such network \(nothing to do\)/),
				() => expect(['network', 'connect', name, there], 1, /^berth: (no such network|network .* not found)/im),
				// the container's name travels in the body: the engine's own answer
				() => expect(['network', 'disconnect', 'bridge', name], 1, /^berth: (no such container|invalid name or ID supplied)/im),
			]);
		});
	}

	it('an empty name creates nothing: volume create, volume restore, network create', async () => {
		const tar = join(dir, 'empty.tar');
		mkdirSync(join(dir, 'empty'));
		spawnSync('tar', ['-cf', tar, '-C', join(dir, 'empty'), '.']);
		const cases = [
			[['volume', 'create', ''], /^berth: no volume name given/m],
			[['volume', 'restore', '', tar], /^berth: no volume name given/m],
			[['network', 'create', ''], /^berth: no network name given/m],
		] as const;
		await inParallel(
			cases.map(([args, said]) => async () => {
				const r = await berthAsync([...args]);
				assertAnswered(r, args.join(' '));
				assert.equal(r.code, 1, `${args.join(' ')}: exit ${r.code}\n${r.out}${r.err}`);
				assert.match(r.err, said);
				assert.equal(r.out, '');
			}),
		);
	});

	it('a real network whose name needs escaping, or holds a dot segment (Docker allows both): listed, connected, disconnected, removed by that name', () => {
		const tag = Math.random().toString(36).slice(2, 6);
		for (const net of [`bt-dedupe-${process.pid}-${tag} sp?#%`, `bt-dedupe-${process.pid}-${tag}/../x`]) {
			docker('network', 'create', '--label', `${TEST_LABEL}=${RUN_ID}`, net);
			const ls = berth(['networks', '--json', '--filter', `label=${TEST_LABEL}=${RUN_ID}`]);
			assert.equal(ls.code, 0, ls.err);
			assert.ok((JSON.parse(ls.out) as Array<{name: string}>).some((n) => n.name === net), ls.out);
			const on = berth(['network', 'connect', net, there]);
			assert.equal(on.code, 0, `${net}: ${on.err}`);
			assert.equal(on.out, `connected ${there} to ${net}\n`);
			assert.match(docker('inspect', '-f', '{{json .NetworkSettings.Networks}}', there), new RegExp(`"${net.replace(/[?.*/]/g, '\\$&')}"`));
			const rmBusy = berth(['network', 'rm', net]);
			assert.equal(rmBusy.code, 1, rmBusy.out);
			assert.match(rmBusy.err, /is in use by 1 container/);
			const off = berth(['network', 'disconnect', net, there]);
			assert.equal(off.code, 0, `${net}: ${off.err}`);
			const rm = berth(['network', 'rm', net, '--json']);
			assert.equal(rm.code, 0, rm.err);
			assert.deepEqual(JSON.parse(rm.out), [{name: net, found: true, error: null, code: null}]);
			assert.equal(docker('network', 'ls', '-q', '--filter', `label=${TEST_LABEL}=${RUN_ID}`), '');
		}
	});

	it('a real container is restarted by its name (Docker allows ".", "_", "-" in names)', () => {
		const name = `${uniqueName('dedupe')}.a_b-c`;
		runContainer({name});
		const r = berth(['restart-container', '-t', '1', name]);
		assert.equal(r.code, 0, r.err);
		assert.match(r.out, new RegExp(`^restarted ${name.replace(/\./g, '\\.')}: running`));
	});
});
