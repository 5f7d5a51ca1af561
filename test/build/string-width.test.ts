/**
 * The build patches string-width (scripts/build.mjs, lazyStringWidth): its segmenter and regexes
 * built on first use, the \p{RGI_Emoji} test skipped for clusters that cannot be emoji, a lone
 * printable ASCII character counted without the checks. The patched copy in dist/ must measure
 * exactly as the library does: every code point alone and with the suffixes that form emoji and
 * keycaps, and random mixes of the characters each shortcut is about. A string of characters that
 * are each a grapheme cluster of their own is split by code point, not by Intl.Segmenter: each of
 * those characters is checked against the segmenter here.
 */
import assert from 'node:assert/strict';
import {readdirSync, readFileSync} from 'node:fs';
import {describe, it} from 'node:test';
import {fileURLToPath, pathToFileURL} from 'node:url';
import original from 'string-width';

const chunks = fileURLToPath(new URL('../../dist/chunks/', import.meta.url));

async function builtStringWidth(): Promise<(s: string) => number> {
	const file = readdirSync(chunks).find((f) => f.endsWith('.js') && readFileSync(chunks + f, 'utf8').includes('// node_modules/string-width/index.js'));
	assert.ok(file, 'a chunk of dist/ holds string-width (npm test builds dist/ first)');
	const text = readFileSync(chunks + file, 'utf8');
	assert.ok(text.includes('emojiCodePoint') && text.includes('segmenter$'), 'the build patched it');
	const mod = (await import(pathToFileURL(chunks + file).href)) as Record<string, unknown>;
	const fn = Object.values(mod).find((v): v is (s: string) => number => typeof v === 'function' && v.name === 'stringWidth');
	assert.ok(fn, 'the chunk exports stringWidth');
	return fn;
}

describe('the patched string-width in dist/', () => {
	it('measures every code point of planes 0-2 and the tags alone, and every emoji-capable one + VS16, + keycap, + skin tone, as string-width does', async () => {
		const patched = await builtStringWidth();
		let checked = 0;
		const diffs: string[] = [];
		// planes 0-2 and the tags block (planes 3-13 are unassigned, 15-16 private use: measured as one
		// code path, East Asian Width, by both)
		for (let cp = 0; cp < 0xe0080; cp++) {
			if (cp >= 0xd800 && cp <= 0xdfff) continue;
			if (cp === 0x30000) cp = 0xe0000;
			const c = String.fromCodePoint(cp);
			// the suffixes only after characters that can start an emoji or keycap (and ASCII): the rest alone
			const forms = cp < 0x80 || /\p{Emoji}|\p{Emoji_Component}|\p{Regional_Indicator}/u.test(c) ? [c, c + '\uFE0F', c + '\u20E3', c + '\uFE0F\u20E3', c + '\u{1F3FB}', 'a' + c] : [c];
			for (const s of forms) {
				checked++;
				if (patched(s) !== original(s) && diffs.length < 5) diffs.push(`${JSON.stringify(s)}: ${patched(s)} vs ${original(s)}`);
			}
		}
		assert.deepEqual(diffs, [], `${checked} strings`);
	});

	it('measures mixes of ASCII, marks, joiners, wide, emoji and control characters as string-width does', async () => {
		const patched = await builtStringWidth();
		const pool = ['a', 'Z', '1', '#', '*', ' ', '~', '\u0301', '\u20E3', '\uFE0F', '\u200D', '…', '·', '─', '│', '▸', '한', 'ᄀ', 'ᅡ', 'ᆨ', 'ｱ', 'ﾞ', 'é', '👍', '🏽', '🇫', '🇷', '❤', '🔥', '©', '\u0000', '\u001B', '\t', '\u00AD', '字', 'ー', '\u0903', '\uD83D', '\u001B[31m', '🏴󠁧󠁢󠁳󠁣󠁴󠁿', '👨‍👩‍👧'];
		let seed = 1;
		const rnd = (n: number) => {
			seed = (seed * 1103515245 + 12345) & 0x7fffffff;
			return seed % n;
		};
		const diffs: string[] = [];
		for (let i = 0; i < 50_000; i++) {
			let s = '';
			for (let j = 1 + rnd(10); j > 0; j--) s += pool[rnd(pool.length)];
			if (patched(s) !== original(s) && diffs.length < 5) diffs.push(`${JSON.stringify(s)}: ${patched(s)} vs ${original(s)}`);
		}
		assert.deepEqual(diffs, []);
	});

	it('splits by code point only strings whose every character is a cluster of its own (as Intl.Segmenter says)', async () => {
		const file = readdirSync(chunks).find((f) => f.endsWith('.js') && readFileSync(chunks + f, 'utf8').includes('// node_modules/string-width/index.js'))!;
		const m = /var oneClusterEach = (\/.*\/);/.exec(readFileSync(chunks + file, 'utf8'));
		assert.ok(m, 'the build wrote the one-cluster-each test');
		const oneEach = new Function(`return ${m[1]}`)() as RegExp;
		const seg = new Intl.Segmenter();
		const count = (s: string) => [...seg.segment(s)].length;
		const members: string[] = [];
		const wrong: string[] = [];
		for (let cp = 0; cp <= 0xffff; cp++) {
			if (cp >= 0xd800 && cp <= 0xdfff) continue;
			const c = String.fromCodePoint(cp);
			if (!oneEach.test(c)) continue;
			members.push(c);
			// between two of them, and beside letters, marks' neighbours and joiners, a break each side
			for (const s of [c + c, 'a' + c + 'a', c + 'a' + c, 'a' + c + c + 'a']) if (count(s) !== s.length && wrong.length < 5) wrong.push(`U+${cp.toString(16)} in ${JSON.stringify(s)}`);
		}
		assert.deepEqual(wrong, []);
		assert.ok(members.includes('→') && members.includes('…') && !members.includes('\u0301') && !members.includes('\u200D') && !members.includes('\uFE0F') && !members.includes('\r'), 'marks, joiners, selectors and controls are not in it');
		// and mixed at random with one another, the patched width equals string-width's
		const patched = await builtStringWidth();
		let seed = 7;
		const rnd = (n: number) => {
			seed = (seed * 1103515245 + 12345) & 0x7fffffff;
			return seed % n;
		};
		const diffs: string[] = [];
		for (let i = 0; i < 20_000; i++) {
			let s = '';
			for (let j = 2 + rnd(8); j > 0; j--) s += members[rnd(members.length)];
			if ([...seg.segment(s)].length !== s.length && diffs.length < 5) diffs.push(`clusters of ${JSON.stringify(s)}`);
			if (patched(s) !== original(s) && diffs.length < 5) diffs.push(`${JSON.stringify(s)}: ${patched(s)} vs ${original(s)}`);
		}
		assert.deepEqual(diffs, []);
	});
});
