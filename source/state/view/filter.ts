/** The `/` filter of the container list: a substring, or `/regex/` (case-insensitive). */
import {groupOf} from '../../core/groups.js';
import type {ContainerRecord} from '../../engine/types.js';

export interface Matcher {
	test(text: string): boolean;
	/** set when the regex did not compile (the filter then matches as a substring) */
	error: string | null;
	empty: boolean;
}

export function makeMatcher(text: string): Matcher {
	const t = text.trim();
	if (!t) return {test: () => true, error: null, empty: true};
	const re = /^\/(.+)\/([a-z]*)$/.exec(t);
	if (re) {
		try {
			const rx = new RegExp(re[1]!, re[2]!.includes('i') ? re[2] : re[2] + 'i');
			return {test: (s) => rx.test(s), error: null, empty: false};
		} catch (err) {
			const needle = re[1]!.toLowerCase();
			return {test: (s) => s.toLowerCase().includes(needle), error: (err as Error).message, empty: false};
		}
	}
	const needle = t.toLowerCase();
	return {test: (s) => s.toLowerCase().includes(needle), error: null, empty: false};
}

/** What a filter looks at: name, compose project/service, group, image, state, health. */
export function matchesContainer(m: Matcher, c: ContainerRecord): boolean {
	if (m.empty) return true;
	const fields = [c.name, c.project ?? '', c.service ?? '', groupOf(c.labels, c.service), c.image, c.state, c.health, c.id.slice(0, 12)];
	return fields.some((f) => m.test(f));
}
