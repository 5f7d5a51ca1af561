/**
 * Doctor data: what the rules read (facts about one container) and what they say (findings).
 * Facts are plain JSON (container inspect as the engine returns it, recent log lines, the image's
 * inspect, host facts), so rules are pure and test fixtures are real inspect output.
 */
export type FindingSeverity = 'error' | 'warning' | 'info';

export type FindingCode =
	| 'oom-killed'
	| 'exec-format'
	| 'permission-denied'
	| 'port-in-use'
	| 'image-missing'
	| 'unhealthy'
	| 'restart-loop'
	| 'mount-missing'
	| 'exited-nonzero'
	| 'gpu-runtime-missing'
	| 'arch-mismatch'
	| 'start-failed';

export interface Finding {
	/** container name (no leading slash) */
	container: string;
	/** compose service, null for standalone containers */
	service: string | null;
	code: FindingCode;
	severity: FindingSeverity;
	message: string;
	/** a concrete next step */
	fix: string;
}

// the container inspect is part of the model (model/inspect.ts); the rules read it under this name
export type {InspectData} from '../../model/inspect.js';
import type {InspectData} from '../../model/inspect.js';

/** The image facts the rules read; null in ContainerFacts when the image is gone. */
export interface ImageFacts {
	id: string;
	architecture: string;
	os: string;
	entrypoint: string[] | null;
	cmd: string[] | null;
}

/** The binary the container execs, read from its filesystem (see program.ts). */
export interface ProgramFacts {
	/** absolute path inside the container (after PATH lookup and symlinks; the interpreter for scripts) */
	path: string;
	/** normalised arch from its ELF header; null when not ELF or unreadable */
	arch: string | null;
	/** the script's #! interpreter, when the entrypoint is a script */
	interpreter?: string;
	interpreter_missing?: boolean;
	/** the program is not in the container's filesystem */
	missing?: boolean;
}

/** Who holds a host port (from the engine, or /proc on a local engine). */
export interface PortHolder {
	kind: 'container' | 'process' | 'unknown';
	/** container name, or process command */
	name: string;
	pid?: number;
}

export interface HostFacts {
	/** normalised engine arch: amd64, arm64 … */
	engine_arch: string;
	/** OCI runtimes the engine lists in /info */
	runtimes: string[];
	/** true when the engine shares this machine's filesystem and ports */
	local: boolean;
	/** bind sources that do not exist on the host (checked only when local) */
	missing_paths: string[];
	/** when the facts were gathered (ms since the epoch); rules that judge "recent" need it */
	now?: number;
	/** "tcp/19300" → who holds it now (other than the container itself) */
	port_holders: Record<string, PortHolder[]>;
}

export interface ContainerFacts {
	inspect: InspectData;
	/** the last lines of its log (stdout and stderr, oldest first) */
	logs: string[];
	image: ImageFacts | null;
	host: HostFacts;
	/** gathered for containers that failed to run (absent otherwise) */
	program?: ProgramFacts | null;
}

/** A rule: facts → findings without container/service (filled in by diagnoseFacts). */
export type Rule = (f: ContainerFacts) => Array<Omit<Finding, 'container' | 'service'>>;
