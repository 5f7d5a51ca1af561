/**
 * A fake `trivy` executable for the tests (the real trivy is not installed on this machine and
 * cannot be downloaded here). It checks the arguments berth gives it (as the real one would reject
 * a wrong command line, it exits 2 with a FATAL line), logs its arguments and environment, then
 * behaves as FAKE_TRIVY_MODE says: print the report in FAKE_TRIVY_REPORT (default), fail like
 * trivy without its database, hang, flood stdout, or print garbage.
 */
import {chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

const SCRIPT = `#!/bin/sh
{
  for a in "$@"; do printf 'ARG %s\\n' "$a"; done
  printf 'PID=%s\\n' "$$"
  printf 'DOCKER_HOST=%s\\n' "\${DOCKER_HOST-unset}"
  printf 'DOCKER_CONTEXT=%s\\n' "\${DOCKER_CONTEXT-unset}"
  printf 'TRIVY_OUTPUT=%s\\n' "\${TRIVY_OUTPUT-unset}"
  printf 'TRIVY_CACHE_DIR=%s\\n' "\${TRIVY_CACHE_DIR-unset}"
} > "$FAKE_TRIVY_LOG"
# the command line berth must give: image --format json --quiet --image-src docker --scanners vuln --timeout Ns REF
if [ "$1" != image ] || [ "$2 $3" != "--format json" ] || [ "$4" != --quiet ] || [ "$5 $6" != "--image-src docker" ] || [ "$7 $8" != "--scanners vuln" ] || [ "$9" != --timeout ] || [ $# -ne 11 ]; then
  echo "FATAL fake trivy: unexpected arguments: $*" >&2
  exit 2
fi
case "$FAKE_TRIVY_MODE" in
  hang) exec sleep 20 ;;
  hang-child) sleep 20 ;;
  flood) exec yes '{"SchemaVersion": 2}' ;;
  garbage) echo 'this is not json' ;;
  empty) ;;
  nodb)
    printf '2024-03-01T10:00:00Z\\tFATAL\\tFatal error\\tinit error: DB error: failed to download vulnerability DB: OCI repository error: \\033]0;PWNED\\007GET https://mirror.gcr.io/v2/: dial tcp: lookup mirror.gcr.io: no such host\\n' >&2
    exit 1 ;;
  *) cat "$FAKE_TRIVY_REPORT" ;;
esac
`;

export interface FakeTrivy {
	/** the folder holding `trivy` (put it on PATH) */
	bin: string;
	log: string;
	report: string;
	/** environment for a run: PATH with the fake first, the mode, the files */
	env(mode?: string, extra?: Record<string, string>): Record<string, string>;
	writeReport(value: unknown): void;
	/** the arguments the fake got on its last run (null: it did not run) */
	args(): string[] | null;
	/** a variable as the fake saw it ('unset' when absent) */
	envSeen(name: string): string | null;
	resetLog(): void;
	remove(): void;
}

export function makeFakeTrivy(basePath = process.env['PATH'] ?? '/usr/bin:/bin'): FakeTrivy {
	const dir = mkdtempSync(join(tmpdir(), 'berth-fake-trivy-'));
	const bin = join(dir, 'bin');
	const log = join(dir, 'trivy.log');
	const report = join(dir, 'report.json');
	mkdirSync(bin);
	writeFileSync(join(bin, 'trivy'), SCRIPT);
	chmodSync(join(bin, 'trivy'), 0o755);
	const lines = () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n') : null);
	return {
		bin,
		log,
		report,
		env: (mode = 'report', extra = {}) => ({PATH: `${bin}:${basePath}`, FAKE_TRIVY_MODE: mode, FAKE_TRIVY_LOG: log, FAKE_TRIVY_REPORT: report, ...extra}),
		writeReport: (value) => writeFileSync(report, typeof value === 'string' ? value : JSON.stringify(value)),
		args: () => lines()?.filter((l) => l.startsWith('ARG ')).map((l) => l.slice(4)) ?? null,
		envSeen: (name) => lines()?.find((l) => l.startsWith(`${name}=`))?.slice(name.length + 1) ?? null,
		resetLog: () => rmSync(log, {force: true}),
		remove: () => rmSync(dir, {recursive: true, force: true}),
	};
}
