/** Frames from ink-testing-library without colour codes. */
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)/g;
export const plain = (s: string | undefined) => (s ?? '').replace(ANSI, '');
