/** `berth load-images DIR`: docker load every image archive in DIR, streamed, one result per file. */
import {stat} from 'node:fs/promises';
import {resolve} from 'node:path';
import type {Engine} from '../engine/connection.js';
import {humanSize, progressBar} from '../core/images/format.js';
import {loadImages, type LoadProgress, type LoadReport} from '../core/images/load.js';
import {sanitize} from '../core/sanitize.js';
import {EXIT, connectOrReport, parseFlags, printJson, reportError, stdio, type Output} from './common.js';
import {gated} from './guard.js';

const HELP = `
  Usage
    $ berth load-images DIR [--json] [--arch A] [--host H]

  \`docker load\` every *.tar, *.tar.gz and *.tgz in DIR, each streamed from disk to the engine
  (gzip is decompressed by the engine; nothing is read whole into memory). Files whose name says
  another architecture than the host's (amd64/x86_64 vs arm64/aarch64) are skipped with a note.
  A progress bar shows on a terminal.

  Options
    --json       {dir, host_arch, files: [{file, size, status: loaded|skipped|failed, images, arch, note}],
                 loaded, skipped, failed}
    --arch A     treat the host as A (amd64, arm64) when choosing files
    --host, -H   engine address

  Exit codes: 0 every file loaded or skipped · 1 a file failed · 2 usage · 3 engine unreachable
`;

export function renderLoadReport(r: LoadReport): string[] {
	const lines = r.files.map((f) => {
		const what = f.status === 'loaded' ? f.images.join(', ') : f.note ?? '';
		return `${f.status.padEnd(7)}  ${f.file} (${humanSize(f.size)})${what ? `: ${what}` : ''}`;
	});
	if (r.files.length === 0) lines.push(`no *.tar, *.tar.gz or *.tgz files in ${r.dir}`);
	lines.push(`${r.loaded} loaded, ${r.skipped} skipped, ${r.failed} failed (host arch ${r.host_arch})`);
	return lines;
}

export async function run(argv: string[], io: Output = stdio): Promise<number> {
	const cli = parseFlags(argv, HELP, {json: {type: 'boolean', default: false}, arch: {type: 'string'}, host: {type: 'string', shortFlag: 'H'}}, io);
	if (typeof cli === 'number') return cli;
	const dir = cli.input[0];
	if (!dir || cli.input.length > 1) {
		io.err('berth: load-images needs exactly one DIR (see --help)');
		return EXIT.usage;
	}
	try {
		if (!(await stat(dir)).isDirectory()) throw new Error('not a directory');
	} catch {
		io.err(`berth: ${dir} is not a readable directory`);
		return EXIT.usage;
	}
	const json = cli.flags.json as boolean;
	const tty = !json && io === stdio && Boolean(process.stderr.isTTY);
	const arch = cli.flags.arch as string | undefined;
	// admin only (load-images); the target is the folder, on every group
	return gated(
		io,
		{
			action: 'load-images',
			named: {detail: `images in ${dir}`},
			resolve: async (io) => {
				const engine = await connectOrReport(cli.flags.host as string | undefined, io);
				return typeof engine === 'number' ? engine : {target: {detail: `images in ${resolve(dir)}`}, value: engine};
			},
		},
		(engine, io) => load(engine, dir, {json, tty, arch}, io),
	);
}

async function load(engine: Engine, dir: string, o: {json: boolean; tty: boolean; arch: string | undefined}, io: Output): Promise<number> {
	const {json, tty} = o;
	let lastDraw = 0;
	const onProgress = (p: LoadProgress) => {
		if (p.phase === 'done' && p.result) {
			if (tty) process.stderr.write('\r\x1b[K');
			if (!json) io.out(renderLoadReport({dir, host_arch: '', files: [p.result], loaded: 0, skipped: 0, failed: 0})[0]!);
			return;
		}
		if (!tty) return;
		const now = Date.now();
		if (p.phase === 'data' && now - lastDraw < 100 && p.bytes < p.total) return;
		lastDraw = now;
		// berth's own line control around an inert file name (this line bypasses stdio: it is redrawn)
		process.stderr.write(`\r\x1b[K(${p.index}/${p.count}) ${sanitize(p.file)} ${progressBar(p.bytes, p.total, 24)}`);
	};
	let report: LoadReport;
	try {
		report = await loadImages(engine, dir, {onProgress, ...(o.arch ? {hostArch: o.arch} : {})});
	} catch (err) {
		return reportError(err, io);
	}
	if (json) {
		printJson(io, {...report, files: report.files.map(({path: _p, ...f}) => f)});
	} else {
		for (const f of report.files.filter((x) => x.status === 'skipped')) io.out(renderLoadReport({...report, files: [f]})[0]!);
		io.out(renderLoadReport({...report, files: []}).at(-1)!);
		if (report.files.length === 0) io.out(`no *.tar, *.tar.gz or *.tgz files in ${dir}`);
	}
	return report.failed ? EXIT.failure : EXIT.ok;
}
