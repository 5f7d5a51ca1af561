/** Hand-made ContainerRecords for pure tests (no engine). */
import type {ContainerRecord} from '../../source/model/container.js';

let n = 0;
export function record(over: Partial<ContainerRecord> = {}): ContainerRecord {
	n++;
	return {
		id: over.id ?? `id${n}`.padEnd(64, '0'),
		name: `c${n}`,
		project: null,
		service: null,
		state: 'running',
		health: 'none',
		ports: [],
		image: 'img:latest',
		image_id: 'sha256:abc',
		command: 'sleep 1',
		created_at: '2026-01-01T00:00:00Z',
		started_at: '2026-01-01T00:00:00Z',
		finished_at: null,
		exit_code: null,
		oom_killed: false,
		restart_count: 0,
		health_failing_streak: 0,
		health_last_output: null,
		error: null,
		labels: {},
		detailed: true,
		...over,
	};
}
