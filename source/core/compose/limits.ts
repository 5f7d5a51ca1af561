/**
 * The largest compose file berth reads, in bytes and in YAML values. Parsed with every position
 * kept (for file:line:col), each value of a compose file costs several hundred bytes of memory
 * while it is checked, and berth runs in a 128 MB heap (the launcher's --max-old-space-size, see
 * scripts/build.mjs): measured, 130,000 values came near that limit and 260,000 aborted. Real
 * compose files hold a few hundred to a few thousand values.
 */
import {CST, Lexer} from 'yaml';

export const MAX_COMPOSE_BYTES = 1024 * 1024;
export const MAX_COMPOSE_VALUES = 60_000;

const WHY = 'so that checking it, with every position kept, fits in the 128 MB heap berth runs with';
const mb = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;

/** lexer tokens that become a node or a pair of the document */
const VALUE_TOKENS = new Set(['scalar', 'single-quoted-scalar', 'double-quoted-scalar', 'block-scalar-header', 'flow-map-start', 'flow-seq-start', 'seq-item-ind', 'map-value-ind', 'alias']);

/** Why a file of this many bytes is not read, or null. */
export function tooLarge(file: string, bytes: number): string | null {
	return bytes > MAX_COMPOSE_BYTES ? `${file} is ${mb(bytes)}; berth reads compose files up to ${mb(MAX_COMPOSE_BYTES)}, ${WHY}` : null;
}

/** Why this text is not read (too many bytes, or values counted by the YAML lexer: no document is built), or null. */
export function textTooLarge(file: string, text: string): string | null {
	const bytes = tooLarge(file, Buffer.byteLength(text));
	if (bytes) return bytes;
	let values = 0;
	for (const token of new Lexer().lex(text)) {
		if (VALUE_TOKENS.has(CST.tokenType(token) ?? '') && ++values > MAX_COMPOSE_VALUES) {
			return `${file} holds more than ${MAX_COMPOSE_VALUES.toLocaleString('en')} YAML values; berth reads compose files up to that many, ${WHY}`;
		}
	}
	return null;
}
