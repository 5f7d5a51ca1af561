/**
 * What the logs, stats, inspect and doctor panes show and what actions act on: one container, a
 * compose service (its replicas), a compose project (or the standalone containers) or a group.
 * The string key (used in ui state: cursors, folds) is built and parsed here only.
 */
import type {ContainerRecord} from './container.js';
import {containerGroup, isGroup, type GroupName} from './group.js';

/** The service name of a compose container without a service label. */
export const NO_SERVICE = '(no service)';
/** The project row that gathers containers outside any compose project. */
export const STANDALONE = 'standalone';

export type Subject =
	| {kind: 'container'; id: string}
	| {kind: 'service'; project: string; service: string}
	/** project STANDALONE: the containers outside any compose project */
	| {kind: 'project'; project: string}
	| {kind: 'group'; group: GroupName};

export type SubjectKind = Subject['kind'];

export const containerSubject = (id: string): Subject => ({kind: 'container', id});
export const serviceSubject = (project: string, service: string): Subject => ({kind: 'service', project, service});
export const projectSubject = (project: string): Subject => ({kind: 'project', project});
export const groupSubject = (group: GroupName): Subject => ({kind: 'group', group});

/** The service a container belongs to within its project. */
export const serviceName = (c: ContainerRecord): string => c.service ?? NO_SERVICE;

/** The stable string key of a subject (cursor and fold state hold these). */
export function subjectKey(s: Subject): string {
	switch (s.kind) {
		case 'container':
			return `c:${s.id}`;
		case 'service':
			return `s:${s.project}/${s.service}`;
		case 'project':
			return `p:${s.project}`;
		case 'group':
			return `g:${s.group}`;
	}
}

export const containerKey = (id: string) => subjectKey(containerSubject(id));
export const serviceKey = (project: string, service: string) => subjectKey(serviceSubject(project, service));
export const projectKey = (project: string) => subjectKey(projectSubject(project));
export const groupKey = (group: GroupName) => subjectKey(groupSubject(group));
export const STANDALONE_KEY = projectKey(STANDALONE);

/** A key back into its subject; null for null, an unknown prefix or an unknown group. */
export function parseSubject(key: string | null | undefined): Subject | null {
	if (!key || key[1] !== ':') return null;
	const rest = key.slice(2);
	switch (key[0]) {
		case 'c':
			return rest ? containerSubject(rest) : null;
		case 's': {
			// compose project names hold no '/', service names may
			const slash = rest.indexOf('/');
			return slash < 0 ? null : serviceSubject(rest.slice(0, slash), rest.slice(slash + 1));
		}
		case 'p':
			return projectSubject(rest);
		case 'g':
			return isGroup(rest) ? groupSubject(rest) : null;
	}
	return null;
}

export const isStandalone = (s: Subject | null): boolean => s?.kind === 'project' && s.project === STANDALONE;

/** Whether a container belongs to a subject. */
export function isMember(s: Subject, c: ContainerRecord): boolean {
	switch (s.kind) {
		case 'container':
			return c.id === s.id;
		case 'service':
			return c.project === s.project && serviceName(c) === s.service;
		case 'project':
			return s.project === STANDALONE ? !c.project : c.project === s.project;
		case 'group':
			return containerGroup(c) === s.group;
	}
}

const collator = new Intl.Collator('en', {numeric: true});
export const byName = (a: ContainerRecord, b: ContainerRecord) => collator.compare(a.name, b.name);

/** A subject's containers, by name. */
export function subjectMembers(containers: Record<string, ContainerRecord>, s: Subject | null): ContainerRecord[] {
	if (!s) return [];
	if (s.kind === 'container') {
		const c = containers[s.id];
		return c ? [c] : [];
	}
	return Object.values(containers)
		.filter((c) => isMember(s, c))
		.sort(byName);
}

/** The subject's name as a user types or copies it: a container's name, "project/service", a project or group name. */
export function subjectName(s: Subject, containers: Record<string, ContainerRecord>): string {
	switch (s.kind) {
		case 'container':
			return containers[s.id]?.name ?? s.id.slice(0, 12);
		case 'service':
			return `${s.project}/${s.service}`;
		case 'project':
			return s.project;
		case 'group':
			return s.group;
	}
}

/** "container web-1", "service demo/web (2)", "project demo (3)", "group core (3)". Raw: sanitise before showing. */
export function subjectLabel(s: Subject | null, containers: Record<string, ContainerRecord>, count?: number): string {
	if (!s) return 'nothing selected';
	if (s.kind === 'container') return `container ${subjectName(s, containers)}`;
	const n = count ?? subjectMembers(containers, s).length;
	return `${s.kind} ${subjectName(s, containers)} (${n})`;
}

/** The compose project a subject belongs to (a container's, a service's or the project itself); null for standalone and groups. */
export function subjectProject(s: Subject | null, containers: Record<string, ContainerRecord>): string | null {
	if (!s) return null;
	switch (s.kind) {
		case 'container':
			return containers[s.id]?.project ?? null;
		case 'service':
			return s.project;
		case 'project':
			return s.project === STANDALONE ? null : s.project;
		case 'group':
			return null;
	}
}

/** A subject by what a user typed: a container name or id prefix, a group, a service, a project, a unique part of a name. */
export function findSubject(containers: Record<string, ContainerRecord>, name: string): Subject | null {
	const all = Object.values(containers);
	const exact = all.find((c) => c.name === name) ?? (/^[0-9a-f]{4,64}$/.test(name) ? all.find((c) => c.id.startsWith(name)) : undefined);
	if (exact) return containerSubject(exact.id);
	if (isGroup(name)) return groupSubject(name);
	const svc = all.find((c) => c.service === name);
	if (svc?.project) return serviceSubject(svc.project, serviceName(svc));
	if (all.some((c) => c.project === name)) return projectSubject(name);
	const partial = all.filter((c) => c.name.includes(name));
	if (partial.length === 1) return containerSubject(partial[0]!.id);
	return null;
}
