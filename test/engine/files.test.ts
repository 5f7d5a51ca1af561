/** engine/files.ts: tar head parsing and ELF arch (pure), and reading a file from a real container. */
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, describe, it} from 'node:test';
import {programOf, shebang} from '../../source/core/doctor/program.js';
import type {InspectData} from '../../source/core/doctor/types.js';
import {elfArch, parseTarHead, readFileHead} from '../../source/engine/files.js';
import {IMAGE, RUN_ID, TEST_LABEL, cleanup, docker, testEngine, uniqueName} from '../helpers/engine.js';
import {aarch64Elf} from '../core/doctor/make-images.js';

const dir = mkdtempSync(join(tmpdir(), 'berth-tar-'));

function tarOf(name: string, make: (path: string) => void, extra: string[] = []): Buffer {
	const root = join(dir, `r-${name.replace(/\W/g, '_')}`);
	mkdirSync(root, {recursive: true});
	make(join(root, name));
	const out = join(dir, `${name.replace(/\W/g, '_')}.tar`);
	execFileSync('tar', ['-C', root, ...extra, '-cf', out, name]);
	return readFileSync(out);
}

describe('parseTarHead', () => {
	after(() => rmSync(dir, {recursive: true, force: true}));

	it('a regular file: size and the head of its data; null until enough bytes are there', () => {
		const t = tarOf('app', (p) => writeFileSync(p, 'hello world'));
		assert.deepEqual(parseTarHead(t, 5), {kind: 'file', head: Buffer.from('hello'), size: 11});
		assert.equal(parseTarHead(t.subarray(0, 300), 5), null);
	});
	it('a symlink and its target', () => {
		const t = tarOf('link', (p) => symlinkSync('../lib/real', p));
		assert.deepEqual(parseTarHead(t, 5), {kind: 'symlink', target: '../lib/real'});
	});
	it('a PAX long name header is skipped', () => {
		const long = 'x'.repeat(150);
		const t = tarOf(long, (p) => writeFileSync(p, 'data'), ['--format=pax']);
		assert.deepEqual(parseTarHead(t, 4), {kind: 'file', head: Buffer.from('data'), size: 4});
	});
});

describe('elfArch / programOf / shebang', () => {
	it('reads e_machine', () => {
		assert.equal(elfArch(aarch64Elf()), 'arm64');
		const x86 = Buffer.from(aarch64Elf());
		x86.writeUInt16LE(62, 18);
		assert.equal(elfArch(x86), 'amd64');
		assert.equal(elfArch(Buffer.from('#!/bin/sh\n')), null);
	});
	it('skips an init wrapper and finds PATH', () => {
		const base = {Id: 'x', Name: '/x', State: {}} as InspectData;
		assert.deepEqual(programOf({...base, Path: '/sbin/docker-init', Args: ['--', 'app', '-v'], Config: {Env: ['PATH=/opt/bin:/bin']}}), {program: 'app', path: ['/opt/bin', '/bin']});
		assert.equal(programOf({...base, Path: '/bin/app', Args: []})?.program, '/bin/app');
		assert.equal(programOf({...base, Path: '', Args: []}), null);
	});
	it('shebang', () => {
		assert.equal(shebang(Buffer.from('#!/usr/bin/env bash\n')), '/usr/bin/env');
		assert.equal(shebang(Buffer.from('#! /bin/bash -e\n')), '/bin/bash');
		assert.equal(shebang(Buffer.from('\x7fELF')), null);
	});
});

describe('readFileHead on a real container', () => {
	after(() => cleanup());
	it('reads a file, a symlink, and reports a missing path', async () => {
		const engine = await testEngine();
		const name = uniqueName('files');
		docker('create', '--label', `${TEST_LABEL}=${RUN_ID}`, '--name', name, IMAGE, 'true');
		const sh = await readFileHead(engine, name, '/bin/busybox', 20);
		assert.equal(sh?.kind, 'file');
		assert.equal(elfArch((sh as {head: Buffer}).head), docker('image', 'inspect', '-f', '{{.Architecture}}', IMAGE));
		const link = await readFileHead(engine, name, '/bin/sh');
		assert.ok(link?.kind === 'symlink' || link?.kind === 'file');
		assert.equal(await readFileHead(engine, name, '/no/such/file'), null);
	});
});
