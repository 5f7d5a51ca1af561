/** `berth list-images`: repository, tag, id, size, created, arch, used by which containers. */
import {age, humanSize, table} from '../core/images/format.js';
import {imageRows, type ImageRow} from '../core/images/list.js';
import {runReport, stdio, type Output} from './common.js';
import {usedBy} from './resource-shared.js';

const HELP = `
  Usage
    $ berth list-images [--json] [--host H]

  Every local image: repository, tag, id, size, created, architecture, and the containers (in any
  state) created from it.

  Options
    --json       [{repository, tag, id, size, created, arch, containers: [name…]}]
    --host, -H   engine address

  Exit codes: 0 ok · 3 engine unreachable
`;

export {usedBy};

export function renderImages(rows: ImageRow[], now = Date.now()): string[] {
	const t = [['REPOSITORY', 'TAG', 'IMAGE ID', 'SIZE', 'CREATED', 'ARCH', 'USED BY']];
	for (const r of rows) t.push([r.repository, r.tag, r.id.replace(/^sha256:/, '').slice(0, 12), humanSize(r.size), age(r.created, now), r.arch, usedBy(r.containers)]);
	return table(t);
}

export function run(argv: string[], io: Output = stdio): Promise<number> {
	return runReport(argv, HELP, imageRows, renderImages, io);
}
