/** The dashboard's image scan (trivy): what the scan box of the images pane shows. */
import type {ScanSummary} from '../core/images/trivy.js';
import type {State} from './types.js';
import {selectedResource, type ImageTagRow} from './view/resources.js';

export interface ScanState {
	/** the image scanned (as the pane names it: repo:tag, or the id of an untagged one) */
	ref: string;
	running: boolean;
	summary: ScanSummary | null;
	/** why there is no summary: trivy not on the PATH (with how to install it), failed, timed out … */
	error: {code: string; message: string; hint: string} | null;
	/** when it started / ended (ms) */
	started: number;
	at: number | null;
}

export type ScanAction = {type: 'scan/set'; scan: ScanState | null};

/** The scan the images pane shows: the last one, while its image is the selected row. */
export function visibleScan(state: State): ScanState | null {
	const s = state.scan;
	if (!s) return null;
	const row = selectedResource(state, 'images').row?.record as ImageTagRow | undefined;
	return row?.ref === s.ref ? s : null;
}
