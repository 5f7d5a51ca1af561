/** `berth list-images`: every local image with its arch and the containers that use it. */
import type {Engine} from '../../engine/connection.js';
import {listContainers} from '../../engine/containers.js';
import {inspectImage, listImages, splitRef} from '../../engine/images.js';
import {normaliseArch} from './arch.js';

export interface ImageRow {
	repository: string;
	tag: string;
	id: string;
	size: number;
	created: string;
	arch: string;
	/** names of the containers (any state) created from this image */
	containers: string[];
}

/** One row per repo:tag (dangling images: one row with repository and tag "<none>"). */
export async function imageRows(engine: Engine): Promise<ImageRow[]> {
	const [images, containers] = await Promise.all([listImages(engine), listContainers(engine)]);
	const users = new Map<string, string[]>();
	for (const c of containers) users.set(c.image_id, [...(users.get(c.image_id) ?? []), c.name]);
	const rows: ImageRow[] = [];
	for (const img of images) {
		const d = await inspectImage(engine, img.id);
		const arch = normaliseArch(d?.architecture) + (d?.variant ? `/${d.variant}` : '');
		const used = (users.get(img.id) ?? []).sort();
		const refs = img.repo_tags.length ? img.repo_tags : ['<none>:<none>'];
		for (const ref of refs) {
			const {repo, tag} = ref === '<none>:<none>' ? {repo: '<none>', tag: '<none>'} : splitRef(ref);
			rows.push({repository: repo, tag, id: img.id, size: img.size, created: img.created, arch, containers: used});
		}
	}
	return rows.sort((a, b) => a.repository.localeCompare(b.repository) || a.tag.localeCompare(b.tag));
}
