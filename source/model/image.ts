/** The domain model of images: plain data the engine maps dockerode into. No dockerode types here. */

export interface ImageRecord {
	/** sha256:… */
	id: string;
	/** "repo:tag" names; empty for a dangling image */
	repo_tags: string[];
	/** "repo@sha256:…" */
	repo_digests: string[];
	/** ISO time */
	created: string;
	/** bytes */
	size: number;
	/** bytes shared with other images (-1 when the engine did not compute it) */
	shared_size: number;
	/** as the image says (amd64, arm64 …), normalised; '' when unknown */
	architecture: string;
	variant: string | null;
	os: string;
	/** no tag (and not an intermediate layer of another image) */
	dangling: boolean;
	labels: Record<string, string>;
	/** containers (any state) created from this image */
	used_by: Array<{id: string; name: string; state: string}>;
}

export interface ImageHistoryEntry {
	/** sha256:… or "<missing>" for layers pulled without their config */
	id: string;
	created: string;
	created_by: string;
	/** bytes this step added */
	size: number;
	comment: string;
	tags: string[];
}

export interface ImagePruneEstimate {
	/** images the prune would remove */
	images: Array<{id: string; repo_tags: string[]; size: number}>;
	/** bytes freed at least: each candidate's size not shared with any other image (docker's "reclaimable") */
	bytes: number;
	/** bytes freed at most: the candidates' whole sizes (reached when they share layers only with each other) */
	bytes_max: number;
}

export interface ImagePruneResult {
	/** "untagged"/"deleted" lines, as the engine reported them */
	deleted: string[];
	untagged: string[];
	space_reclaimed: number;
}

/** One progress message of a pull: per layer (id) or for the image (no layer). */
export interface PullProgress {
	/** layer id (short digest), or null for an image-wide status line */
	layer: string | null;
	/** "Pulling fs layer", "Downloading", "Extracting", "Pull complete", "Digest: …" … */
	status: string;
	/** bytes so far and in all (0 when the engine did not say) */
	current: number;
	total: number;
}

export interface PullResult {
	ref: string;
	/** the registry host the image came from ("docker.io" for Docker Hub) */
	registry: string;
	/** "Status: Downloaded newer image for …" / "Image is up to date" */
	status: string;
	digest: string | null;
	/** whether credentials from the docker config were sent */
	authenticated: boolean;
}
