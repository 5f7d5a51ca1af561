import {useRef} from 'react';

/** The least scrolling that keeps the cursor in view (pure). */
export function scrollOffset(prev: number, cursor: number, visible: number, total: number): number {
	let o = prev;
	if (cursor < o) o = cursor;
	if (cursor >= o + visible) o = cursor - visible + 1;
	return Math.max(0, Math.min(o, Math.max(0, total - visible)));
}

/** A virtualised list's first visible row, kept across renders. */
export function useScroll(cursor: number, visible: number, total: number): number {
	const offset = useRef(0);
	offset.current = scrollOffset(offset.current, cursor, visible, total);
	return offset.current;
}
