/** Source positions for paths into a parsed compose document (file:line:col). */
import {isAlias, isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node, type Pair, type YAMLMap} from 'yaml';
import type {Diagnostic, Severity} from './types.js';

export type Path = ReadonlyArray<string | number>;

export class Locator {
	/** each mapping's pairs by key, built on first lookup: a file with thousands of services and
	 * as many problems is still located in linear time */
	private readonly index = new WeakMap<YAMLMap, Map<string, Pair>>();

	constructor(
		readonly file: string,
		private readonly doc: Document | null,
		private readonly lines: LineCounter | null,
	) {}

	/** The node at path, or the deepest ancestor that exists (merge keys and aliases may hide it). */
	private nodeAt(path: Path, key: boolean): Node | null {
		if (!this.doc) return null;
		let node = this.doc.contents as Node | null;
		let found: Node | null = node;
		for (let i = 0; i < path.length && node; i++) {
			if (isAlias(node)) node = node.resolve(this.doc) as Node | null;
			const seg = path[i]!;
			let next: Node | null = null;
			if (isMap(node)) {
				const pair = this.pairs(node).get(String(seg));
				if (pair) next = key && i === path.length - 1 ? (pair.key as Node) : ((pair.value as Node | null) ?? (pair.key as Node));
			} else if (isSeq(node) && typeof seg === 'number') {
				next = (node.items[seg] as Node | undefined) ?? null;
			}
			if (!next) break;
			node = next;
			found = next;
		}
		return found;
	}

	private pairs(map: YAMLMap): Map<string, Pair> {
		let m = this.index.get(map);
		if (!m) {
			m = new Map();
			for (const p of map.items) {
				if (!isPair(p)) continue;
				const k = String(isScalar(p.key) ? p.key.value : p.key);
				if (!m.has(k)) m.set(k, p as Pair);
			}
			this.index.set(map, m);
		}
		return m;
	}

	/** 1-based line and column of the value at path (or of its key, with key=true). */
	at(path: Path, key = false): {line: number; col: number} {
		const node = this.nodeAt(path, key);
		const offset = node?.range?.[0];
		if (offset === undefined || !this.lines) return {line: 1, col: 1};
		return this.lines.linePos(offset);
	}

	offsetPos(offset: number): {line: number; col: number} {
		return this.lines ? this.lines.linePos(offset) : {line: 1, col: 1};
	}

	diag(path: Path, severity: Severity, code: string, message: string, key = false): Diagnostic {
		return {file: this.file, ...this.at(path, key), severity, code, message};
	}
}
