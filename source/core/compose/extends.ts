/**
 * `extends:` — a service based on another, in this file or another one (`{service, file}` or a
 * name). Merged as Compose does: mappings (environment, labels, build, healthcheck, deploy, …)
 * merged key by key with the local value winning; ports, expose, dns and the like concatenated;
 * volumes merged by target; anything else replaced by the local value. Relative paths of a
 * service taken from another file are made absolute against that file's directory.
 */
import {existsSync, readFileSync} from 'node:fs';
import {dirname, isAbsolute, resolve} from 'node:path';
import {parseDocument, visit} from 'yaml';
import {interpolate} from './interpolate.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => Boolean(v) && typeof v === 'object' && !Array.isArray(v);

const MAPPINGS = new Set(['environment', 'labels', 'build', 'healthcheck', 'deploy', 'logging', 'ulimits', 'sysctls', 'extra_hosts', 'annotations', 'depends_on', 'networks', 'blkio_config', 'storage_opt']);
const CONCAT = new Set(['ports', 'expose', 'dns', 'dns_search', 'dns_opt', 'tmpfs', 'cap_add', 'cap_drop', 'devices', 'external_links', 'links', 'security_opt', 'secrets', 'configs', 'group_add', 'env_file', 'profiles']);

/** list `K=V` (or a name list for networks/depends_on) → mapping, so both forms merge */
function asMap(v: unknown): Obj {
	if (isObj(v)) return v;
	if (!Array.isArray(v)) return {};
	const out: Obj = {};
	for (const item of v) {
		const s = String(item);
		const eq = s.indexOf('=');
		out[eq < 0 ? s : s.slice(0, eq)] = eq < 0 ? null : s.slice(eq + 1);
	}
	return out;
}

const volumeTarget = (v: unknown) => (isObj(v) ? String(v['target'] ?? '') : String(v).split(':')[String(v).includes(':') ? 1 : 0] ?? '');

export function mergeService(base: Obj, local: Obj): Obj {
	const out: Obj = {...base};
	for (const [k, v] of Object.entries(local)) {
		const b = base[k];
		if (b === undefined) out[k] = v;
		else if (MAPPINGS.has(k) && (isObj(b) || Array.isArray(b)) && (isObj(v) || Array.isArray(v))) {
			const merged = {...asMap(b), ...asMap(v)};
			out[k] = k === 'build' && typeof v === 'string' ? v : merged;
		} else if (CONCAT.has(k) && Array.isArray(b) && Array.isArray(v)) out[k] = [...b, ...v.filter((x) => !b.some((y) => JSON.stringify(y) === JSON.stringify(x)))];
		else if (k === 'volumes' && Array.isArray(b) && Array.isArray(v)) {
			const targets = new Set(v.map(volumeTarget));
			out[k] = [...b.filter((x) => !targets.has(volumeTarget(x))), ...v];
		} else out[k] = v;
	}
	delete out['extends'];
	return out;
}

const rel = (p: string) => p.startsWith('./') || p.startsWith('../') || p === '.' || (!isAbsolute(p) && !p.startsWith('~') && !p.includes(':'));

/** Make a service from another file independent of its directory. */
function rebase(svc: Obj, dir: string): Obj {
	const out = {...svc};
	if (typeof out['build'] === 'string') out['build'] = resolve(dir, out['build']);
	else if (isObj(out['build'])) out['build'] = {...out['build'], context: resolve(dir, String(out['build']['context'] ?? '.'))};
	if (Array.isArray(out['volumes'])) {
		out['volumes'] = out['volumes'].map((v) => {
			if (typeof v === 'string' && /^\.\.?\//.test(v)) return resolve(dir, v.split(':')[0]!) + v.slice(v.indexOf(':'));
			if (isObj(v) && v['type'] === 'bind' && typeof v['source'] === 'string' && rel(v['source'])) return {...v, source: resolve(dir, v['source'])};
			return v;
		});
	}
	if (typeof out['env_file'] === 'string') out['env_file'] = resolve(dir, out['env_file']);
	else if (Array.isArray(out['env_file'])) out['env_file'] = out['env_file'].map((e) => (typeof e === 'string' ? resolve(dir, e) : isObj(e) ? {...e, path: resolve(dir, String(e['path']))} : e));
	return out;
}

export interface ExtendsContext {
	dir: string;
	env: Record<string, string>;
	/** this file's services (interpolated) */
	services: Obj;
}

/** Resolve `extends` of one service; throws an Error with a readable message on a bad reference. */
export function resolveExtends(name: string, ctx: ExtendsContext, chain: string[] = []): Obj {
	const svc = ctx.services[name];
	if (!isObj(svc)) throw new Error(`extends: service "${name}" not found`);
	const ext = svc['extends'];
	if (ext === undefined) return svc;
	const ref = typeof ext === 'string' ? {service: ext} : isObj(ext) ? ext : null;
	if (!ref || typeof ref['service'] !== 'string') throw new Error('extends needs a service name ({service: NAME, file?: PATH})');
	const key = `${ctx.dir}#${ref['service']}@${String(ref['file'] ?? '')}`;
	if (chain.includes(key)) throw new Error(`extends cycle through service "${ref['service']}"`);
	let base: Obj;
	if (typeof ref['file'] === 'string') {
		const file = resolve(ctx.dir, ref['file']);
		if (!existsSync(file)) throw new Error(`extends: file ${file} not found`);
		const doc = parseDocument(readFileSync(file, 'utf8'), {merge: true});
		if (doc.errors.length) throw new Error(`extends: ${file}: ${doc.errors[0]!.message.split('\n')[0]}`);
		visit(doc, {
			Scalar(k, node) {
				if (k !== 'key' && typeof node.value === 'string' && node.value.includes('$')) node.value = interpolate(node.value, (v) => ctx.env[v]).value;
			},
		});
		const other = (doc.toJS() as Obj | null)?.['services'];
		if (!isObj(other) || !isObj(other[ref['service']])) throw new Error(`extends: service "${ref['service']}" not found in ${file}`);
		const sub: ExtendsContext = {dir: dirname(file), env: ctx.env, services: other};
		base = rebase(resolveExtends(ref['service'], sub, [...chain, key]), dirname(file));
	} else {
		if (!isObj(ctx.services[ref['service']])) throw new Error(`extends: service "${ref['service']}" not found`);
		base = resolveExtends(ref['service'], ctx, [...chain, key]);
	}
	return mergeService(base, svc);
}
