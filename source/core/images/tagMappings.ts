/**
 * `tags.mappings` in berth's settings file (core/settings: ~/.config/berth/config.json, or
 * $BERTH_CONFIG_DIR/config.json): a list of `{from, to}` image references that `berth setup-tags` tags.
 */
import {loadSettings} from '../settings/index.js';

export interface TagMapping {
	from: string;
	to: string;
}

export interface ConfigProblem {
	index: number;
	message: string;
}

/** Pure: validate a raw `tags.mappings` value. */
export function parseMappings(raw: unknown): {mappings: TagMapping[]; problems: ConfigProblem[]} {
	const mappings: TagMapping[] = [];
	const problems: ConfigProblem[] = [];
	if (raw === undefined || raw === null) return {mappings, problems};
	if (!Array.isArray(raw)) return {mappings, problems: [{index: -1, message: 'tags.mappings must be a list of {from, to}'}]};
	raw.forEach((m: unknown, index) => {
		const o = (m ?? {}) as Record<string, unknown>;
		if (typeof o['from'] !== 'string' || !o['from'] || typeof o['to'] !== 'string' || !o['to']) {
			problems.push({index, message: `tags.mappings[${index}] needs string "from" and "to"`});
			return;
		}
		mappings.push({from: o['from'], to: o['to']});
	});
	return {mappings, problems};
}

/** The tag mappings from the settings file (none when it does not exist). */
export async function readTagMappings(dir?: string): Promise<{mappings: TagMapping[]; problems: ConfigProblem[]; path: string}> {
	const s = await loadSettings(dir ? {...process.env, BERTH_CONFIG_DIR: dir} : process.env);
	if (s.error) return {mappings: [], problems: [{index: -1, message: `${s.path}:${s.error.line}:${s.error.col} ${s.error.message}`}], path: s.path};
	const tags = s.data['tags'];
	const raw = tags && typeof tags === 'object' && !Array.isArray(tags) ? (tags as Record<string, unknown>)['mappings'] : undefined;
	return {...parseMappings(raw), path: s.path};
}
