/**
 * How a container list divides a width into columns — one rule for the dashboard's list
 * (ui/layout.ts) and `berth status` (commands/status.ts), each with its own column set.
 *
 * The fixed columns (state, health, uptime, the dashboard's mark/CPU/MEM) keep their widths; what
 * is left after them and the spaces between columns ("the rest", at least minRest) goes to three
 * flexible columns, in this order:
 *   ports — the full width of one published port ("127.0.0.1:18181→8080/tcp") once the rest is
 *           wide enough for it (ports.full), else a share of the rest (at least ports.min);
 *   name  — a share of what ports leave (at least name.min; all of it when there is no image column);
 *   image — the remainder, and only from imageFrom columns (0: always).
 */

export interface ColumnSet<F extends string> {
	/** fixed-width columns */
	fixed: Record<F, number>;
	/** spaces between columns when the image column shows (one fewer without it) */
	gaps: number;
	/** least width for name + ports + image together */
	minRest: number;
	/** the image column shows from this total width on (0: always) */
	imageFrom: number;
	ports: {share: number; min: number; full?: {width: number; fromRest: number}};
	name: {share: number; min: number};
}

export type FittedColumns<F extends string> = Record<F, number> & {name: number; ports: number; image: number};

export function fitColumns<F extends string>(width: number, set: ColumnSet<F>): FittedColumns<F> {
	const fixed = Object.values<number>(set.fixed).reduce((a, b) => a + b, 0);
	const withImage = width >= set.imageFrom;
	const rest = Math.max(set.minRest, width - fixed - (withImage ? set.gaps : set.gaps - 1));
	const full = set.ports.full;
	const ports = full && rest >= full.fromRest ? full.width : Math.max(set.ports.min, Math.floor(rest * set.ports.share));
	const name = withImage ? Math.max(set.name.min, Math.floor((rest - ports) * set.name.share)) : rest - ports;
	return {...set.fixed, name, ports, image: withImage ? rest - ports - name : 0};
}
