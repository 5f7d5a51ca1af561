/**
 * The first bytes of a file inside a container (running or not), through
 * `GET /containers/{id}/archive?path=…`: the engine answers with a tar of that one path. Only the
 * first entry's header and the head of its data are read; the rest of the stream is dropped.
 */
import type {Readable} from 'node:stream';
import type {Engine} from './connection.js';
import {toEngineError} from './errors.js';
import {containerOf} from './client.js';

export type FileHead = {kind: 'file'; head: Buffer; size: number} | {kind: 'symlink'; target: string} | {kind: 'other'};

const BLOCK = 512;

function octal(buf: Buffer, start: number, len: number): number {
	const s = buf.subarray(start, start + len).toString('latin1').replace(/\0.*$/s, '').trim();
	return s ? parseInt(s, 8) : 0;
}

function cstr(buf: Buffer, start: number, len: number): string {
	return buf.subarray(start, start + len).toString('utf8').replace(/\0.*$/s, '');
}

/**
 * Pure: the first real entry of a tar (PAX/GNU long-name records skipped). null when `buf` does not
 * hold enough of it yet; for a regular file, up to `want` bytes of its data.
 */
export function parseTarHead(buf: Buffer, want: number): FileHead | null {
	let off = 0;
	let longLink: string | null = null;
	while (buf.length >= off + BLOCK) {
		const h = buf.subarray(off, off + BLOCK);
		if (h.every((b) => b === 0)) return {kind: 'other'};
		const size = octal(h, 124, 12);
		const type = String.fromCharCode(h[156] ?? 0x30);
		const dataStart = off + BLOCK;
		const padded = Math.ceil(size / BLOCK) * BLOCK;
		if (type === 'x' || type === 'g' || type === 'L' || type === 'K') {
			if (buf.length < dataStart + size) return null;
			if (type === 'K') longLink = buf.subarray(dataStart, dataStart + size).toString('utf8').replace(/\0.*$/s, '');
			if (type === 'x') {
				const m = /\d+ linkpath=([^\n]*)\n/.exec(buf.subarray(dataStart, dataStart + size).toString('utf8'));
				if (m) longLink = m[1]!;
			}
			off = dataStart + padded;
			continue;
		}
		if (type === '2' || type === '1') return {kind: 'symlink', target: longLink ?? cstr(h, 157, 100)};
		if (type !== '0' && type !== '\0') return {kind: 'other'};
		const n = Math.min(size, want);
		if (buf.length < dataStart + n) return null;
		return {kind: 'file', head: Buffer.from(buf.subarray(dataStart, dataStart + n)), size};
	}
	return null;
}

/** The head of PATH in the container; null when there is no such path. */
export async function readFileHead(engine: Engine, id: string, path: string, want = 64): Promise<FileHead | null> {
	let stream: Readable;
	try {
		stream = (await containerOf(engine, id).getArchive({path})) as unknown as Readable;
	} catch (err) {
		const e = toEngineError(err, engine.where);
		if (e.code === 'not-found') return null;
		throw e;
	}
	const chunks: Buffer[] = [];
	let total = 0;
	try {
		for await (const chunk of stream) {
			chunks.push(chunk as Buffer);
			total += (chunk as Buffer).length;
			const got = parseTarHead(Buffer.concat(chunks), want);
			if (got) return got;
			if (total > 1 << 20) return {kind: 'other'};
		}
	} finally {
		stream.destroy();
	}
	return parseTarHead(Buffer.concat(chunks), want) ?? {kind: 'other'};
}

/** Pure: the CPU arch an ELF header says (normalised Docker names), or null when not ELF. */
export function elfArch(head: Buffer): string | null {
	if (head.length < 20 || head.readUInt32BE(0) !== 0x7f454c46) return null;
	const little = head[5] !== 2;
	const machine = little ? head.readUInt16LE(18) : head.readUInt16BE(18);
	const is64 = head[4] === 2;
	const byMachine: Record<number, string> = {3: '386', 8: 'mips', 20: 'ppc', 21: 'ppc64le', 22: 's390x', 40: 'arm', 62: 'amd64', 183: 'arm64', 243: 'riscv64', 258: 'loong64'};
	const arch = byMachine[machine] ?? `elf-machine-${machine}`;
	if (arch === 'mips' && is64) return little ? 'mips64le' : 'mips64';
	if (arch === 'ppc64le' && !little) return 'ppc64';
	return arch;
}
