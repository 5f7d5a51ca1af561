/** Small helpers shared by the doctor rules. */
import {normaliseArch} from '../images/arch.js';
import type {ContainerFacts} from './types.js';

export const name = (f: ContainerFacts) => f.inspect.Name.replace(/^\//, '');
export const imageRef = (f: ContainerFacts) => f.inspect.Config?.Image ?? f.inspect.Image ?? '?';
export const stateError = (f: ContainerFacts) => (f.inspect.State.Error ?? '').trim();

/** The text the rules search: the state error plus the recent log lines. */
export function evidence(f: ContainerFacts): string {
	return [stateError(f), ...f.logs].join('\n');
}

/** The last log line (or state error line) matching re. */
export function lastMatch(f: ContainerFacts, re: RegExp): string | null {
	const lines = [stateError(f), ...f.logs].filter(Boolean);
	for (let i = lines.length - 1; i >= 0; i--) if (re.test(lines[i]!)) return lines[i]!.trim();
	return null;
}

/** The last n non-empty log lines, joined for a message. */
export function tail(f: ContainerFacts, n = 5): string[] {
	return f.logs.map((l) => l.trimEnd()).filter(Boolean).slice(-n);
}

export function archMismatch(f: ContainerFacts): {image: string; engine: string} | null {
	const image = normaliseArch(f.image?.architecture);
	const engine = normaliseArch(f.host.engine_arch);
	return image && engine && image !== engine ? {image, engine} : null;
}

/** The command the container runs, as it would be written. */
export function commandOf(f: ContainerFacts): string {
	return [f.inspect.Path, ...(f.inspect.Args ?? [])].filter(Boolean).join(' ');
}

export function mib(bytes: number): string {
	return `${Math.round(bytes / 1024 / 1024)} MiB`;
}

/** Published host ports of a container: "tcp/19300" keys with the bind address. */
export function publishedKeys(f: ContainerFacts): Array<{key: string; ip: string; port: number; proto: string}> {
	const out: Array<{key: string; ip: string; port: number; proto: string}> = [];
	for (const [spec, binds] of Object.entries(f.inspect.HostConfig?.PortBindings ?? {})) {
		const proto = spec.split('/')[1] ?? 'tcp';
		for (const b of binds ?? []) {
			const port = Number(b.HostPort);
			if (port > 0) out.push({key: `${proto}/${port}`, ip: b.HostIp || '0.0.0.0', port, proto});
		}
	}
	return out;
}

/** Bind-mount sources of a container (from Mounts, HostConfig.Mounts and HostConfig.Binds). */
export function bindSources(f: ContainerFacts): Array<{source: string; target: string}> {
	const seen = new Map<string, string>();
	for (const m of f.inspect.Mounts ?? []) if (m.Type === 'bind' && m.Source) seen.set(m.Source, m.Destination ?? '');
	for (const m of f.inspect.HostConfig?.Mounts ?? []) if (m.Type === 'bind' && m.Source) seen.set(m.Source, m.Target ?? '');
	for (const b of f.inspect.HostConfig?.Binds ?? []) {
		const [src, dst] = b.split(':');
		if (src?.startsWith('/')) seen.set(src, dst ?? '');
	}
	return [...seen].map(([source, target]) => ({source, target}));
}
