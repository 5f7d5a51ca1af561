/**
 * One service, from the interpolated YAML value to the resolved form `docker compose config`
 * prints: environment as a map (env_file merged in), ports normalised, depends_on as a map,
 * volumes in long form with absolute bind sources, labels as a map. Other keys pass through.
 */
import {existsSync, readFileSync} from 'node:fs';
import {homedir} from 'node:os';
import {isAbsolute, resolve} from 'node:path';
import {parseEnvFile} from './env.js';
import type {Locator} from './locate.js';
import {parsePort} from './ports.js';
import type {DependsOn, Diagnostic, PortSpec, Service, VolumeSpec} from './types.js';

export interface NormalizeContext {
	dir: string;
	env: Record<string, string>;
	loc: Locator;
	diagnostics: Diagnostic[];
}

export interface NormalizedService {
	service: Service;
	/** for each normalised port, the index of the `ports:` entry it came from */
	portOrigins: number[];
}

const isObj = (v: unknown): v is Record<string, unknown> => Boolean(v) && typeof v === 'object' && !Array.isArray(v);
const scalarText = (v: unknown): string | null => (v === null || v === undefined ? null : typeof v === 'object' ? JSON.stringify(v) : String(v));

export function hostPath(p: string, dir: string): string {
	if (p === '~' || p.startsWith('~/')) return resolve(homedir(), p.slice(2));
	return isAbsolute(p) ? resolve(p) : resolve(dir, p);
}

/** A map from `KEY=VALUE` list or mapping form; bare keys look up `bare`. */
function toMap(v: unknown, bare: (k: string) => string | null, where: string[], ctx: NormalizeContext): Record<string, string | null> {
	const out: Record<string, string | null> = {};
	if (Array.isArray(v)) {
		v.forEach((item, i) => {
			const s = String(item);
			const eq = s.indexOf('=');
			if (eq < 0) out[s] = bare(s);
			else out[s.slice(0, eq)] = s.slice(eq + 1);
			if (isObj(item)) ctx.diagnostics.push(ctx.loc.diag([...where, i], 'error', 'bad-type', `${where.at(-1)} entries must be KEY=VALUE strings`));
		});
	} else if (isObj(v)) {
		for (const [k, val] of Object.entries(v)) out[k] = val === null || val === undefined ? bare(k) : scalarText(val);
	} else if (v !== undefined && v !== null) {
		ctx.diagnostics.push(ctx.loc.diag(where, 'error', 'bad-type', `${where.at(-1)} must be a list or a mapping`));
	}
	return out;
}

function envFiles(name: string, raw: unknown, ctx: NormalizeContext): Record<string, string> {
	const list = raw === undefined || raw === null ? [] : Array.isArray(raw) ? raw : [raw];
	const out: Record<string, string> = {};
	list.forEach((entry, i) => {
		const path = Array.isArray(raw) ? ['services', name, 'env_file', i] : ['services', name, 'env_file'];
		const file = isObj(entry) ? String(entry['path'] ?? '') : String(entry);
		const required = isObj(entry) ? entry['required'] !== false : true;
		const abs = hostPath(file, ctx.dir);
		if (!existsSync(abs)) {
			if (required) ctx.diagnostics.push(ctx.loc.diag(path, 'error', 'env-file-missing', `env file ${abs} not found (mark it "required: false" to make it optional)`));
			return;
		}
		let text: string;
		try {
			text = readFileSync(abs, 'utf8');
		} catch (err) {
			ctx.diagnostics.push(ctx.loc.diag(path, 'error', 'env-file-unreadable', `env file ${abs}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`));
			return;
		}
		const parsed = parseEnvFile(text, (k) => ctx.env[k]);
		for (const p of parsed.problems) ctx.diagnostics.push({file: abs, line: p.line, col: 1, severity: 'error', code: 'env-file-syntax', message: p.message});
		Object.assign(out, parsed.vars);
	});
	return out;
}

const BIND_PREFIX = /^(\.|\/|~)/;

function shortVolume(s: string, dir: string): VolumeSpec | string {
	const parts = s.split(':');
	if (parts.length === 1) return parts[0] ? {type: 'volume', target: parts[0]} : 'empty volume';
	if (parts.length > 3) return `bad volume "${s}" (expected SOURCE:TARGET[:MODE])`;
	const [src = '', target = '', mode] = parts;
	if (!target) return `volume "${s}" has no target path`;
	const spec: VolumeSpec = BIND_PREFIX.test(src) ? {type: 'bind', source: hostPath(src, dir), target} : {type: 'volume', source: src, target};
	if (mode) {
		const flags = mode.split(',');
		const bad = flags.find((f) => !['ro', 'rw', 'z', 'Z', 'nocopy', 'shared', 'rshared', 'slave', 'rslave', 'private', 'rprivate', 'cached', 'delegated', 'consistent'].includes(f));
		if (bad) return `unknown volume mode "${bad}" in "${s}"`;
		if (flags.includes('ro')) spec.read_only = true;
	}
	return spec;
}

function volumes(name: string, raw: unknown, ctx: NormalizeContext): VolumeSpec[] {
	if (!Array.isArray(raw)) {
		if (raw !== undefined && raw !== null) ctx.diagnostics.push(ctx.loc.diag(['services', name, 'volumes'], 'error', 'bad-type', 'volumes must be a list'));
		return [];
	}
	const out: VolumeSpec[] = [];
	raw.forEach((v, i) => {
		const path = ['services', name, 'volumes', i];
		if (typeof v === 'string') {
			const r = shortVolume(v, ctx.dir);
			if (typeof r === 'string') ctx.diagnostics.push(ctx.loc.diag(path, 'error', 'bad-volume', r));
			else out.push(r);
		} else if (isObj(v)) {
			const type = String(v['type'] ?? 'volume') as VolumeSpec['type'];
			if (!v['target']) ctx.diagnostics.push(ctx.loc.diag(path, 'error', 'bad-volume', 'volume mapping needs "target"'));
			else if (!['bind', 'volume', 'tmpfs', 'npipe', 'cluster', 'image'].includes(type)) ctx.diagnostics.push(ctx.loc.diag(path, 'error', 'bad-volume', `unknown volume type "${type}"`));
			else if (type === 'bind' && !v['source']) ctx.diagnostics.push(ctx.loc.diag(path, 'error', 'bad-volume', 'a bind mount needs "source"'));
			else {
				const spec: VolumeSpec = {...v, type, target: String(v['target'])};
				if (v['source'] !== undefined) spec.source = type === 'bind' ? hostPath(String(v['source']), ctx.dir) : String(v['source']);
				out.push(spec);
			}
		} else {
			ctx.diagnostics.push(ctx.loc.diag(path, 'error', 'bad-volume', 'a volume must be a string or a mapping'));
		}
	});
	return out;
}

function dependsOn(name: string, raw: unknown, ctx: NormalizeContext): Record<string, DependsOn> {
	const out: Record<string, DependsOn> = {};
	const conditions = ['service_started', 'service_healthy', 'service_completed_successfully'];
	if (Array.isArray(raw)) {
		for (const d of raw) out[String(d)] = {condition: 'service_started', required: true};
	} else if (isObj(raw)) {
		for (const [dep, spec] of Object.entries(raw)) {
			const cond = isObj(spec) && spec['condition'] !== undefined ? String(spec['condition']) : 'service_started';
			if (!conditions.includes(cond)) {
				ctx.diagnostics.push(ctx.loc.diag(['services', name, 'depends_on', dep, 'condition'], 'error', 'bad-condition', `unknown depends_on condition "${cond}" (${conditions.join(', ')})`));
			}
			out[dep] = {...(isObj(spec) ? spec : {}), condition: cond as DependsOn['condition'], required: isObj(spec) ? spec['required'] !== false : true};
		}
	} else if (raw !== undefined && raw !== null) {
		ctx.diagnostics.push(ctx.loc.diag(['services', name, 'depends_on'], 'error', 'bad-type', 'depends_on must be a list or a mapping'));
	}
	return out;
}

export function normalizeService(name: string, raw: Record<string, unknown>, ctx: NormalizeContext): NormalizedService {
	const svc: Service = {};
	const portOrigins: number[] = [];
	for (const [key, value] of Object.entries(raw)) {
		const path = ['services', name, key];
		switch (key) {
			case 'build':
				svc.build = typeof value === 'string' ? {context: hostPath(value, ctx.dir)} : isObj(value) ? {...value, context: hostPath(String(value['context'] ?? '.'), ctx.dir)} : {};
				break;
			case 'environment':
				break; // merged below with env_file
			case 'labels':
				svc.labels = toMap(value, () => '', path, ctx) as Record<string, string>;
				break;
			case 'ports': {
				if (!Array.isArray(value)) {
					ctx.diagnostics.push(ctx.loc.diag(path, 'error', 'bad-type', 'ports must be a list'));
					break;
				}
				svc.ports = [];
				value.forEach((p, i) => {
					const r = parsePort(p);
					if (!r.ok) ctx.diagnostics.push(ctx.loc.diag([...path, i], 'error', 'bad-port', `bad port ${JSON.stringify(p)}: ${r.error}`));
					else for (const spec of r.ports) (svc.ports!.push(spec as PortSpec), portOrigins.push(i));
				});
				break;
			}
			case 'depends_on':
				svc.depends_on = dependsOn(name, value, ctx);
				break;
			case 'volumes':
				svc.volumes = volumes(name, value, ctx);
				break;
			case 'image':
				if (typeof value !== 'string') ctx.diagnostics.push(ctx.loc.diag(path, 'error', 'bad-image', 'image must be a string'));
				else if (value) svc.image = value; // empty (e.g. an unset variable): reported as no image
				break;
			default:
				svc[key] = value;
		}
	}
	if ('environment' in raw || 'env_file' in raw) {
		const fromFiles = envFiles(name, raw['env_file'], ctx);
		const env = toMap(raw['environment'], (k) => ctx.env[k] ?? null, ['services', name, 'environment'], ctx);
		svc.environment = {...fromFiles, ...env};
	}
	const sorted: Service = {};
	for (const k of Object.keys(svc).sort()) sorted[k] = svc[k];
	return {service: sorted, portOrigins};
}
