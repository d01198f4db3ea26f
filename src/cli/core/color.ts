// Whether stderr may be coloured, by the conventions people set: NO_COLOR (https://no-color.org,
// any non-empty value) turns colour off, FORCE_COLOR=0/false turns it off and any other
// non-empty FORCE_COLOR turns it on (chalk's convention), TERM=dumb is a terminal without
// escape sequences. Otherwise: a terminal only.
export function stderrColor(env: Record<string, string | undefined>, stderrIsTTY: boolean): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force.toLowerCase() !== 'false';
  return stderrIsTTY && env.TERM !== 'dumb';
}
