/** The domain model of a container: plain data the engine maps dockerode into. No dockerode types here. */
export type ContainerState = 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';
export type Health = 'healthy' | 'unhealthy' | 'starting' | 'none';
export type Protocol = 'tcp' | 'udp' | 'sctp';

export interface PortBinding {
	host_ip: string;
	host_port: number;
	container_port: number;
	protocol: Protocol;
}

export interface ContainerRecord {
	id: string;
	name: string;
	project: string | null;
	service: string | null;
	state: ContainerState;
	health: Health;
	/** published ports only */
	ports: PortBinding[];
	image: string;
	image_id: string;
	command: string;
	created_at: string;
	/** ISO time; null until inspected or when never started */
	started_at: string | null;
	finished_at: string | null;
	exit_code: number | null;
	oom_killed: boolean;
	restart_count: number;
	/** consecutive failed healthchecks, and the last probe's output */
	health_failing_streak: number;
	health_last_output: string | null;
	error: string | null;
	labels: Record<string, string>;
	/** true once the record came from an inspect (started_at etc. are exact) */
	detailed: boolean;
}
