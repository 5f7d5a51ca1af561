/** A demo-like set of records: one compose project, a service per group, two workers, one unhealthy. */
import type {StatsSample} from '../../source/core/stats.js';
import type {ContainerRecord} from '../../source/model/container.js';
import {record} from '../helpers/records.js';

const svc = (service: string, group: string, over: Partial<ContainerRecord> = {}) =>
	record({
		id: `${service}${over.name ?? ''}`.padEnd(64, '0'),
		name: `demo_${service}_1`,
		project: 'demo',
		service,
		labels: {'com.docker.compose.project': 'demo', 'com.docker.compose.service': service, 'berth.group': group},
		started_at: '2026-01-01T00:00:00Z',
		...over,
	});

export function demoRecords(): ContainerRecord[] {
	return [
		svc('db', 'foundation', {health: 'healthy'}),
		svc('api', 'core', {health: 'healthy', ports: [{host_ip: '127.0.0.1', host_port: 18181, container_port: 8080, protocol: 'tcp'}]}),
		svc('web', 'application', {ports: [{host_ip: '127.0.0.1', host_port: 18180, container_port: 8080, protocol: 'tcp'}]}),
		svc('worker', 'application', {id: 'worker1'.padEnd(64, '0'), name: 'demo_worker_1'}),
		svc('worker', 'application', {id: 'worker2'.padEnd(64, '0'), name: 'demo_worker_2'}),
		svc('metrics', 'support', {health: 'unhealthy', health_failing_streak: 3}),
		record({id: 'lone'.padEnd(64, '0'), name: 'lonely', state: 'exited', exit_code: 1, started_at: null, ports: []}),
	];
}

export function sample(over: Partial<StatsSample> = {}): StatsSample {
	return {at: Date.parse('2026-01-01T01:00:00Z'), cpu: 12.5, onlineCpus: 2, memUsed: 50 * 1024 * 1024, memLimit: 1024 * 1024 * 1024, netRx: 1024, netTx: 2048, blkRead: 0, blkWrite: 4096, pids: 3, ...over};
}
