/**
 * trivy's JSON report (`trivy image --format json`) read as hostile input, and summarised: counts
 * by severity and the top findings. Pure logic: no process, no engine.
 *
 * The report format (trivy ≥ 0.20, SchemaVersion 2): `{SchemaVersion, ArtifactName, ArtifactType,
 * Results: [{Target, Class, Type, Vulnerabilities: [{VulnerabilityID, PkgName, InstalledVersion,
 * FixedVersion, Severity, Title, …}]}]}`; before 0.20 the report was the bare array of results,
 * which is read too. `Vulnerabilities` may be null or absent (a clean target).
 *
 * What is not trusted: any field may be missing, of another type, huge, or hold escape sequences.
 * An entry whose VulnerabilityID is not a string is skipped and counted (`skipped`); other fields
 * are read when they are strings and cut to a length; an unknown severity counts as UNKNOWN. The
 * strings are kept as they came (made inert where they are printed: CLI output boundary,
 * dashboard Text).
 */

export const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'] as const;
export type Severity = (typeof SEVERITIES)[number];

export type SeverityCounts = Record<Severity, number>;

export interface Finding {
	id: string;
	pkg: string;
	installed: string;
	/** '' when there is no fix (yet) */
	fixed: string;
	severity: Severity;
	title: string;
	/** the result it came from: "alpine:3.19 (alpine 3.19.1)", "usr/local/bin/app" … */
	target: string;
}

export interface TrivyReport {
	artifact: string;
	findings: Finding[];
	/** entries that were not vulnerabilities (not an object, no string VulnerabilityID) */
	skipped: number;
	/** the same (target, id, package, version) reported twice: counted once */
	duplicates: number;
}

export type ParseResult = {ok: true; report: TrivyReport} | {ok: false; error: string};

/** Longest kept: an id, a package name or version, a title, a target. */
export const LIMITS = {id: 80, pkg: 200, version: 100, title: 300, target: 300, artifact: 300} as const;

const str = (v: unknown, max: number): string => {
	if (typeof v !== 'string') return '';
	return v.length > max ? v.slice(0, max - 1) + '…' : v;
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function severityOf(v: unknown): Severity {
	const s = typeof v === 'string' ? v.trim().toUpperCase() : '';
	return (SEVERITIES as readonly string[]).includes(s) ? (s as Severity) : 'UNKNOWN';
}

/** The report from trivy's stdout. Empty or not JSON or not a report → an error naming what it got. */
export function parseTrivyReport(text: string): ParseResult {
	const trimmed = text.trim();
	if (!trimmed) return {ok: false, error: 'trivy printed no report (empty output)'};
	let raw: unknown;
	try {
		raw = JSON.parse(trimmed);
	} catch (err) {
		return {ok: false, error: `trivy's report is not JSON (${(err as Error).message.slice(0, 120)})`};
	}
	let results: unknown;
	let artifact = '';
	if (Array.isArray(raw)) results = raw; // before trivy 0.20: the results, bare
	else if (isObject(raw)) {
		if (!('Results' in raw) && !('SchemaVersion' in raw) && !('ArtifactName' in raw)) return {ok: false, error: 'trivy\'s JSON is not a report (no Results, SchemaVersion or ArtifactName)'};
		results = raw['Results'] ?? [];
		artifact = str(raw['ArtifactName'], LIMITS.artifact);
	} else return {ok: false, error: `trivy's JSON is not a report (a ${raw === null ? 'null' : typeof raw})`};
	if (!Array.isArray(results)) return {ok: false, error: 'trivy\'s report has Results that are not a list'};
	const findings: Finding[] = [];
	const seen = new Set<string>();
	let skipped = 0;
	let duplicates = 0;
	for (const r of results) {
		if (!isObject(r)) {
			skipped++;
			continue;
		}
		const target = str(r['Target'], LIMITS.target);
		const vulns = r['Vulnerabilities'];
		if (vulns == null) continue; // a clean target
		if (!Array.isArray(vulns)) {
			skipped++;
			continue;
		}
		for (const v of vulns) {
			if (!isObject(v) || typeof v['VulnerabilityID'] !== 'string' || !v['VulnerabilityID']) {
				skipped++;
				continue;
			}
			const f: Finding = {
				id: str(v['VulnerabilityID'], LIMITS.id),
				pkg: str(v['PkgName'], LIMITS.pkg),
				installed: str(v['InstalledVersion'], LIMITS.version),
				fixed: str(v['FixedVersion'], LIMITS.version),
				severity: severityOf(v['Severity']),
				title: str(v['Title'], LIMITS.title),
				target,
			};
			const key = JSON.stringify([f.target, f.id, f.pkg, f.installed]);
			if (seen.has(key)) {
				duplicates++;
				continue;
			}
			seen.add(key);
			findings.push(f);
		}
	}
	return {ok: true, report: {artifact, findings, skipped, duplicates}};
}

/**
 * "HIGH,critical" → ['CRITICAL', 'HIGH'] (in severity order); "MEDIUM+" → MEDIUM and above; an
 * unknown name → an error text.
 */
export function parseSeverities(list: string): Severity[] | string {
	const plus = /^\s*([A-Za-z]+)\s*\+\s*$/.exec(list);
	if (plus) {
		const at = SEVERITIES.indexOf(plus[1]!.toUpperCase() as Severity);
		if (at < 0 || plus[1]!.toUpperCase() === 'UNKNOWN') return `unknown severity "${plus[1]}+" (CRITICAL+, HIGH+, MEDIUM+ or LOW+)`;
		return SEVERITIES.slice(0, at + 1);
	}
	const names = list.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean);
	if (!names.length) return `--severity needs a list of ${SEVERITIES.join(', ')}`;
	const bad = names.filter((n) => !(SEVERITIES as readonly string[]).includes(n));
	if (bad.length) return `unknown severity "${bad[0]}" (one of ${SEVERITIES.join(', ')})`;
	return SEVERITIES.filter((s) => names.includes(s));
}

export interface ScanSummary {
	ref: string;
	artifact: string;
	/** every finding, by severity (whatever --severity says) */
	counts: SeverityCounts;
	total: number;
	/** the severities that count as findings (--severity; default all) */
	severities: Severity[];
	/** findings of those severities: exit 1 when not 0 */
	selected: number;
	/** the first `top` of those, most severe first (then the ones with a fix, then by id) */
	top: Finding[];
	skipped: number;
	duplicates: number;
}

const RANK: Record<Severity, number> = {CRITICAL: 0, HIGH: 1, MEDIUM: 2, LOW: 3, UNKNOWN: 4};

export function compareFindings(a: Finding, b: Finding): number {
	return RANK[a.severity] - RANK[b.severity] || Number(!a.fixed) - Number(!b.fixed) || cmp(a.id, b.id) || cmp(a.pkg, b.pkg) || cmp(a.target, b.target);
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function summarize(ref: string, report: TrivyReport, opts: {severities?: Severity[]; top?: number} = {}): ScanSummary {
	const severities = opts.severities ?? [...SEVERITIES];
	const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as SeverityCounts;
	const chosen: Finding[] = [];
	for (const f of report.findings) {
		counts[f.severity]++;
		if (severities.includes(f.severity)) chosen.push(f);
	}
	const top = Math.max(0, opts.top ?? 10);
	// a partial selection would do for huge reports; a sort of ≤ a few 100 000 entries is fast enough
	chosen.sort(compareFindings);
	return {
		ref,
		artifact: report.artifact,
		counts,
		total: report.findings.length,
		severities,
		selected: chosen.length,
		top: chosen.slice(0, top),
		skipped: report.skipped,
		duplicates: report.duplicates,
	};
}

/** "CRITICAL 1 · HIGH 3 · MEDIUM 0 · LOW 2 · UNKNOWN 0" */
export function countsLine(c: SeverityCounts): string {
	return SEVERITIES.map((s) => `${s} ${c[s]}`).join(' · ');
}
