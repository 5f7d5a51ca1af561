/** The `/` filter of the container list: a substring, or `/regex/` (case-insensitive). */
import {groupOf} from '../../core/groups.js';
import type {ContainerRecord} from '../../model/container.js';

export interface Matcher {
	test(text: string): boolean;
	/** field:value terms (all must match), when the filter has any */
	terms?: Array<{field: string | null; matcher: Matcher}>;
	/** set when the regex did not compile (the filter then matches as a substring) */
	error: string | null;
	empty: boolean;
}

/** `fields`: the names a `field:value` term may use (the containers' by default; the events pane has its own). */
export function makeMatcher(text: string, fields: readonly string[] = FIELDS): Matcher {
	const t = text.trim();
	if (!t) return {test: () => true, error: null, empty: true};
	const words = t.split(/\s+/);
	const term = fields === FIELDS ? FIELD_TERM : fieldTerm(fields);
	if (!/^\/.*\/[a-z]*$/.test(t) && words.some((w) => term.test(w))) {
		const terms = words.map((w) => {
			const m = term.exec(w);
			return m ? {field: m[1]!.toLowerCase(), matcher: makeMatcher(m[2]!)} : {field: null, matcher: makeMatcher(w)};
		});
		return {test: (s) => terms.every((x) => x.matcher.test(s)), terms, error: terms.find((x) => x.matcher.error)?.matcher.error ?? null, empty: false};
	}
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

const FIELDS = ['name', 'project', 'service', 'group', 'image', 'state', 'health', 'id'] as const;
type Field = (typeof FIELDS)[number];

function fieldsOf(c: ContainerRecord): Record<Field, string> {
	return {name: c.name, project: c.project ?? '', service: c.service ?? '', group: groupOf(c.labels, c.service), image: c.image, state: c.state, health: c.health, id: c.id.slice(0, 12)};
}

/** `field:value` (group:core, state:exited, project:demo …) matches that field only; words are ANDed. */
const fieldTerm = (fields: readonly string[]) => new RegExp(`^(${fields.join('|')}):(.+)$`, 'i');
const FIELD_TERM = fieldTerm(FIELDS);

/** What a filter looks at: name, compose project/service, group, image, state, health (or one of them with field:value). */
export function matchesContainer(m: Matcher, c: ContainerRecord): boolean {
	return m.empty || matchesFields(m, fieldsOf(c));
}

/** A filter against named fields: a word or `/regex/` matches any field, `field:value` that field. */
export function matchesFields(m: Matcher, f: Record<string, string>): boolean {
	if (m.empty) return true;
	if (m.terms) return m.terms.every((t) => (t.field ? t.matcher.test(f[t.field] ?? '') : Object.values(f).some((v) => t.matcher.test(v))));
	return Object.values(f).some((v) => m.test(v));
}
