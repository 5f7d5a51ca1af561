// `node --import ./scripts/patches/ink-loader.mjs …`: load Ink patched as the bundle is (ink-hooks.mjs).
import {register} from 'node:module';

register('./ink-hooks.mjs', import.meta.url);
