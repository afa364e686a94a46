/**
 * Long lists on cards are cut, so that a card stays readable and under Teams' size limit:
 * the first `max` items, then one line saying how many were left out.
 */
export function capList(items: string[], max: number): string[] {
  if (items.length <= max) return items;
  const shown = items.slice(0, Math.max(0, max - 1));
  return [...shown, `and ${items.length - shown.length} more`];
}
