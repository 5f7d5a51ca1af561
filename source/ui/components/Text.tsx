/**
 * The dashboard's one text component, and its output boundary for untrusted text: Ink's Text with
 * every string child made inert (core/sanitize) before Ink lays it out. Container names, labels,
 * images, healthcheck output, log lines, inspect text, findings, engine messages, typed input:
 * whatever reaches the screen as text goes through here, so no escape sequence, C1 or bidi control,
 * NUL, BEL … is drawn raw, whichever pane or state slot it came from. Colours are berth's own: Ink
 * adds them around the inert text from the `color`/`bold`/… props.
 *
 * Strings directly under a Text (also inside arrays and fragments) are covered; a component that
 * returns bare strings into a Text must wrap them in this Text too. Every UI file imports Text from
 * here, never from 'ink' (test/ui/hostile-panes.test.tsx checks both).
 *
 * `ansi`: the children are already sanitised text whose plain SGR colours are meant to show (log
 * lines): SGR is kept (minus conceal), every other sequence still goes.
 */
import {Text as InkText, type TextProps} from 'ink';
import React from 'react';
import {sanitize} from '../../core/sanitize.js';

export interface Props extends TextProps {
	/** keep plain SGR colour sequences in the strings (sanitised log lines) */
	ansi?: boolean;
}

function inert(node: React.ReactNode, keepColor: boolean): React.ReactNode {
	if (typeof node === 'string') return sanitize(node, {multiline: true, keepColor});
	if (Array.isArray(node)) return node.map((n) => inert(n, keepColor));
	if (React.isValidElement<{children?: React.ReactNode}>(node) && node.type === React.Fragment) {
		return React.cloneElement(node, undefined, inert(node.props.children, keepColor));
	}
	return node;
}

export function Text({ansi, children, ...props}: Props) {
	return <InkText {...props}>{inert(children, Boolean(ansi))}</InkText>;
}
