/** The domain model of volumes: plain data the engine maps dockerode into. */

export interface VolumeRecord {
	name: string;
	driver: string;
	mountpoint: string;
	scope: string;
	created: string | null;
	labels: Record<string, string>;
	/** bytes, from the engine's `system df`; null where it does not have it (remote drivers, not computed) */
	size: number | null;
	/** containers (any state) that mount it */
	used_by: Array<{id: string; name: string; state: string}>;
	/** no container mounts it */
	dangling: boolean;
}

export interface VolumePruneResult {
	deleted: string[];
	space_reclaimed: number;
}

export interface VolumeTransfer {
	volume: string;
	file: string;
	/** bytes written to / read from the file */
	bytes: number;
	/** the image the helper container was created from */
	helper_image: string;
}
