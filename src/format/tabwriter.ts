// Go's text/tabwriter (the elastic tabstops filter) for a whole text written at once and then
// flushed, configured like Go's Writer.Init(output, minwidth, tabwidth, padding, padchar, flags).
// Users: etcdctl v3's help (Init(w, 0, 8, 1, '\t', 0), etcdctl/ctlv3/help.go) and urfave/cli's
// help for the v2 command set (NewWriter(out, 1, 8, 2, ' ', 0), urfave/cli help.go).
//
// The rules, as Go has them:
// * Cells are terminated by '\t' (hard) or '\v' (soft); '\n' and '\f' end a line (and its last,
//   unterminated cell, which is never part of a column). At the end of the text the last cell is
//   kept only if it is not empty (Go's Flush), so "a\t" has no column but "a\t\n" has.
// * A column block is a run of consecutive lines that have a terminated cell in that column. Its
//   width is the widest cell (in runes) plus padding, at least minwidth; with DiscardEmptyColumns
//   a block of empty, soft-terminated cells has width 0.
// * Padding: with padchar '\t' (or TabIndent for leading empty cells) the cell width is rounded up
//   to a multiple of tabwidth and padded with as many tabs as cover the gap (nothing when
//   tabwidth is 0); otherwise padchar repeated. Tab padding forces left alignment.
// * '\f' also ends every column block (Go flushes there) and is written as '\n'.
// Not provided: FilterHTML and StripEscape (Go's Escape is the byte 0xff, which no JS string of
// UTF-8 text carries; no caller of ours wants either).

/** Go's tabwriter flags (same bit values); FilterHTML (1) and StripEscape (2) are not provided. */
export const AlignRight = 1 << 2;
export const DiscardEmptyColumns = 1 << 3;
export const TabIndent = 1 << 4;
export const Debug = 1 << 5;

interface Cell {
  text: string;
  /** width in runes (Go's utf8.RuneCount) */
  width: number;
  /** terminated by '\t' (not '\v') */
  htab: boolean;
}

function runeCount(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Splits a text into '\f'-separated sections of lines of cells, as Go's Write + Flush sees them. */
function parse(text: string): Cell[][][] {
  const sections: Cell[][][] = [];
  let lines: Cell[][] = [[]];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch !== '\t' && ch !== '\v' && ch !== '\n' && ch !== '\f') continue;
    const cellText = text.slice(start, i);
    lines[lines.length - 1]!.push({ text: cellText, width: runeCount(cellText), htab: ch === '\t' });
    start = i + 1;
    if (ch === '\n' || ch === '\f') lines.push([]);
    if (ch === '\f') {
      sections.push(lines);
      lines = [[]];
    }
  }
  const rest = text.slice(start);
  if (rest !== '') lines[lines.length - 1]!.push({ text: rest, width: runeCount(rest), htab: false });
  sections.push(lines);
  return sections;
}

/**
 * Formats text as Go's tabwriter.Writer initialised with Init(w, minwidth, tabwidth, padding,
 * padchar, flags) would write it, followed by Flush.
 */
export function tabwrite(text: string, minwidth: number, tabwidth: number, padding: number, padchar: string, flags: number): string {
  if (minwidth < 0 || tabwidth < 0 || padding < 0) throw new RangeError('negative minwidth, tabwidth, or padding');
  if (padchar.length !== 1) throw new RangeError('padchar must be one character');
  const tabPadding = padchar === '\t';
  if (tabPadding) flags &= ~AlignRight; // tab padding enforces left alignment

  let out = '';
  const widths: number[] = [];

  const writePadding = (textw: number, cellw: number, useTabs: boolean): void => {
    if (tabPadding || useTabs) {
      if (tabwidth === 0) return; // tabs have no width: no padding possible
      const roundedCellw = Math.ceil(cellw / tabwidth) * tabwidth;
      out += '\t'.repeat(Math.ceil((roundedCellw - textw) / tabwidth));
      return;
    }
    out += padchar.repeat(cellw - textw);
  };

  const writeLines = (lines: Cell[][], line0: number, line1: number): void => {
    for (let i = line0; i < line1; i++) {
      const line = lines[i]!;
      let useTabs = (flags & TabIndent) !== 0; // tabs for leading empty cells
      for (let j = 0; j < line.length; j++) {
        const c = line[j]!;
        if (j > 0 && (flags & Debug) !== 0) out += '|';
        if (c.text === '') {
          if (j < widths.length) writePadding(c.width, widths[j]!, useTabs);
          continue;
        }
        useTabs = false;
        if ((flags & AlignRight) === 0) {
          out += c.text;
          if (j < widths.length) writePadding(c.width, widths[j]!, false);
        } else {
          if (j < widths.length) writePadding(c.width, widths[j]!, false);
          out += c.text;
        }
      }
      // every line but a section's last (the empty one after its line break) ends with a newline
      if (i + 1 < lines.length) out += '\n';
    }
  };

  const format = (lines: Cell[][], line0: number, line1: number): void => {
    const column = widths.length;
    for (let current = line0; current < line1; current++) {
      if (column >= lines[current]!.length - 1) continue;
      // a cell exists in this column: write the lines before this block, then measure the block
      writeLines(lines, line0, current);
      line0 = current;
      let width = minwidth;
      let discardable = true; // all cells of the block empty and soft-terminated
      for (; current < line1; current++) {
        const line = lines[current]!;
        if (column >= line.length - 1) break;
        const c = line[column]!;
        width = Math.max(width, c.width + padding);
        if (c.width > 0 || c.htab) discardable = false;
      }
      if (discardable && (flags & DiscardEmptyColumns) !== 0) width = 0;
      widths.push(width);
      format(lines, line0, current);
      widths.pop();
      line0 = current;
    }
    writeLines(lines, line0, line1);
  };

  for (const lines of parse(text)) format(lines, 0, lines.length);
  return out;
}
