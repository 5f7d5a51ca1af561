/** Rules about how the container's process ran: OOM, wrong arch, no exec bit, loops, exits, health. */
import type {Rule} from './types.js';
import {normaliseArch} from '../images/arch.js';
import {archMismatch, commandOf, lastMatch, mib, name, stateError, tail} from './util.js';

export const oomKilled: Rule = (f) => {
	if (!f.inspect.State.OOMKilled) return [];
	const limit = f.inspect.HostConfig?.Memory ?? 0;
	const n = name(f);
	return [
		{
			code: 'oom-killed',
			severity: 'error',
			message: limit
				? `${n} was killed by the kernel OOM killer: it used its whole memory limit of ${mib(limit)} (exit ${f.inspect.State.ExitCode ?? 137})`
				: `${n} was killed by the kernel OOM killer: the host ran out of memory (no limit set; exit ${f.inspect.State.ExitCode ?? 137})`,
			fix: limit
				? `Raise the limit (compose: \`mem_limit: ${mib(limit * 2).replace(' MiB', 'm')}\`, or \`docker update --memory ${mib(limit * 2).replace(' MiB', 'm')} --memory-swap ${mib(limit * 2).replace(' MiB', 'm')} ${n}\`) or make the program use less memory, then \`berth restart-container ${n}\``
				: `Free memory on the host or give ${n} a memory limit so it fails alone, then \`berth restart-container ${n}\``,
		},
	];
};

const NOT_RUNNABLE = /exec .*failed: (no such file or directory|exec format error)|exec: .*(no such file or directory)|standard_init_linux.go.*exec user process caused/i;

/** The program's own ELF header names another arch than the engine's (whatever the image says). */
function wrongBinary(f: Parameters<Rule>[0]): {path: string; arch: string; engine: string} | null {
	const p = f.program;
	const engine = normaliseArch(f.host.engine_arch);
	if (!p?.arch || !engine || p.arch === engine || p.arch.startsWith('elf-machine')) return null;
	const st = f.inspect.State;
	const failed = st.Restarting || Boolean(st.Error) || (st.Status === 'exited' && (st.ExitCode ?? 0) !== 0);
	return failed ? {path: p.path, arch: p.arch, engine} : null;
}

export const execFormat: Rule = (f) => {
	const wrong = wrongBinary(f);
	if (wrong) {
		const line = lastMatch(f, /exec format error/i) ?? lastMatch(f, NOT_RUNNABLE);
		const label = normaliseArch(f.image?.architecture);
		return [
			{
				code: 'exec-format',
				severity: 'error',
				message: `${name(f)} cannot run ${wrong.path}: the binary is built for ${wrong.arch} and the engine runs ${wrong.engine}${label && label !== wrong.arch ? ` (the image says ${label})` : ''}${line ? ` ("${line}")` : ''}`,
				fix: `Put the ${wrong.engine} build of ${wrong.path} into the image (cross-compile for linux/${wrong.engine}, or build with \`docker buildx build --platform linux/${wrong.engine}\`), or install emulation (\`docker run --privileged --rm tonistiigi/binfmt --install ${wrong.arch}\`), then recreate the container`,
			},
		];
	}
	const mm = archMismatch(f);
	const fmt = lastMatch(f, /exec format error/i);
	const exited = f.inspect.State.Status === 'exited' || f.inspect.State.Restarting;
	// tini (--init) retries the binary via /bin/sh on ENOEXEC and reports ENOENT when there is none
	const viaInit = !fmt && mm && exited && (f.inspect.State.ExitCode ?? 0) !== 0 ? lastMatch(f, NOT_RUNNABLE) : null;
	const line = fmt ?? viaInit;
	if (!line) return [];
	const what = commandOf(f) || 'its entrypoint';
	return [
		{
			code: 'exec-format',
			severity: 'error',
			message: mm
				? `${name(f)} cannot run ${what}: the image is built for ${mm.image}, the engine runs ${mm.engine} ("${line}")`
				: `${name(f)} cannot run ${what}: the binary is for another CPU architecture ("${line}")`,
			fix: `Load the ${mm?.engine ?? 'host'}-architecture image (\`berth load-images DIR\` with the ${mm?.engine ?? 'host'} tarball, then \`berth setup-tags\`), or install emulation (\`docker run --privileged --rm tonistiigi/binfmt --install ${mm?.image ?? 'all'}\`), then recreate the container`,
		},
	];
};

export const permissionDenied: Rule = (f) => {
	const line = lastMatch(f, /permission denied|operation not permitted|\bEACCES\b/i);
	if (!line) return [];
	const n = name(f);
	const exec = /exec: "([^"]+)": permission denied/i.exec(stateError(f)) ?? /exec (\S+) failed: permission denied/i.exec(line);
	if (exec) {
		const path = exec[1]!;
		return [
			{
				code: 'permission-denied',
				severity: 'error',
				message: `${n}: the entrypoint ${path} is not executable ("${line}")`,
				fix: `Give ${path} the exec bit in the image (Dockerfile: \`RUN chmod +x ${path}\` or \`COPY --chmod=755\`), or run it through a shell (\`entrypoint: ["sh", "${path}"]\`), then recreate ${n}`,
			},
		];
	}
	const user = f.inspect.Config?.User || 'root';
	const binds = (f.inspect.Mounts ?? []).filter((m) => m.Type === 'bind').map((m) => m.Source).filter(Boolean);
	return [
		{
			code: 'permission-denied',
			severity: 'error',
			message: `${n} was refused access to a file or directory as user ${user}: "${line}"`,
			fix: binds.length
				? `Make the bind-mounted paths writable for the container's user (e.g. \`sudo chown -R <uid>:<gid> ${binds.join(' ')}\` with the uid ${user} has inside the image, or mount them :ro if they should be read-only), then \`berth restart-container ${n}\``
				: `Check the ownership of the files the program opens (\`docker exec ${n} ls -ln <path>\`) and the user it runs as (${user}), then \`berth restart-container ${n}\``,
		},
	];
};

export const restartLoop: Rule = (f) => {
	const count = f.inspect.RestartCount ?? 0;
	const policy = f.inspect.HostConfig?.RestartPolicy?.Name || 'no';
	const st = f.inspect.State;
	const crashed = count >= 3 && policy !== 'no' && (st.ExitCode ?? 0) !== 0;
	// between two crashes it is briefly "running" again: a restart within the last minute counts
	const since = st.Running && st.StartedAt && f.host.now ? f.host.now - Date.parse(st.StartedAt) : Infinity;
	const justRestarted = count >= 3 && policy !== 'no' && since < 60_000;
	if (!st.Restarting && !crashed && !justRestarted) return [];
	const n = name(f);
	const last = tail(f, 3);
	return [
		{
			code: 'restart-loop',
			severity: 'error',
			message: `${n} keeps crashing: restarted ${count} times (restart policy ${policy}), last exit code ${f.inspect.State.ExitCode ?? '?'}${last.length ? `; last log lines: ${last.join(' | ')}` : ''}`,
			fix: `Stop the loop with \`docker update --restart=no ${n}\` (or \`docker stop ${n}\`), fix the cause shown by \`docker logs --tail 50 ${n}\`, then \`berth restart-container ${n}\``,
		},
	];
};

const EXIT_MEANING: Record<number, string> = {
	1: 'general error',
	2: 'misuse of a shell builtin or bad arguments',
	126: 'command found but not executable',
	127: 'command not found',
	130: 'interrupted (SIGINT)',
	134: 'aborted (SIGABRT)',
	137: 'killed (SIGKILL: `docker kill`, a stop timeout, or memory)',
	139: 'segmentation fault (SIGSEGV)',
	143: 'terminated (SIGTERM: `docker stop`)',
};

export const exitedNonzero: Rule = (f) => {
	const code = f.inspect.State.ExitCode ?? 0;
	if (f.inspect.State.Status !== 'exited' || code === 0) return [];
	const n = name(f);
	const last = tail(f, 5);
	const meaning = EXIT_MEANING[code] ? ` (${EXIT_MEANING[code]})` : '';
	const p = f.program;
	const why = p?.interpreter_missing
		? `: its script's interpreter ${p.interpreter} (from the #! line of ${p.path}) is not in the image`
		: p?.missing
			? `: ${p.path} is not in the container`
			: '';
	return [
		{
			code: 'exited-nonzero',
			severity: code === 143 || code === 130 ? 'warning' : 'error',
			message: `${n} exited with code ${code}${meaning}${why}${last.length ? `; last log lines: ${last.join(' | ')}` : '; it logged nothing'}`,
			fix: why
				? `${p?.interpreter_missing ? `Install ${p.interpreter} in the image or change the #! line of ${p.path} (e.g. to #!/bin/sh)` : `Fix the entrypoint/command path or add ${p?.path} to the image`}, then recreate ${n}`
				: `Read the full log (\`docker logs --tail 100 ${n}\`), fix the cause (configuration, environment, a dependency that was not ready), then \`berth restart-container ${n}\``,
		},
	];
};

export const unhealthy: Rule = (f) => {
	const h = f.inspect.State.Health;
	if (!h || h.Status !== 'unhealthy') return [];
	const n = name(f);
	const last = h.Log?.at(-1);
	const out = (last?.Output ?? '').trim().replace(/\s*\n\s*/g, ' | ');
	return [
		{
			code: 'unhealthy',
			severity: 'error',
			message: `${n} is unhealthy: its healthcheck failed ${h.FailingStreak ?? '?'} times in a row; last check exit ${last?.ExitCode ?? '?'}${out ? `, output: ${out}` : ', no output'}`,
			fix: `Run the check by hand (\`docker inspect --format '{{json .Config.Healthcheck.Test}}' ${n}\`, then \`docker exec ${n} <that command>\`); fix the service, or the check's command/interval/start_period, then \`berth restart-container ${n}\``,
		},
	];
};

/** Catch-all: the engine could not start it and no other rule explained why. */
export const startFailed: Rule = (f) => {
	const err = stateError(f);
	if (!err) return [];
	const n = name(f);
	return [
		{
			code: 'start-failed',
			severity: 'error',
			message: `the engine could not start ${n}: ${err}`,
			fix: `Fix what the message names, then \`berth restart-container ${n}\`; \`docker inspect ${n}\` shows the full configuration`,
		},
	];
};
