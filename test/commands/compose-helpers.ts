/**
 * Helpers for the compose command tests: run a berth command in-process with captured output,
 * write a compose project into a temp dir, and remove everything of a compose project this test
 * run created (its containers, networks and volumes, by the project label; project names start
 * with "btc" and carry the run id, so nothing else is ever touched).
 */
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {commands} from '../../source/commands/registry.js';
import type {Output} from '../../source/commands/common.js';
import {RUN_ID, cleanup, docker} from '../helpers/engine.js';

export interface Ran {
	code: number;
	stdout: string;
	stderr: string;
	json: () => any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export async function berth(...argv: string[]): Promise<Ran> {
	const out: string[] = [];
	const err: string[] = [];
	const io: Output = {out: (s) => out.push(s), err: (s) => err.push(s)};
	const [name, ...rest] = argv;
	const entry = commands[name!];
	if (!entry) throw new Error(`no command ${name}`);
	const code = await (await entry.load()).run(rest, io);
	const stdout = out.join('\n');
	return {code, stdout, stderr: err.join('\n'), json: () => JSON.parse(stdout)};
}

let seq = 0;
/** A compose project name unique to this run: btc<tag><pid><n>. */
export function projectName(tag: string): string {
	return `btc${tag}${RUN_ID.replace(/[^a-z0-9]/g, '')}${++seq}`;
}

const projects: Array<{name: string; dir: string}> = [];

/** Write compose.yaml (and other files) into a fresh dir; returns the compose file path. */
export function writeProject(name: string, yaml: string, files: Record<string, string> = {}): {dir: string; file: string} {
	const dir = mkdtempSync(join(tmpdir(), `${name}-`));
	writeFileSync(join(dir, 'compose.yaml'), yaml);
	for (const [f, text] of Object.entries(files)) writeFileSync(join(dir, f), text);
	projects.push({name, dir});
	return {dir, file: join(dir, 'compose.yaml')};
}

/** The test label every service must carry. */
export const LABELS = `{berth.test: "${RUN_ID}"}`;

const ids = (kind: string, project: string) =>
	docker(...(kind === 'container' ? ['ps', '-aq'] : [kind, 'ls', '-q']), '--filter', `label=com.docker.compose.project=${project}`)
		.split('\n')
		.filter(Boolean);

/** Containers of a project, by service: {service: [{id, state, started, finished}]} */
export function projectContainers(project: string): Record<string, Array<{id: string; state: string; health: string; started: string; finished: string}>> {
	const out: Record<string, Array<{id: string; state: string; health: string; started: string; finished: string}>> = {};
	for (const id of ids('container', project)) {
		const [service = '', state = '', health = '', started = '', finished = ''] = docker('inspect', '-f', '{{index .Config.Labels "com.docker.compose.service"}}|{{.State.Status}}|{{if .State.Health}}{{.State.Health.Status}}{{end}}|{{.State.StartedAt}}|{{.State.FinishedAt}}', id).split('|');
		(out[service] ??= []).push({id, state, health, started, finished});
	}
	return out;
}

export const volumeExists = (name: string) => docker('volume', 'ls', '-q', '--filter', `name=^${name}$`) !== '';

/** Remove the projects this file created, then every labelled container of the run. */
export function cleanupProjects(): void {
	for (const p of projects.splice(0)) {
		const cs = ids('container', p.name);
		if (cs.length) docker('rm', '-f', '-v', ...cs);
		for (const n of ids('network', p.name)) docker('network', 'rm', n);
		for (const v of ids('volume', p.name)) docker('volume', 'rm', '-f', v);
		rmSync(p.dir, {recursive: true, force: true});
	}
	cleanup();
}
