/**
 * `extends:` — a service based on another, in this file or another one (`{service, file}` or a
 * name). Merged as Compose does: mappings (environment, labels, build, healthcheck, deploy, …)
 * merged key by key with the local value winning; ports, expose, dns and the like concatenated;
 * volumes merged by target; anything else replaced by the local value. Relative paths of a
 * service taken from another file are made absolute against that file's directory.
 */
import {existsSync, readFileSync, statSync} from 'node:fs';
import {dirname, isAbsolute, resolve} from 'node:path';
import {parseDocument, visit} from 'yaml';
import {interpolate} from './interpolate.js';
import {textTooLarge, tooLarge} from './limits.js';

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
		} else if (CONCAT.has(k) && Array.isArray(b) && Array.isArray(v)) {
			const have = new Set(b.map((y) => JSON.stringify(y)));
			out[k] = [...b, ...v.filter((x) => !have.has(JSON.stringify(x)))];
		}
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

/** One file's services and what is resolved of them so far (a service, or why it cannot be). */
interface FileServices {
	dir: string;
	services: Obj;
	resolved: Map<string, Obj | Error>;
	/** the files referred to from services of this context tree, by absolute path */
	files: Map<string, FileServices | Error>;
	/** values in the services resolved so far, shared by the context tree (see MAX_RESOLVED_VALUES) */
	budget: {values: number};
}

/**
 * A service repeats what it extends, so a long chain whose every level adds a label resolves to
 * n²/2 labels: 4,000 levels made 8 million and aborted berth's 128 MB heap. Past this many values
 * in the resolved services of one file, extends is refused with a clear error instead.
 */
export const MAX_RESOLVED_VALUES = 250_000;

/** keys of a resolved service, counting the entries of its lists and mappings */
function valuesIn(svc: Obj): number {
	let n = 0;
	for (const v of Object.values(svc)) n += 1 + (Array.isArray(v) ? v.length : isObj(v) ? Object.keys(v).length : 0);
	return n;
}

/** Per context (one loaded file): resolved services are kept, so a chain is walked once. */
const memo = new WeakMap<ExtendsContext, FileServices>();

function rootOf(ctx: ExtendsContext): FileServices {
	let f = memo.get(ctx);
	if (!f) memo.set(ctx, (f = {dir: ctx.dir, services: ctx.services, resolved: new Map(), files: new Map(), budget: {values: 0}}));
	return f;
}

function otherFile(root: FileServices, file: string, env: Record<string, string>): FileServices {
	const known = root.files.get(file);
	if (known instanceof Error) throw known;
	if (known) return known;
	try {
		if (!existsSync(file)) throw new Error(`extends: file ${file} not found`);
		const big = tooLarge(file, statSync(file).size);
		if (big) throw new Error(`extends: ${big}`);
		const text = readFileSync(file, 'utf8');
		const large = textTooLarge(file, text);
		if (large) throw new Error(`extends: ${large}`);
		const doc = parseDocument(text, {merge: true});
		if (doc.errors.length) throw new Error(`extends: ${file}: ${doc.errors[0]!.message.split('\n')[0]}`);
		visit(doc, {
			Scalar(k, node) {
				if (k !== 'key' && typeof node.value === 'string' && node.value.includes('$')) node.value = interpolate(node.value, (v) => env[v]).value;
			},
		});
		const other = (doc.toJS() as Obj | null)?.['services'];
		const f: FileServices = {dir: dirname(file), services: isObj(other) ? other : {}, resolved: new Map(), files: root.files, budget: root.budget};
		root.files.set(file, f);
		return f;
	} catch (err) {
		const e = err instanceof RangeError ? new Error(`extends: ${file} nests too deeply to read`) : (err as Error);
		root.files.set(file, e);
		throw e;
	}
}

/**
 * Resolve `extends` of one service; throws an Error with a readable message on a bad reference.
 * The chain is followed in a loop (no recursion, however deep) and each service resolved once per
 * context, so resolving every service of a file is linear in the length of its chains.
 */
export function resolveExtends(name: string, ctx: ExtendsContext): Obj {
	const root = rootOf(ctx);
	// walk down the chain until a service already resolved or one without extends
	const walk: Array<{f: FileServices; name: string; svc: Obj; cross: boolean}> = [];
	const onWalk = new Set<string>();
	let f = root;
	let cur = name;
	let cross = false;
	let base: Obj | Error;
	for (;;) {
		const done = f.resolved.get(cur);
		if (done) {
			base = done;
			break;
		}
		const svc = f.services[cur];
		if (!isObj(svc)) {
			base = new Error(`extends: service "${cur}" not found`);
			break;
		}
		const id = `${f.dir}\0${cur}`;
		if (onWalk.has(id)) {
			base = new Error(`extends cycle through service "${cur}"`);
			break;
		}
		onWalk.add(id);
		walk.push({f, name: cur, svc, cross});
		const ext = svc['extends'];
		if (ext === undefined) {
			base = svc;
			walk.pop();
			f.resolved.set(cur, svc);
			break;
		}
		const ref = typeof ext === 'string' ? {service: ext} : isObj(ext) ? ext : null;
		if (!ref || typeof ref['service'] !== 'string') {
			base = new Error('extends needs a service name ({service: NAME, file?: PATH})');
			break;
		}
		cross = typeof ref['file'] === 'string';
		if (cross) {
			const file = resolve(f.dir, ref['file'] as string);
			try {
				f = otherFile(root, file, ctx.env);
			} catch (err) {
				base = err as Error;
				break;
			}
			if (!isObj(f.services[ref['service']])) {
				base = new Error(`extends: service "${ref['service']}" not found in ${file}`);
				break;
			}
		}
		cur = ref['service'];
	}
	// back up the chain: each service merged onto the one it extends, kept for the next caller
	let below = {cross, dir: f.dir};
	for (let i = walk.length - 1; i >= 0; i--) {
		const w = walk[i]!;
		// a service from another file: its relative paths made absolute against its directory
		if (!(base instanceof Error)) {
			base = mergeService(below.cross ? rebase(base, below.dir) : base, w.svc);
			root.budget.values += valuesIn(base);
			if (root.budget.values > MAX_RESOLVED_VALUES) {
				base = new Error(`extends: the services of this file resolve to more than ${MAX_RESOLVED_VALUES.toLocaleString('en')} values (each repeats what it extends); berth stops there, so that it fits in the 128 MB heap it runs with`);
			}
		}
		w.f.resolved.set(w.name, base);
		below = {cross: w.cross, dir: w.f.dir};
	}
	if (base instanceof Error) throw base;
	return base;
}
