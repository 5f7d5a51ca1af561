/** `berth arch-info`: the host's arch, the engine's, and each image's. */
import {archReport, type ArchReport} from '../core/images/arch.js';
import {table} from '../core/images/format.js';
import {runReport, stdio, type Output} from './common.js';

const HELP = `
  Usage
    $ berth arch-info [--json] [--host H]

  The host's CPU architecture (systeminformation and os.arch()), the engine's, and the architecture
  of every local image (from image inspect); images built for another arch than the engine's are
  marked. Names are normalised to Docker's (x86_64 → amd64, aarch64 → arm64).

  Options
    --json       {host: {arch, node, os}, engine: {arch, reported, os}, images: [{id, repo_tags, arch,
                 os, variant}], mismatched: [...]}
    --host, -H   engine address

  Exit codes: 0 ok · 3 engine unreachable
`;

export function renderArch(r: ArchReport): string[] {
	const lines = [`host    ${r.host.arch} (os.arch ${r.host.node}${r.host.os && r.host.os !== r.host.node ? `, OS ${r.host.os}` : ''})`, `engine  ${r.engine.arch} (reports ${r.engine.reported}, ${r.engine.os})`, ''];
	const rows = [['IMAGE', 'ID', 'ARCH', 'OS', '']];
	for (const i of r.images) {
		const mark = i.arch !== r.engine.arch ? `≠ engine (${r.engine.arch})` : '';
		rows.push([i.repo_tags.join(', ') || '<none>', i.id.replace(/^sha256:/, '').slice(0, 12), i.arch + (i.variant ? `/${i.variant}` : ''), i.os, mark]);
	}
	lines.push(...table(rows));
	if (r.mismatched.length) lines.push('', `${r.mismatched.length} image(s) built for another architecture than the engine's: their programs fail with "exec format error" unless emulation is installed`);
	return lines;
}

export function run(argv: string[], io: Output = stdio): Promise<number> {
	return runReport(argv, HELP, archReport, renderArch, io);
}
