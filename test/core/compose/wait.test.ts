import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {serviceStatus, type WaitOptions} from '../../../source/core/compose/wait.js';
import type {ContainerRecord} from '../../../source/model/container.js';
import {record} from '../../helpers/records.js';

const opts = (over: Partial<WaitOptions> = {}): WaitOptions => ({project: 'p', services: ['s'], health: new Set(), timeoutMs: 1000, ...over});

describe('wait: a service state from its containers', () => {
	const cases: Array<[string, Array<Partial<ContainerRecord>>, Partial<WaitOptions>, string, RegExp]> = [
		['no container yet', [], {}, 'pending', /no container yet/],
		['no container after a failed up', [], {upFailed: true}, 'failed', /compose up failed/],
		['running, no healthcheck', [{state: 'running'}], {}, 'running', /^running$/],
		['running for less than the settle window: pending', [{state: 'running', started_at: new Date(Date.now() - 500).toISOString()}], {}, 'pending', /^running, settling$/],
		['running past the settle window, after restarts', [{state: 'running', restart_count: 3}], {}, 'running', /^running \(3 restarts\)$/],
		['a settle window of 0', [{state: 'running', started_at: new Date().toISOString()}], {settleMs: 0}, 'running', /^running$/],
		['running, health starting', [{state: 'running', health: 'starting'}], {health: new Set(['s'])}, 'pending', /health: starting/],
		['healthy', [{state: 'running', health: 'healthy'}], {health: new Set(['s'])}, 'healthy', /healthy/],
		['an image HEALTHCHECK counts', [{state: 'running', health: 'starting'}], {}, 'pending', /health: starting/],
		['unhealthy, with the probe output', [{state: 'running', health: 'unhealthy', health_last_output: 'first\nconnection refused'}], {health: new Set(['s'])}, 'failed', /^unhealthy: connection refused$/],
		['exited non-zero', [{state: 'exited', exit_code: 3}], {}, 'failed', /exited with code 3/],
		['OOM-killed', [{state: 'exited', exit_code: 137, oom_killed: true}], {}, 'failed', /OOM-killed, exited with code 137/],
		['exited 0 where a dependent waits for completion', [{state: 'exited', exit_code: 0}], {completes: new Set(['s'])}, 'completed', /completed/],
		['exited 0 otherwise is a failure', [{state: 'exited', exit_code: 0}], {}, 'failed', /exited with code 0/],
		['exited with a restart policy: still pending', [{state: 'exited', exit_code: 1}], {restarts: new Set(['s'])}, 'pending', /restart policy will retry/],
		['restarting', [{state: 'restarting', restart_count: 4}], {}, 'pending', /restarting \(4 restarts\)/],
		['created, up still running', [{state: 'created'}], {}, 'pending', /created/],
		['created after a failed up', [{state: 'created', error: 'port is already allocated'}], {upFailed: true}, 'failed', /not started: port is already allocated/],
		['one replica failed fails the service', [{state: 'running'}, {state: 'exited', exit_code: 1}], {}, 'failed', /code 1/],
		['one replica pending keeps it pending', [{state: 'running'}, {state: 'created'}], {}, 'pending', /created/],
	];
	for (const [name, cs, o, state, detail] of cases) {
		it(name, () => {
			const s = serviceStatus('s', cs.map((c) => record({service: 's', project: 'p', ...c})), opts(o));
			assert.equal(s.state, state);
			assert.match(s.detail, detail);
		});
	}
});
