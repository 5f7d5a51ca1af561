// ANSI (a `tmux capture-pane -p -e` dump: text with SGR colour sequences) → SVG, self-contained.
// Cells on a fixed grid: each run of same-styled characters is a <text> at its column, with a
// background <rect> where the cell has a background (or is inverse). xterm's palette.

const BASE16 = ['#1e1e1e', '#cd3131', '#0dbc79', '#e5e510', '#2472c8', '#bc3fbc', '#11a8cd', '#e5e5e5', '#666666', '#f14c4c', '#23d18b', '#f5f543', '#3b8eea', '#d670d6', '#29b8db', '#ffffff'];
const FG = '#d4d4d4';
const BG = '#1e1e1e';

function color256(n) {
	if (n < 16) return BASE16[n];
	if (n >= 232) {
		const v = 8 + (n - 232) * 10;
		return `rgb(${v},${v},${v})`;
	}
	const i = n - 16;
	const c = (x) => (x === 0 ? 0 : 55 + x * 40);
	return `rgb(${c(Math.floor(i / 36))},${c(Math.floor(i / 6) % 6)},${c(i % 6)})`;
}

function applySgr(style, params) {
	const p = params.length ? params : [0];
	for (let i = 0; i < p.length; i++) {
		const n = p[i];
		if (n === 0) Object.assign(style, {fg: null, bg: null, bold: false, dim: false, italic: false, underline: false, inverse: false});
		else if (n === 1) style.bold = true;
		else if (n === 2) style.dim = true;
		else if (n === 3) style.italic = true;
		else if (n === 4) style.underline = true;
		else if (n === 7) style.inverse = true;
		else if (n === 22) style.bold = style.dim = false;
		else if (n === 23) style.italic = false;
		else if (n === 24) style.underline = false;
		else if (n === 27) style.inverse = false;
		else if (n >= 30 && n <= 37) style.fg = BASE16[n - 30];
		else if (n === 39) style.fg = null;
		else if (n >= 40 && n <= 47) style.bg = BASE16[n - 40];
		else if (n === 49) style.bg = null;
		else if (n >= 90 && n <= 97) style.fg = BASE16[n - 90 + 8];
		else if (n >= 100 && n <= 107) style.bg = BASE16[n - 100 + 8];
		else if (n === 38 || n === 48) {
			let col = null;
			if (p[i + 1] === 5) {
				col = color256(p[i + 2] ?? 0);
				i += 2;
			} else if (p[i + 1] === 2) {
				col = `rgb(${p[i + 2] ?? 0},${p[i + 3] ?? 0},${p[i + 4] ?? 0})`;
				i += 4;
			}
			if (n === 38) style.fg = col;
			else style.bg = col;
		}
	}
}

/** Parse into rows of cells: {ch, style}. Non-SGR sequences are dropped. */
export function parseAnsi(text) {
	const rows = [];
	const style = {fg: null, bg: null, bold: false, dim: false, italic: false, underline: false, inverse: false};
	for (const line of text.replace(/\n$/, '').split('\n')) {
		const cells = [];
		const re = /\x1b\[([0-9;:]*)([A-Za-z])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|([\s\S])/gu;
		let m;
		while ((m = re.exec(line))) {
			if (m[2] === 'm') applySgr(style, m[1] ? m[1].split(/[;:]/).map(Number) : []);
			else if (m[3] !== undefined && m[3] !== '\r') cells.push({ch: m[3], style: {...style}});
		}
		rows.push(cells);
	}
	return rows;
}

const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const key = (s) => JSON.stringify(s);

export function ansiToSvg(text, opts = {}) {
	const rows = parseAnsi(text);
	const cols = opts.cols ?? Math.max(...rows.map((r) => r.length), 1);
	const nrows = opts.rows ?? rows.length;
	const cw = 8.4;
	const lh = 17;
	const pad = 12;
	const title = opts.title ?? 'berth';
	const top = 28;
	const W = Math.ceil(cols * cw + pad * 2);
	const H = Math.ceil(nrows * lh + pad + top);
	const out = [];
	out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="'DejaVu Sans Mono','Menlo','Consolas',monospace" font-size="14">`);
	out.push(`<rect width="${W}" height="${H}" rx="8" fill="${BG}"/>`);
	out.push(`<circle cx="18" cy="14" r="5" fill="#ff5f56"/><circle cx="36" cy="14" r="5" fill="#ffbd2e"/><circle cx="54" cy="14" r="5" fill="#27c93f"/>`);
	out.push(`<text x="${W / 2}" y="18" fill="#888" font-size="12" text-anchor="middle">${esc(title)}</text>`);
	rows.slice(0, nrows).forEach((cells, r) => {
		const y = top + r * lh;
		let c = 0;
		while (c < cells.length) {
			const s = cells[c].style;
			let e = c;
			while (e < cells.length && key(cells[e].style) === key(s)) e++;
			let fg = s.fg ?? FG;
			let bg = s.bg;
			if (s.inverse) {
				bg = s.fg ?? FG;
				fg = s.bg ?? BG;
			}
			const x = pad + c * cw;
			if (bg) out.push(`<rect x="${x.toFixed(1)}" y="${y}" width="${((e - c) * cw).toFixed(1)}" height="${lh}" fill="${bg}"/>`);
			const str = cells.slice(c, e).map((x) => x.ch).join('');
			if (str.trim()) {
				const attrs = [`x="${x.toFixed(1)}"`, `y="${y + 13}"`, `fill="${fg}"`, `textLength="${((e - c) * cw).toFixed(1)}"`, 'lengthAdjust="spacingAndGlyphs"'];
				if (s.bold) attrs.push('font-weight="bold"');
				if (s.dim) attrs.push('opacity="0.6"');
				if (s.italic) attrs.push('font-style="italic"');
				if (s.underline) attrs.push('text-decoration="underline"');
				out.push(`<text ${attrs.join(' ')} xml:space="preserve">${esc(str)}</text>`);
			}
			c = e;
		}
	});
	out.push('</svg>');
	return out.join('\n') + '\n';
}
