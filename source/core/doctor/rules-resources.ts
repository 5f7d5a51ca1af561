/** Rules about what the container needs from the host: ports, its image, mounts, GPUs, the CPU arch. */
import type {PortHolder, Rule} from './types.js';
import {archMismatch, bindSources, imageRef, name, publishedKeys, stateError} from './util.js';

const PORT_ERR = /(?:Bind for|listen (?:tcp|udp)[46]?) \[?([0-9a-f.:]*?)\]?:(\d+)(?: failed)?:? .*?(port is already allocated|address already in use)/i;

function holderText(h: PortHolder[]): string {
	return h.map((x) => (x.kind === 'container' ? `container ${x.name}` : x.kind === 'process' ? `process ${x.name}${x.pid ? ` (pid ${x.pid})` : ''}` : 'another program')).join(', ');
}

export const portInUse: Rule = (f) => {
	const n = name(f);
	const err = stateError(f);
	const m = PORT_ERR.exec(err);
	const mine = publishedKeys(f);
	if (m) {
		const port = Number(m[2]);
		const proto = /udp/i.test(err) ? 'udp' : mine.find((p) => p.port === port)?.proto ?? 'tcp';
		const holders = f.host.port_holders[`${proto}/${port}`] ?? [];
		return [
			{
				code: 'port-in-use',
				severity: 'error',
				message: `${n} could not publish host port ${m[1] ? `${m[1]}:` : ''}${port}/${proto}: it is taken${holders.length ? ` by ${holderText(holders)}` : ''}`,
				fix: holders.length
					? `Stop ${holderText(holders)} or give ${n} another host port (compose \`ports: ["<free port>:…"]\`; \`berth ports check ${port}\` tells what holds it), then start it again`
					: `Find what holds it (\`berth ports check ${port}\`), stop it or change ${n}'s host port, then start it again`,
			},
		];
	}
	if (f.inspect.State.Running) return [];
	// not running yet: would it collide when started?
	const out: ReturnType<Rule> = [];
	for (const p of mine) {
		const holders = f.host.port_holders[p.key] ?? [];
		if (!holders.length) continue;
		out.push({
			code: 'port-in-use',
			severity: 'warning',
			message: `${n} publishes host port ${p.ip}:${p.port}/${p.proto}, which ${holderText(holders)} holds now: it will fail to start`,
			fix: `Stop ${holderText(holders)} or change ${n}'s host port before starting it`,
		});
	}
	return out;
};

export const imageMissing: Rule = (f) => {
	if (f.image) return [];
	const n = name(f);
	const ref = imageRef(f);
	return [
		{
			code: 'image-missing',
			severity: 'error',
			message: `the image of ${n} (${ref}${f.inspect.Image && f.inspect.Image !== ref ? `, ${f.inspect.Image.slice(0, 19)}` : ''}) is no longer on the engine`,
			fix: `Load it again (\`berth load-images DIR\`, or \`docker pull ${ref}\` where a registry is reachable), then recreate ${n} (\`berth up <service>\` / \`docker-compose up -d --force-recreate\`)`,
		},
	];
};

export const mountMissing: Rule = (f) => {
	const n = name(f);
	const missing = new Set(f.host.missing_paths);
	const err = stateError(f);
	const errPath = /bind source path does not exist: (\S+)/.exec(err)?.[1] ?? /error mounting "([^"]+)" to rootfs at "[^"]*": stat [^:]+: no such file or directory/.exec(err)?.[1];
	if (errPath) missing.add(errPath);
	const hits = bindSources(f).filter((b) => missing.has(b.source));
	if (errPath && !hits.some((h) => h.source === errPath)) hits.push({source: errPath, target: '?'});
	return hits.map((h) => ({
		code: 'mount-missing' as const,
		severity: 'error' as const,
		message: `${n} bind-mounts ${h.source} → ${h.target}, and ${h.source} does not exist on the host`,
		fix: `Create it (\`mkdir -p ${h.source}\`, or \`berth check-mount-dirs --create\` for a compose project) or fix the path in the compose file, then start ${n}`,
	}));
};

function wantsGpu(d: {Driver?: string; Capabilities?: string[][] | null}): boolean {
	return d.Driver === 'nvidia' || (d.Capabilities ?? []).some((set) => set.includes('gpu'));
}

export const gpuRuntimeMissing: Rule = (f) => {
	const n = name(f);
	const runtimes = new Set(f.host.runtimes);
	const requests = (f.inspect.HostConfig?.DeviceRequests ?? []).filter(wantsGpu);
	const runtime = f.inspect.HostConfig?.Runtime;
	const errLine = /could not select device driver[^\n]*/.exec(stateError(f))?.[0];
	const out: ReturnType<Rule> = [];
	if ((requests.length && !runtimes.has('nvidia')) || errLine) {
		const driver = requests[0]?.Driver || 'nvidia';
		out.push({
			code: 'gpu-runtime-missing',
			severity: 'error',
			message: `${n} asks for a GPU (device driver "${driver}"), and the engine has no GPU runtime (runtimes: ${[...runtimes].join(', ') || 'none'})${errLine ? `: ${errLine}` : ''}`,
			fix: `Install the NVIDIA driver and the NVIDIA Container Toolkit on the host, run \`sudo nvidia-ctk runtime configure --runtime=docker && sudo systemctl restart docker\`; or drop the GPU request (compose \`deploy.resources.reservations.devices\`, \`--gpus\`) to run on CPU`,
		});
	}
	if (runtime && runtime !== 'runc' && !runtimes.has(runtime)) {
		out.push({
			code: 'gpu-runtime-missing',
			severity: 'error',
			message: `${n} wants the OCI runtime "${runtime}", which the engine does not list (runtimes: ${[...runtimes].join(', ') || 'none'})`,
			fix: `Register "${runtime}" in /etc/docker/daemon.json ("runtimes") and restart the daemon (for nvidia: \`sudo nvidia-ctk runtime configure --runtime=docker\`), or remove \`runtime: ${runtime}\` from the service`,
		});
	}
	return out;
};

export const archMismatchRule: Rule = (f) => {
	const mm = archMismatch(f);
	if (!mm) return [];
	return [
		{
			code: 'arch-mismatch',
			severity: 'warning',
			message: `${name(f)} runs image ${imageRef(f)} built for ${mm.image}; the engine runs ${mm.engine}`,
			fix: `Use the ${mm.engine} build of ${imageRef(f)} (\`berth load-images DIR\` with the ${mm.engine} tarball, then \`berth setup-tags\`), or set up emulation (\`docker run --privileged --rm tonistiigi/binfmt --install ${mm.image}\`)`,
		},
	];
};
