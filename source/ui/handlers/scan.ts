/** `s` in the images pane: scan the selected image with trivy (state/effects/scan.ts). Reads only: no gate. */
import {selectedResource, type ImageTagRow} from '../../state/view/resources.js';
import {status, type HandlerContext} from './context.js';

export function scanSelected(ctx: HandlerContext): void {
	const img = selectedResource(ctx.state, 'images').row?.record as ImageTagRow | undefined;
	if (!img) return status(ctx, 'info', 'No image selected.');
	if (!ctx.services.scan) return status(ctx, 'error', 'Not connected to an engine.');
	ctx.services.scan.scan(img.ref);
}
