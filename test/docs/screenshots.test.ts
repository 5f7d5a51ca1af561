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
			const want = normaliseScreen(svgText(readFileSync(`screenshots/${name}.svg`, 'utf8')));
			const got = normaliseScreen(ansiPlain(now.ansi));
			assert.equal(got, want, `screenshots/${name}.svg is stale: retake with \`npm run screenshots\``);
		});
	}

	it('the normalisation keeps words and drops only what varies', () => {
		const a = 'berth 6 containers · 6 running  engine 20.10.24 · unix:///var/run/docker.sock\n  web_1  running  1.8%  968KiB 1m\nlogs · service x following · 148 lines\nworker_2 │ worker 79bf00dd75fa: job 59 done\n? help  q quit';
		const b = 'berth 6 containers · 6 running  engine 20.10.24 · unix:///tmp/berth-shot-0001\n  web_1  running   12%  1.0MiB 59s\nlogs · service x following · 3 lines\nworker_1 │ worker d024e5f13c37: retrying job 3\n? help  q quit';
		assert.equal(normaliseScreen(a), normaliseScreen(b));
		assert.notEqual(normaliseScreen(a), normaliseScreen(a.replace('running', 'exited')), 'a word that changed is seen');
		assert.notEqual(normaliseScreen(a), normaliseScreen(a.replace('q quit', '')), 'a hint that went is seen');
	});
});
