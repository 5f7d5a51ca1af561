/** Small statistics for bench figures. */

export function percentile(values: number[], p: number): number {
	if (values.length === 0) return NaN;
	const s = [...values].sort((a, b) => a - b);
	// nearest-rank: the smallest value with at least p % of the values at or below it
	const rank = Math.ceil((p / 100) * s.length);
	return s[Math.min(s.length, Math.max(1, rank)) - 1]!;
}

export const median = (values: number[]) => {
	if (values.length === 0) return NaN;
	const s = [...values].sort((a, b) => a - b);
	const mid = s.length >> 1;
	return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

export const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : NaN);

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Stats freshness: arrivals[c] holds the times (ms) samples of container c arrived. Tick k is
 * [t0 + k·1000, t0 + (k+1)·1000); it is fresh when every container got a sample in it.
 * Returns the share of fresh ticks (0..1) and the count of fresh ones.
 */
export function freshTicks(arrivals: number[][], t0: number, ticks: number): {fresh: number; share: number} {
	let fresh = 0;
	for (let k = 0; k < ticks; k++) {
		const a = t0 + k * 1000;
		const b = a + 1000;
		if (arrivals.every((times) => times.some((t) => t >= a && t < b))) fresh++;
	}
	return {fresh, share: ticks ? fresh / ticks : NaN};
}
