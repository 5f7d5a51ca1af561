/**
 * CPU architectures, normalised to Docker's platform names (amd64, arm64, arm, 386, ppc64le,
 * s390x, riscv64): the host's, the engine's, and each image's.
 */
import {arch as nodeArch} from 'node:os';
import type {Engine} from '../../engine/connection.js';
import {inspectImage, listImages} from '../../engine/images.js';
import {engineInfo} from '../../engine/system.js';

const ALIASES: Record<string, string> = {
	amd64: 'amd64',
	x86_64: 'amd64',
	'x86-64': 'amd64',
	x64: 'amd64',
	arm64: 'arm64',
	aarch64: 'arm64',
	arm64v8: 'arm64',
	arm: 'arm',
	armhf: 'arm',
	armv7: 'arm',
	armv7l: 'arm',
	armv6l: 'arm',
	arm32v7: 'arm',
	i386: '386',
	i686: '386',
	'386': '386',
	ia32: '386',
	x86: '386',
	ppc64le: 'ppc64le',
	ppc64: 'ppc64le',
	s390x: 's390x',
	riscv64: 'riscv64',
};

/** "x86_64" → "amd64", "aarch64" → "arm64"; unknown names pass through lower-cased. */
export function normaliseArch(a: string | null | undefined): string {
	if (!a) return '';
	const k = a.trim().toLowerCase();
	return ALIASES[k] ?? k;
}

/** Every spelling that means this (normalised) arch, e.g. amd64 → [amd64, x86_64, x86-64, x64]. */
export function archAliases(a: string): string[] {
	const n = normaliseArch(a);
	return Object.keys(ALIASES).filter((k) => ALIASES[k] === n);
}

/** Words in file names that say amd64 or arm64 (the two a bundle ships). */
const NAME_ARCH: Array<[RegExp, string]> = [
	[/(^|[^a-z0-9])(amd64|x86[_-]64)([^a-z0-9]|$)/i, 'amd64'],
	[/(^|[^a-z0-9])(arm64|aarch64|arm64v8)([^a-z0-9]|$)/i, 'arm64'],
];

/** The arch a file name says it is for ("app-1.2-arm64.tar.gz" → arm64), or null when it says none or both. */
export function archFromName(name: string): string | null {
	const hits = NAME_ARCH.filter(([re]) => re.test(name)).map(([, a]) => a);
	return hits.length === 1 ? hits[0]! : null;
}

/** The arch suffix of a tag ("1.2-aarch64" → {base: "1.2", arch: "arm64"}), or null. */
export function splitArchSuffix(tag: string): {base: string; arch: string; suffix: string} | null {
	const m = /^(.+)-(amd64|x86_64|arm64|aarch64)$/i.exec(tag);
	return m ? {base: m[1]!, arch: normaliseArch(m[2]!), suffix: m[2]!} : null;
}

export interface HostArch {
	/** normalised (amd64, arm64 …) */
	arch: string;
	/** process.arch / os.arch() as Node says it */
	node: string;
	/** systeminformation's osInfo().arch (the OS's view) */
	os: string;
}

/** The host's arch: systeminformation's OS view, falling back to os.arch(). */
export async function hostArch(): Promise<HostArch> {
	const node = nodeArch();
	let os = '';
	try {
		const si = (await import('systeminformation')).default;
		os = (await si.osInfo()).arch ?? '';
	} catch {
		os = '';
	}
	return {arch: normaliseArch(os || node), node, os};
}

export interface ImageArch {
	id: string;
	repo_tags: string[];
	arch: string;
	os: string;
	variant: string | null;
}

export interface ArchReport {
	host: HostArch;
	engine: {arch: string; reported: string; os: string};
	images: ImageArch[];
	/** images whose arch differs from the engine's */
	mismatched: ImageArch[];
}

/** Every local image's arch (image inspect), with the host's and the engine's. */
export async function imageArches(engine: Engine): Promise<ImageArch[]> {
	const list = await listImages(engine);
	const out: ImageArch[] = [];
	for (const img of list) {
		const d = await inspectImage(engine, img.id);
		if (!d) continue;
		out.push({id: img.id, repo_tags: img.repo_tags, arch: normaliseArch(d.architecture), os: d.os, variant: d.variant});
	}
	return out;
}

export async function archReport(engine: Engine): Promise<ArchReport> {
	const [host, info, images] = await Promise.all([hostArch(), engineInfo(engine), imageArches(engine)]);
	const engineArch = normaliseArch(info.architecture || engine.arch);
	return {
		host,
		engine: {arch: engineArch, reported: info.architecture || engine.arch, os: info.os_type || engine.os},
		images,
		mismatched: images.filter((i) => i.arch && i.arch !== engineArch),
	};
}
