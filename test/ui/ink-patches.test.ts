/**
 * The build patches Ink's output stage (scripts/patches/ink.mjs): caches kept across frames, rows
 * reused, rows turned into strings without ansi-tokenize's per-cell diff. The screen must stay
 * byte-for-byte Ink's: the same random frames (styles, clipping, wide characters, multi-line
 * text, rows that change, rows that change back) through Ink's Output and the patched one.
 */
import assert from 'node:assert/strict';
import {readFileSync, rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {after, describe, it} from 'node:test';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {patchInk} from '../../scripts/patches/ink.mjs';

interface OutputLike {
	write(x: number, y: number, text: string, opts: {transformers: Array<(s: string, i: number) => string>}): void;
	clip(c: {x1?: number; x2?: number; y1?: number; y2?: number}): void;
	unclip(): void;
	get(): {output: string; height: number};
}
type OutputClass = new (o: {width: number; height: number}) => OutputLike;

// Ink's build folder (its package exports only "."): the patched copy sits beside the original so
// that its own imports resolve the same way
const inkBuild = fileURLToPath(new URL('../../node_modules/ink/build', import.meta.url));
const patchedFile = join(inkBuild, `output.berth-test-${process.pid}.js`);

/** mulberry32: the same frames on every run */
function rng(seed: number) {
	let a = seed;
	return () => {
		a = (a + 0x6d2b79f5) | 0;
		let t = Math.imul(a ^ (a >>> 15), 1 | a);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const SGR = ['1', '2', '3', '4', '7', '31', '32', '33', '36', '41', '44', '38;5;208', '48;5;17', '39', '49', '22', '0'];
const WORDS = ['web', 'api-1', 'running', '0.1%', '596KiB', '日本', 'é', '🙂', '│', ' ', '   ', 'x'];

function randomText(r: () => number): string {
	const lines: string[] = [];
	const n = r() < 0.8 ? 1 : 1 + Math.floor(r() * 3);
	for (let l = 0; l < n; l++) {
		let s = '';
		const parts = 1 + Math.floor(r() * 8);
		for (let p = 0; p < parts; p++) {
			if (r() < 0.4) s += `\x1b[${SGR[Math.floor(r() * SGR.length)]}m`;
			s += WORDS[Math.floor(r() * WORDS.length)];
		}
		if (r() < 0.5) s += '\x1b[0m';
		lines.push(s);
	}
	return lines.join('\n');
}

/** What Ink's Text colour/bold transformers do (chalk): wrap the line, re-open after inner closes. */
const chalkLike = (open: string, close: string) => (s: string) => `\x1b[${open}m${s.replaceAll(`\x1b[${close}m`, `\x1b[${close}m\x1b[${open}m`)}\x1b[${close}m`;

type Op = {kind: 'write'; x: number; y: number; text: string; styled: boolean} | {kind: 'clip'; c: {x1: number; x2: number; y1: number; y2: number}} | {kind: 'unclip'};

function randomFrame(r: () => number, width: number, height: number): Op[] {
	const ops: Op[] = [];
	let depth = 0;
	if (r() < 0.5) {
		ops.push({kind: 'clip', c: {x1: 0, x2: width, y1: 0, y2: height}});
		depth++;
	}
	for (let i = 0; i < 60; i++) {
		const roll = r();
		if (roll < 0.08) {
			// half of them a box as wide as the screen (a pane with overflow hidden): lines that fit
			const whole = r() < 0.5;
			const x1 = whole ? 0 : Math.floor(r() * width);
			const y1 = Math.floor(r() * height);
			ops.push({kind: 'clip', c: {x1, x2: whole ? width : x1 + Math.floor(r() * width), y1, y2: y1 + Math.floor(r() * height)}});
			depth++;
		} else if (roll < 0.12 && depth > 0) {
			ops.push({kind: 'unclip'});
			depth--;
		} else {
			ops.push({kind: 'write', x: Math.floor(r() * width) - 2, y: Math.floor(r() * height), text: randomText(r), styled: r() < 0.2});
		}
	}
	while (depth-- > 0) ops.push({kind: 'unclip'});
	return ops;
}

function draw(Output: OutputClass, ops: Op[], width: number, height: number): string {
	const out = new Output({width, height});
	for (const op of ops) {
		if (op.kind === 'clip') out.clip(op.c);
		else if (op.kind === 'unclip') out.unclip();
		else out.write(Math.max(0, op.x), op.y, op.text, {transformers: op.styled ? [chalkLike('31', '39'), chalkLike('1', '22')] : []});
	}
	return out.get().output;
}

describe('Ink output patches', () => {
	after(() => rmSync(patchedFile, {force: true}));

	it('draw the same bytes as Ink, frame after frame', async () => {
		writeFileSync(patchedFile, patchInk('ink/build/output.js', readFileSync(join(inkBuild, 'output.js'), 'utf8')));
		// Ink as published (the tests load Ink patched: scripts/patches/ink-hooks.mjs)
		const Ink = (await import(`${pathToFileURL(join(inkBuild, 'output.js')).href}?unpatched`)).default as OutputClass;
		const Patched = (await import(pathToFileURL(patchedFile).href)).default as OutputClass;
		let styledFrames = 0;
		const width = 40;
		const height = 12;
		for (const seed of [7, 11, 23]) {
			const r = rng(seed);
			let frame = randomFrame(r, width, height);
			const previous: Op[][] = [];
			for (let n = 0; n < 300; n++) {
				const want = draw(Ink, frame, width, height);
				assert.equal(draw(Patched, frame, width, height), want, `seed ${seed}, frame ${n}`);
				if (want.includes('\x1b[')) styledFrames++;
				previous.push(frame);
				// next: mostly the same screen with a few writes changed, sometimes an earlier frame
				// again (rows whose text returns to one already cached), sometimes a new screen
				const roll = r();
				if (roll < 0.15) frame = previous[Math.floor(r() * previous.length)]!;
				else if (roll < 0.25) frame = randomFrame(r, width, height);
				else frame = frame.map((op) => (op.kind === 'write' && r() < 0.1 ? {...op, text: randomText(r)} : op));
			}
		}
		assert.ok(styledFrames > 850, `the frames carried escape codes (${styledFrames} of 900)`);
	});

	it("sanitise text as Ink does: SGR-only text kept whole, every other sequence still stripped", async () => {
		const file = join(inkBuild, `sanitize-ansi.berth-test-${process.pid}.js`);
		writeFileSync(file, patchInk('ink/build/sanitize-ansi.js', readFileSync(join(inkBuild, 'sanitize-ansi.js'), 'utf8')));
		try {
			const ink = (await import(`${pathToFileURL(join(inkBuild, 'sanitize-ansi.js')).href}?unpatched`)).default as (s: string) => string;
			const patched = (await import(pathToFileURL(file).href)).default as (s: string) => string;
			// SGR of every shape beside cursor moves, clears, OSC, C1 controls, malformed and cut sequences
			const PIECES = ['\x1b[31m', '\x1b[0m', '\x1b[38;5;208m', '\x1b[38:2:1:2:3m', '\x1b[m', '\x1b[?25l', '\x1b[2J', '\x1b[H', '\x1b[1;1H', '\x1b[>4m', '\x1b[ m', '\x1b]8;;http://x\x07', '\x1b]0;title\x1b\\', '\x9b31m', '\x9d0;t\x07', '\x1b', '\x1b[', '\x1b[31', '\x1bP1$q\x1b\\', '\x1b(B', 'web', ' ', '日本', '🙂', 'é'];
			const r = rng(5);
			let sgrOnly = 0;
			for (let n = 0; n < 20_000; n++) {
				let s = '';
				const parts = 1 + Math.floor(r() * 8);
				// half the strings only text and SGR (the fast path), half anything
				const pool = n % 2 ? PIECES : PIECES.filter((p) => /^(\x1b\[[\d:;]*m|[^\x1b\x9b\x9d]+)$/.test(p));
				for (let i = 0; i < parts; i++) s += pool[Math.floor(r() * pool.length)];
				if (n % 2 === 0) sgrOnly++;
				assert.equal(patched(s), ink(s), JSON.stringify(s));
			}
			assert.ok(sgrOnly > 5000);
		} finally {
			rmSync(file, {force: true});
		}
	});

	it('measure and tokenise plain lines without the segmenter, to the very widths and cells of Ink', async () => {
		const mt = join(inkBuild, `measure-text.berth-test-${process.pid}.js`);
		writeFileSync(mt, patchInk('ink/build/measure-text.js', readFileSync(join(inkBuild, 'measure-text.js'), 'utf8')));
		try {
			const measure = (await import(pathToFileURL(mt).href)).default as (s: string) => {width: number; height: number};
			const widestLine = (await import('widest-line')).default as (s: string) => number;
			// the fast path's characters (ASCII, Latin-1 with the soft hyphen, box drawing, arrows, shapes,
			// emoji-presentation symbols that are wide, ambiguous ones that are not) beside ones that must
			// take the slow path (combining marks, joiners, CJK, astral emoji, bidi controls, long SGR params)
			const FAST = ['web', 'a', ' ', '0.1%', 'é', '\u00ad', '│', '▾', '▸', '●', '→', '…', '⠋', '⌚', '☔', '⚡', '✅', '▲', '\x1b[31m', '\x1b[0m', '\x1b[38;5;208m', '\x1b[m', '\x1b[1;22;39m'];
			const SLOW = ['\u0301', '\u200d', '日本', '🙂', '\u202e', '\ufe0f', '\x1b[12345m', '\x1b[?25l', '\u1100\u1161', '\t'];
			const r = rng(3);
			for (let n = 0; n < 20_000; n++) {
				const pool = n % 3 === 0 ? [...FAST, ...SLOW] : FAST;
				let s = '';
				const parts = 1 + Math.floor(r() * 12);
				for (let i = 0; i < parts; i++) s += pool[Math.floor(r() * pool.length)] + (r() < 0.05 ? '\n' : '');
				assert.equal(measure(s).width, widestLine(s), JSON.stringify(s));
			}
		} finally {
			rmSync(mt, {force: true});
		}
		// the tokeniser: the same frames test above draws lines of these characters; here the
		// wide and zero-width ones through Ink's Output, alone and mixed
		writeFileSync(patchedFile, patchInk('ink/build/output.js', readFileSync(join(inkBuild, 'output.js'), 'utf8')));
		const Ink = (await import(`${pathToFileURL(join(inkBuild, 'output.js')).href}?unpatched`)).default as OutputClass;
		const Patched = (await import(`${pathToFileURL(patchedFile).href}?again`)).default as OutputClass;
		const CHARS = ['a', '│', '⌚', '☔', '\u00ad', 'é', '●', '\x1b[7m', '\x1b[27m', '\x1b[33m', '\x1b[39m', ' '];
		const r = rng(9);
		for (let n = 0; n < 300; n++) {
			const ops: Op[] = [];
			for (let i = 0; i < 8; i++) {
				let t = '';
				for (let k = 0; k < 1 + Math.floor(r() * 20); k++) t += CHARS[Math.floor(r() * CHARS.length)];
				ops.push({kind: 'write', x: Math.floor(r() * 30), y: Math.floor(r() * 8), text: t, styled: r() < 0.3});
			}
			assert.equal(draw(Patched, ops, 40, 8), draw(Ink, ops, 40, 8), `frame ${n}`);
		}
	});
});
