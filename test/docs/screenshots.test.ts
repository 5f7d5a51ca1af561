/**
 * The screenshots are what the app shows today: the demo stack is brought up, the real dashboard
 * is driven through every screenshot (scripts/screenshot.mjs captureScreens, fast: no 45 s of
 * stats history) and each screen's text, without what varies between takes (figures, times, ids,
 * log lines, chart bars: normaliseScreen), must equal the committed SVG's. A change that alters
 * what a newcomer sees fails here until `npm run screenshots` retakes them.
 */
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {before, describe, it} from 'node:test';
import {ansiPlain, captureScreens, demoUp, normaliseScreen, SHOTS, svgText, type Screen} from '../../scripts/screenshot.mjs';

const words = (screen: string) => normaliseScreen(screen).replace(/\s+/g, ' ');

describe('screenshots reproduce from the current app (npm run screenshots retakes them)', () => {
	let screens: Screen[] = [];
	before(async () => {
		assert.equal(demoUp(), 0, 'the demo stack comes up (npm run demo -- --no-tui)');
		screens = await captureScreens({fast: true, log: (l) => console.log(`# ${l}`)});
	});

	it('every screenshot is taken', () => {
		assert.deepEqual(
			screens.map((s) => s.name),
			SHOTS,
		);
	});

	for (const name of SHOTS) {
		it(`screenshots/${name}.svg says what the app shows`, () => {
			const now = screens.find((s) => s.name === name);
			assert.ok(now, `${name} was captured`);
			// compared as a run of words: a figure's digit count (a check failed 9 or 12 times) moves
			// where a long line wraps, and wraps are not what a newcomer reads differently
			const want = words(svgText(readFileSync(`screenshots/${name}.svg`, 'utf8')));
			const got = words(ansiPlain(now.ansi));
			assert.equal(got, want, `screenshots/${name}.svg is stale: retake with \`npm run screenshots\``);
		});
	}

	it('the normalisation keeps words and drops only what varies', () => {
		const a = 'berth 6 containers · 6 running  engine 20.10.24 · unix:///var/run/docker.sock\n  web_1  running  1.8%  968KiB 1m\nlogs · service x following · 148 lines\nworker_2 │ worker 79bf00dd75fa: job 59 done\n? help  q quit';
		const b = 'berth 6 containers · 6 running  engine 20.10.24 · unix:///tmp/berth-shot-0001\n  web_1  running   12%  1.0MiB 59s\nlogs · service x following · 3 lines\nworker_1 │ worker d024e5f13c37: retrying job 3\n? help  q quit';
		assert.equal(normaliseScreen(a), normaliseScreen(b));
		assert.notEqual(normaliseScreen(a), normaliseScreen(a.replace('running', 'exited')), 'a word that changed is seen');
		assert.notEqual(normaliseScreen(a), normaliseScreen(a.replace('q quit', '')), 'a hint that went is seen');
		const wrapped = 'x is unhealthy: its check failed 9 times; last check exit\n1, output: refused\n? help';
		const rewrapped = 'x is unhealthy: its check failed 12 times; last check exit 1,\noutput: refused\n? help';
		assert.equal(words(wrapped), words(rewrapped), 'a wrap moved by a figure\'s digit count is not a change');
		assert.notEqual(words(wrapped), words(rewrapped.replace('refused', 'timed out')), 'a word that changed in a wrapped line is seen');
	});
});
