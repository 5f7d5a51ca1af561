/** Engine-wide facts from `GET /info`, as plain data. */
import type {Engine} from './connection.js';
import {toEngineError} from './errors.js';
import {dockerOf} from './client.js';

export interface EngineInfo {
	/** as the engine reports it: x86_64, aarch64 … */
	architecture: string;
	os_type: string;
	operating_system: string;
	kernel_version: string;
	server_version: string;
	/** names of the OCI runtimes the engine knows (runc, nvidia …) */
	runtimes: string[];
	default_runtime: string;
	ncpu: number;
	mem_total: number;
	docker_root_dir: string;
	cgroup_version: string;
}

export async function engineInfo(engine: Engine): Promise<EngineInfo> {
	let raw: Record<string, unknown>;
	try {
		raw = (await dockerOf(engine).info()) as Record<string, unknown>;
	} catch (err) {
		throw toEngineError(err, engine.where);
	}
	const s = (k: string) => (typeof raw[k] === 'string' ? (raw[k] as string) : '');
	const n = (k: string) => (typeof raw[k] === 'number' ? (raw[k] as number) : 0);
	return {
		architecture: s('Architecture'),
		os_type: s('OSType'),
		operating_system: s('OperatingSystem'),
		kernel_version: s('KernelVersion'),
		server_version: s('ServerVersion'),
		runtimes: Object.keys((raw['Runtimes'] as Record<string, unknown> | undefined) ?? {}).sort(),
		default_runtime: s('DefaultRuntime'),
		ncpu: n('NCPU'),
		mem_total: n('MemTotal'),
		docker_root_dir: s('DockerRootDir'),
		cgroup_version: s('CgroupVersion'),
	};
}

/** True when the engine runs on this machine (a unix socket), so host paths and ports are its own. */
export function engineIsLocal(engine: Engine): boolean {
	return engine.target.url.startsWith('unix://') || engine.target.url.startsWith('npipe://');
}
