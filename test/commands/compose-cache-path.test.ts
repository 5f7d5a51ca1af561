/**
 * berth up with a file docker-compose v1 reads through berth's cached copy (a top-level name:):
 * when compose rejects it, the message names the user's file, never the copy under ~/.cache.
 * (Once berth's own validation rejects the file first, exit 2 with file:line:col — same promise.)
 */
import assert from 'node:assert/strict';
import {after, describe, it} from 'node:test';
import {IMAGE} from '../helpers/engine.js';
import {LABELS, berth, cleanupProjects, projectContainers, projectName, writeProject} from './compose-helpers.js';

describe('compose errors name the user\'s file', () => {
	after(() => cleanupProjects());

	it('berth up: restart: [always] rejected, the message names compose.yaml, not ~/.cache', async () => {
		const P = projectName('cache');
		const {file} = writeProject(P, `name: ${P}\nservices:\n  a:\n    image: ${IMAGE}\n    labels: ${LABELS}\n    restart: [always]\n`);
		const r = await berth('up', '-f', file);
		assert.ok(r.code === 1 || r.code === 2, `exit ${r.code}: ${r.stdout}${r.stderr}`);
		assert.doesNotMatch(r.stdout + r.stderr, /\.cache/);
		assert.ok((r.stdout + r.stderr).includes(file), r.stdout + r.stderr);
		assert.match(r.stdout + r.stderr, /restart/);
		assert.deepEqual(projectContainers(P), {});
	});
});
