// etcdctl's tables: olekukonko/tablewriter 0.0.5 (the version linked into Debian's etcdctl
// 3.4.23) with etcdctl's settings (header, right-aligned cells, everything else default),
// rendered by cli-table3.
//
// tablewriter's layout, reproduced here before cli-table3 draws anything:
// * Each cell (and header) is split on "\n", re-joined with spaces ("reflow"), and wrapped with
//   WrapString to the cell's own width capped at 30 columns: words are split on single spaces,
//   and lines are chosen by minimum raggedness (WrapWords). A word wider than the cap widens
//   the limit instead of being broken. Cells of 30 columns or less stay on one line.
// * A column is as wide as its widest wrapped line, header included (measured before Title()).
// * Headers are Title()d (upper-cased, `_` and most `.` become spaces, trimmed) and centred
//   with floor(gap/2) spaces on the left; cells are right-aligned; one space of padding each side.
// * Border `+---+`; a separator line after the header; no lines between rows; a bottom border.
//   With no rows: top border, header, separator, bottom border.
//
// cli-table3 does the drawing from pre-wrapped cells ("\n"-joined lines) and fixed column widths,
// in compact mode (separator only under the header). Two things it cannot do are patched:
// * it draws no header separator when there are no rows (the separator line is the same text
//   as the bottom border, so it is repeated);
// * its output has no final newline (added).
import Table from 'cli-table3';

/** tablewriter's MAX_ROW_WIDTH: the widest a cell gets before it is wrapped. */
const MAX_CELL_WIDTH = 30;
/** WrapWords' penalty for a line that is longer than the limit. */
const OVERLONG_PENALTY = 1e5;

const BORDER_CHARS = {
  top: '-',
  'top-mid': '+',
  'top-left': '+',
  'top-right': '+',
  bottom: '-',
  'bottom-mid': '+',
  'bottom-left': '+',
  'bottom-right': '+',
  left: '|',
  'left-mid': '+',
  mid: '-',
  'mid-mid': '+',
  right: '|',
  'right-mid': '+',
  middle: '|',
} as const;

const ZERO_WIDTH = /^[\p{Mn}\p{Me}\u200b-\u200f\u2028-\u202e\u2060-\u2063\ufeff]$/u;

/** East Asian Wide and Fullwidth blocks (go-runewidth counts them as two columns). */
const WIDE_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x1100, 0x115f], [0x231a, 0x231b], [0x2329, 0x232a], [0x23e9, 0x23ec], [0x23f0, 0x23f0],
  [0x23f3, 0x23f3], [0x25fd, 0x25fe], [0x2614, 0x2615], [0x2648, 0x2653], [0x267f, 0x267f],
  [0x2693, 0x2693], [0x26a1, 0x26a1], [0x26aa, 0x26ab], [0x26bd, 0x26be], [0x26c4, 0x26c5],
  [0x26ce, 0x26ce], [0x26d4, 0x26d4], [0x26ea, 0x26ea], [0x26f2, 0x26f3], [0x26f5, 0x26f5],
  [0x26fa, 0x26fa], [0x26fd, 0x26fd], [0x2705, 0x2705], [0x270a, 0x270b], [0x2728, 0x2728],
  [0x274c, 0x274c], [0x274e, 0x274e], [0x2753, 0x2755], [0x2757, 0x2757], [0x2795, 0x2797],
  [0x27b0, 0x27b0], [0x27bf, 0x27bf], [0x2b1b, 0x2b1c], [0x2b50, 0x2b50], [0x2b55, 0x2b55],
  [0x2e80, 0x303e], [0x3041, 0x33ff], [0x3400, 0x4dbf], [0x4e00, 0x9fff], [0xa000, 0xa4cf],
  [0xa960, 0xa97f], [0xac00, 0xd7a3], [0xf900, 0xfaff], [0xfe10, 0xfe19], [0xfe30, 0xfe6f],
  [0xff00, 0xff60], [0xffe0, 0xffe6], [0x16fe0, 0x18cff], [0x1b000, 0x1b2ff], [0x1f004, 0x1f004],
  [0x1f0cf, 0x1f0cf], [0x1f18e, 0x1f18e], [0x1f191, 0x1f19a], [0x1f200, 0x1f251],
  [0x1f300, 0x1f64f], [0x1f680, 0x1f6ff], [0x1f900, 0x1f9ff], [0x1fa70, 0x1faff],
  [0x20000, 0x3fffd],
];

function runeWidth(r: number): number {
  if (r < 0x20 || (r >= 0x7f && r < 0xa0)) return 0;
  if (r < 0x300) return 1;
  for (const [first, last] of WIDE_RANGES) {
    if (r < first) break;
    if (r <= last) return 2;
  }
  return ZERO_WIDTH.test(String.fromCodePoint(r)) ? 0 : 1;
}

/**
 * Terminal columns of a string, as go-runewidth counts them (approximately, for non-ASCII: control
 * and combining runes are 0, East Asian wide runes 2, everything else 1).
 */
export function displayWidth(s: string): number {
  let width = 0;
  for (const ch of s) width += runeWidth(ch.codePointAt(0)!);
  return width;
}

/** tablewriter's WrapWords: splits words into lines of minimum raggedness (spaces count spc). */
export function wrapWords(words: readonly string[], spc: number, lim: number, pen: number): string[][] {
  const n = words.length;
  const widths = words.map(displayWidth);
  // length(i, j): width of words i..j joined by spaces.
  const length = (i: number, j: number): number => {
    let total = widths[i]!;
    for (let k = i + 1; k <= j; k++) total += spc + widths[k]!;
    return total;
  };
  const nbrk: number[] = new Array<number>(n).fill(0);
  const cost: number[] = new Array<number>(n).fill(2147483647);
  for (let i = n - 1; i >= 0; i--) {
    if (length(i, n - 1) <= lim) {
      cost[i] = 0;
      nbrk[i] = n;
    } else {
      for (let j = i + 1; j < n; j++) {
        const d = lim - length(i, j - 1);
        let c = d * d + cost[j]!;
        if (length(i, j - 1) > lim) c += pen;
        if (c < cost[i]!) {
          cost[i] = c;
          nbrk[i] = j;
        }
      }
    }
  }
  const lines: string[][] = [];
  for (let i = 0; i < n; i = nbrk[i]!) lines.push(words.slice(i, nbrk[i]));
  return lines;
}

/** tablewriter's WrapString: the wrapped lines and the limit actually used. */
export function wrapString(s: string, lim: number): [string[], number] {
  const words = s.replaceAll('\n', ' ').split(' ');
  for (const word of words) lim = Math.max(lim, displayWidth(word));
  return [wrapWords(words, 1, lim, OVERLONG_PENALTY).map((line) => line.join(' ')), lim];
}

/**
 * tablewriter's parseDimension with autoWrap and reflow on: the lines of one cell and the width
 * it claims. The claim is the unwrapped width capped at 30, or a wider line if a long word forced
 * one, so a wrapped cell makes its column 30 wide even when its lines are narrower.
 */
export function cellLayout(text: string): { lines: string[]; width: number } {
  const raw = text.split('\n');
  const capped = Math.min(MAX_CELL_WIDTH, Math.max(...raw.map(displayWidth)));
  const [lines] = wrapString(raw.join(' '), capped);
  return { lines, width: Math.max(capped, ...lines.map(displayWidth)) };
}

function isNumOrSpace(ch: string | undefined): boolean {
  return ch !== undefined && ((ch >= '0' && ch <= '9') || ch === ' ');
}

/** tablewriter's Title: the header text as printed. */
export function title(name: string): string {
  const runes = [...name];
  for (let i = 0; i < runes.length; i++) {
    if (runes[i] === '_') runes[i] = ' ';
    else if (runes[i] === '.') {
      // A dot between digits (a number like 0.5) is kept.
      if ((i !== 0 && !isNumOrSpace(runes[i - 1])) || (i !== runes.length - 1 && !isNumOrSpace(runes[i + 1]))) runes[i] = ' ';
    }
  }
  let out = runes.join('').trim();
  if (out.length === 0 && name.length > 0) out = ' ';
  return out.toUpperCase();
}

/** Renders a table as etcdctl does (header plus right-aligned rows), ending with a newline. */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const headCells = header.map(cellLayout);
  const rowCells = rows.map((row) => header.map((_, col) => cellLayout(row[col] ?? '')));
  const widths = headCells.map((head, col) => Math.max(head.width, ...rowCells.map((row) => row[col]!.width)));
  const table = new Table({
    // cli-table3 accepts cell objects in `head` (its typings say string[]): the header is the one
    // row that is centred, so it needs a per-cell alignment.
    head: headCells.map((cell) => ({ content: cell.lines.map(title).join('\n'), hAlign: 'center' })) as unknown as string[],
    colWidths: widths.map((w) => w + 2),
    colAligns: widths.map(() => 'right' as const),
    chars: BORDER_CHARS,
    style: { head: [], border: [], compact: true, 'padding-left': 1, 'padding-right': 1 },
  });
  for (const row of rowCells) table.push(row.map((cell) => cell.lines.join('\n')));
  const lines = table.toString().split('\n');
  if (rows.length === 0) lines.push(lines[lines.length - 1]!);
  return lines.join('\n') + '\n';
}
