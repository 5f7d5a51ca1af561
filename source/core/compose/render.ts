/** The resolved model as `docker compose config` prints it: YAML (default) or JSON. */
import {stringify} from 'yaml';
import type {ComposeModel} from './types.js';

export function renderConfig(model: ComposeModel, format: 'yaml' | 'json' = 'yaml'): string {
	const {name, services, ...rest} = model;
	const ordered = {name, services, ...Object.fromEntries(Object.entries(rest).sort(([a], [b]) => a.localeCompare(b)))};
	if (format === 'json') return JSON.stringify(ordered, null, 2);
	return stringify(ordered, {lineWidth: 0, aliasDuplicateObjects: false});
}
