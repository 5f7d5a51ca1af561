/**
 * `berth images scan REF`: trivy's vulnerability scan of a local image (engine/trivy.ts), shown as
 * counts by severity and the top findings (core/images/trivy.ts). Reads only: no roles gate, not
 * audited (as `images ls` and `history`).
 */
import {countsLine, parseSeverities, SEVERITIES, summarize, type ScanSummary, type Severity} from '../core/images/trivy.js';
import {table} from '../core/images/format.js';
import {inspectImage} from '../engine/images.js';
import {DEFAULT_TIMEOUT_MS, findTrivy, notFoundError, scanImage, TrivyError} from '../engine/trivy.js';
import {EXIT, connectOrReport, parseFlags, printJson, reportError, type Output} from './common.js';
import {cell} from './resource-shared.js';

export const SCAN_HELP = `
  Usage
    $ berth images scan REF [--severity LIST] [--top N] [--timeout SECONDS] [--json] [--host H]

  Scans a local image of the engine with trivy (\`trivy image --image-src docker\`: never pulls;
  trivy 0.37 or later on the PATH) and shows the number of vulnerabilities by severity and the
  top findings, most severe first.

  Options
    --severity LIST   the severities that count as findings, comma-separated (HIGH,CRITICAL),
                      or a threshold (HIGH+: HIGH and above); default all of
                      ${SEVERITIES.join(',')}; the counts always show every severity
    --top N           how many findings to list (default 10; 0: only the counts)
    --timeout S       stop trivy after S seconds (default ${DEFAULT_TIMEOUT_MS / 1000}: its first run downloads its database)
    --json            the summary as JSON: ref, image_id, artifact, counts, total, severities,
                      selected, top[] (id, pkg, installed, fixed, severity, title, target)

  Exit codes: 0 no finding of the selected severities · 1 findings, or the scan could not run
              (trivy not on the PATH, failed, timed out; no such local image) · 2 usage
              3 engine unreachable
`;

function usage(io: Output, msg: string): number {
	io.err(`berth: ${msg}`);
	io.err('  → `berth images scan --help`');
	return EXIT.usage;
}

/** A scan that could not run: the message and hint on stderr; with --json also on stdout. */
function scanFailed(io: Output, json: boolean, ref: string, code: string, message: string, hint: string): number {
	io.err(`berth: ${message}`);
	if (hint) io.err(`  → ${hint}`);
	if (json) printJson(io, {ref, error: {code, message, hint}});
	return EXIT.failure;
}

export function renderSummary(s: ScanSummary, imageId: string): string[] {
	const lines: string[] = [];
	const what = s.artifact && s.artifact !== s.ref ? `${cell(s.ref)} (${cell(s.artifact)})` : cell(s.ref);
	lines.push(`${what} ${imageId.replace(/^sha256:/, '').slice(0, 12)}: ${s.total} ${s.total === 1 ? 'vulnerability' : 'vulnerabilities'}`);
	lines.push(`  ${countsLine(s.counts)}`);
	const only = s.severities.length < SEVERITIES.length ? ` (${s.severities.join(', ')})` : '';
	if (s.selected === 0) lines.push(s.total ? `no findings${only}` : 'no vulnerabilities found');
	else if (s.top.length) {
		lines.push(`top ${s.top.length} of ${s.selected}${only}:`);
		const t = [['SEVERITY', 'ID', 'PACKAGE', 'INSTALLED', 'FIXED', 'TITLE']];
		for (const f of s.top) t.push([f.severity, cell(f.id), cell(f.pkg), cell(f.installed), cell(f.fixed) || '-', cell(f.title.length > 80 ? f.title.slice(0, 79) + '…' : f.title)]);
		lines.push(...table(t).map((l) => `  ${l}`));
	} else lines.push(`${s.selected} findings${only}`);
	if (s.skipped) lines.push(`note: ${s.skipped} entries of trivy's report were not readable and were left out`);
	return lines;
}

export async function run(argv: string[], io: Output): Promise<number> {
	const cli = parseFlags(
		argv,
		SCAN_HELP,
		{
			json: {type: 'boolean', default: false},
			severity: {type: 'string'},
			top: {type: 'string'},
			timeout: {type: 'string'},
			host: {type: 'string', shortFlag: 'H'},
		} as never,
		io,
	);
	if (typeof cli === 'number') return cli;
	const f = cli.flags as {json: boolean; severity?: string; top?: string; timeout?: string; host?: string};
	if (cli.input.length !== 1) return usage(io, 'images scan needs exactly one REF');
	const ref = cli.input[0]!;
	if (!ref.trim() || ref.startsWith('-')) return usage(io, `images scan: "${ref}" is not an image reference`);
	let severities: Severity[] = [...SEVERITIES];
	if (f.severity !== undefined) {
		const s = parseSeverities(f.severity);
		if (typeof s === 'string') return usage(io, s);
		severities = s;
	}
	let top = 10;
	if (f.top !== undefined) {
		if (!/^\d{1,6}$/.test(f.top)) return usage(io, `--top needs a whole number (got "${f.top}")`);
		top = Number(f.top);
	}
	let timeoutMs = DEFAULT_TIMEOUT_MS;
	if (f.timeout !== undefined) {
		const n = Number(f.timeout);
		if (!/^\d+(\.\d+)?$/.test(f.timeout) || !(n > 0) || n > 86_400) return usage(io, `--timeout needs seconds, more than 0 (got "${f.timeout}")`);
		timeoutMs = Math.round(n * 1000);
	}
	// trivy first: without it nothing else is worth asking the engine
	if (!findTrivy()) {
		const e = notFoundError();
		return scanFailed(io, f.json, ref, 'trivy-not-found', e.message, e.hint);
	}
	const engine = await connectOrReport(f.host, io);
	if (typeof engine === 'number') return engine;
	let imageId: string;
	try {
		const d = await inspectImage(engine, ref);
		if (!d) return scanFailed(io, f.json, ref, 'no-such-image', `no such image on the engine: ${ref}`, `berth scans local images only: \`berth images pull ${ref}\` first, or pick one from \`berth images\``);
		imageId = d.id;
	} catch (err) {
		return reportError(err, io);
	}
	let summary: ScanSummary;
	try {
		const report = await scanImage(ref, {target: engine.target, timeoutMs});
		summary = summarize(ref, report, {severities, top});
	} catch (err) {
		if (err instanceof TrivyError) return scanFailed(io, f.json, ref, err.code === 'not-found' ? 'trivy-not-found' : `trivy-${err.code}`, err.message, err.hint);
		return reportError(err, io);
	}
	if (f.json) printJson(io, {...summary, image_id: imageId});
	else io.out(renderSummary(summary, imageId).join('\n'));
	return summary.selected > 0 ? EXIT.failure : EXIT.ok;
}
