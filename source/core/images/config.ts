/**
 * berth's own config file (via `conf`, project name "berth"): here only `tags.mappings`, a list of
 * `{from, to}` image references that `berth setup-tags` tags.
 *
 * Location: conf's default (~/.config/berth-nodejs/config.json on Linux), or
 * $BERTH_CONFIG_DIR/config.json when BERTH_CONFIG_DIR is set (tests, portable bundles).
 */
import Conf from 'conf';

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

function openConf(dir?: string): Conf<Record<string, unknown>> {
	const cwd = dir ?? process.env['BERTH_CONFIG_DIR'];
	return new Conf<Record<string, unknown>>({projectName: 'berth', ...(cwd ? {cwd} : {})});
}

/** Where the config file is (for messages). */
export function configPath(dir?: string): string {
	return openConf(dir).path;
}

/** The tag mappings from the config file (none when it does not exist). */
export function readTagMappings(dir?: string): {mappings: TagMapping[]; problems: ConfigProblem[]; path: string} {
	const conf = openConf(dir);
	return {...parseMappings(conf.get('tags.mappings')), path: conf.path};
}

/** Replace the tag mappings in the config file. */
export function writeTagMappings(mappings: TagMapping[], dir?: string): string {
	const conf = openConf(dir);
	conf.set('tags.mappings', mappings);
	return conf.path;
}
