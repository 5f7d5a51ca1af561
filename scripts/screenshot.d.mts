// Types of scripts/screenshot.mjs (the screenshots' core, used by test/docs/screenshots.test.ts).
export const COLS: number;
export const ROWS: number;
export const PROJECT: string;
export const SHOTS: string[];
export interface Screen {
	name: string;
	title: string;
	ansi: string;
	cols: number;
	rows: number;
}
export function demoProxy(project?: string): Promise<{path: string; close(): Promise<void>} | null>;
export function ansiPlain(ansi: string): string;
export function svgText(svg: string): string;
export function normaliseScreen(text: string): string;
export function captureScreens(opts?: {only?: string[]; fast?: boolean; log?: (line: string) => void}): Promise<Screen[]>;
export function demoUp(): number;
