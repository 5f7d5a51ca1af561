import type {BuildOptions} from 'esbuild';

export const SCHEMA_RUNTIME: string;
/** esbuild's options for a node bundle built as berth is (add entryPoints and outdir/outfile). */
export function bundleOptions(version: string): BuildOptions;
