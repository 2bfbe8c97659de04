// Which lines of a chart its legend hides, as pure functions over the hidden labels: a click
// toggles one line, a double-click shows it alone (a second one on the lone line shows all).
// A double-click arrives after two clicks (the legend ignores the second, detail 2); the first
// has toggled the line already, so `doubleClicked` undoes that before it solos.

/** `hidden` with `label` toggled. */
export function toggleHidden(hidden: readonly string[], label: string): string[] {
  return hidden.includes(label) ? hidden.filter((l) => l !== label) : [...hidden, label];
}

/** Every other line hidden; none, when `label` was already the only line shown. */
export function soloHidden(
  hidden: readonly string[],
  labels: readonly string[],
  label: string,
): string[] {
  const others = labels.filter((l) => l !== label);
  const alone = !hidden.includes(label) && others.every((l) => hidden.includes(l));
  return alone ? [] : others;
}

/** The hidden labels after a double-click on `label`, given those its first click left. */
export function doubleClicked(
  hidden: readonly string[],
  labels: readonly string[],
  label: string,
): string[] {
  return soloHidden(toggleHidden(hidden, label), labels, label);
}

/** The lines not hidden, in their order (their colours were fixed before, by position). */
export function shownLines<T extends { label: string }>(
  lines: readonly T[],
  hidden: readonly string[],
): T[] {
  return hidden.length === 0 ? [...lines] : lines.filter((l) => !hidden.includes(l.label));
}
