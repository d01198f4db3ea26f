// Go's text/tabwriter, as etcdctl's help uses it: Init(w, minwidth 0, tabwidth 8, padding 1,
// padchar '\t', flags 0). Cells are tab-terminated; a column block is a run of consecutive lines
// that have a cell in that column; each block is as wide as its widest cell plus the padding,
// rounded up to a multiple of tabwidth because the padding is written with tabs.

interface Cell {
  text: string;
  width: number;
}

const TAB_WIDTH = 8;
const PADDING = 1;

function runeCount(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

export function tabwrite(text: string): string {
  const lines: Cell[][] = text.split('\n').map((line) => line.split('\t').map((t) => ({ text: t, width: runeCount(t) })));
  // split('\n') yields a trailing empty line for text ending in '\n'; it is re-added below.
  const endsWithNewline = text.endsWith('\n');
  if (endsWithNewline) lines.pop();
  const out: string[] = [];
  const widths: number[] = [];

  const writeLines = (line0: number, line1: number) => {
    for (let i = line0; i < line1; i++) {
      const line = lines[i]!;
      let s = '';
      for (let j = 0; j < line.length; j++) {
        const c = line[j]!;
        s += c.text;
        if (j < widths.length) {
          const cellw = Math.ceil(widths[j]! / TAB_WIDTH) * TAB_WIDTH;
          s += '\t'.repeat(Math.ceil((cellw - c.width) / TAB_WIDTH));
        }
      }
      out.push(s);
    }
  };

  const format = (line0: number, line1: number): void => {
    const column = widths.length;
    for (let current = line0; current < line1; current++) {
      if (column >= lines[current]!.length - 1) continue;
      // a cell exists in this column: print the lines before this block, then measure the block
      writeLines(line0, current);
      line0 = current;
      let width = 0;
      for (; current < line1; current++) {
        const line = lines[current]!;
        if (column >= line.length - 1) break;
        width = Math.max(width, line[column]!.width + PADDING);
      }
      widths.push(width);
      format(line0, current);
      widths.pop();
      line0 = current;
    }
    writeLines(line0, line1);
  };

  format(0, lines.length);
  return out.join('\n') + (endsWithNewline ? '\n' : '');
}
