import {useEffect, useState} from 'react';

/** A clock for relative times, ticking every `ms` (a UI tick; it never asks the engine anything). */
export function useNow(ms: number): number {
	const [now, setNow] = useState(Date.now);
	useEffect(() => {
		const t = setInterval(() => setNow(Date.now()), ms);
		return () => clearInterval(t);
	}, [ms]);
	return now;
}
