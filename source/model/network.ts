/** The domain model of networks: plain data the engine maps dockerode into. */

export interface NetworkRecord {
	id: string;
	name: string;
	driver: string;
	scope: string;
	internal: boolean;
	/** IPAM subnets, e.g. ["172.18.0.0/16"] */
	subnets: string[];
	gateways: string[];
	created: string;
	labels: Record<string, string>;
	/** containers (any state) attached to it */
	containers: Array<{id: string; name: string; state: string; ipv4: string}>;
	/** the engine's own networks (bridge, host, none) cannot be removed */
	builtin: boolean;
}

export interface NetworkEnsureResult {
	network: NetworkRecord;
	/** false when a network of that name already existed */
	created: boolean;
}
