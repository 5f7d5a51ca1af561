/**
 * The compose schema as berth checks it: the Compose specification's own (compose-spec.json),
 * with one adjustment derived from it (see check.ts): a string that stands only for an
 * interpolated boolean or number must read as one.
 */
type Schema = Record<string, unknown>;
const isObj = (v: unknown): v is Schema => Boolean(v) && typeof v === 'object' && !Array.isArray(v);

const anyCase = (w: string) => [...w].map((c) => `[${c.toLowerCase()}${c.toUpperCase()}]`).join('');
/** compose's boolean words, any case */
export const BOOLEAN_PATTERN = `^(?:${['y', 'yes', 'true', 'on', 'n', 'no', 'false', 'off'].map(anyCase).join('|')})$`;
const NUM = String.raw`(?:\d+(?:\.\d*)?|\.\d+)`;
/** a number, optionally signed, optionally with units (2g, 1.5, -1, 1m30s, 0755) */
export const NUMBER_PATTERN = String.raw`^\s*[+-]?${NUM}(?:\s*[a-zA-Zµ]+${NUM})*(?:\s*[a-zA-Zµ]+)?\s*$`;
const CAST: Record<string, string> = {boolean: BOOLEAN_PATTERN, integer: NUMBER_PATTERN, number: NUMBER_PATTERN};
/** A copy of the schema with the interpolation-only strings narrowed (see above). */
export function strictSchema(schema: unknown): Schema {
	const copy = structuredClone(schema) as Schema;
	delete copy['$schema']; // https://json-schema.org/draft-07/schema: draft-07, which ajv's default class is
	const stack: unknown[] = [copy];
	while (stack.length) {
		const node = stack.pop();
		if (Array.isArray(node)) stack.push(...node);
		else if (isObj(node)) {
			const t = node['type'];
			if (Array.isArray(t) && t.length === 2 && t[1] === 'string' && typeof t[0] === 'string' && CAST[t[0]]) {
				if (node['pattern'] !== undefined) throw new Error(`compose schema: unexpected pattern beside type ${JSON.stringify(t)}`);
				node['pattern'] = CAST[t[0]];
			}
			stack.push(...Object.values(node));
		}
	}
	return copy;
}
