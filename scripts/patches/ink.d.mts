/** Types of ink.mjs (build patches of Ink) for the tests that import it. */
export declare const INK_PATCHES: Record<string, Array<[string, string]>>;
export declare function patchInk(file: string, text: string): string;
