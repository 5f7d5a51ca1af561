/** The keys the Compose specification allows on a service, and a "did you mean" for typos. */
export const SERVICE_KEYS = new Set(
	(
		'annotations attach blkio_config build cap_add cap_drop cgroup cgroup_parent command configs container_name cpu_count ' +
		'cpu_percent cpu_period cpu_quota cpu_rt_period cpu_rt_runtime cpu_shares cpus cpuset credential_spec depends_on deploy ' +
		'develop device_cgroup_rules devices dns dns_opt dns_search domainname entrypoint env_file environment expose extends ' +
		'external_links extra_hosts gpus group_add healthcheck hostname image init ipc isolation label_file labels links logging ' +
		'mac_address mem_limit mem_reservation mem_swappiness memswap_limit models network_mode networks oom_kill_disable ' +
		'oom_score_adj pid pids_limit platform ports post_start pre_stop privileged profiles provider pull_policy ' +
		'pull_refresh_after read_only restart runtime scale secrets security_opt shm_size stdin_open stop_grace_period ' +
		'stop_signal storage_opt sysctls tmpfs tty ulimits use_api_socket user userns_mode uts volumes volumes_from working_dir'
	).split(' '),
);

export const TOP_KEYS = new Set(['version', 'name', 'include', 'services', 'networks', 'volumes', 'secrets', 'configs', 'models']);

function distance(a: string, b: string): number {
	const row = Array.from({length: b.length + 1}, (_, j) => j);
	for (let i = 1; i <= a.length; i++) {
		let prev = row[0]!;
		row[0] = i;
		for (let j = 1; j <= b.length; j++) {
			const tmp = row[j]!;
			row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
			prev = tmp;
		}
	}
	return row[b.length]!;
}

/** The closest allowed key, when it is close enough to be a typo. */
export function suggest(key: string, allowed: Iterable<string>): string | null {
	let best: string | null = null;
	let bestD = Infinity;
	for (const k of allowed) {
		const d = distance(key.toLowerCase(), k);
		if (d < bestD) [best, bestD] = [k, d];
	}
	return best && bestD <= Math.max(1, Math.floor(key.length / 4)) ? best : null;
}
