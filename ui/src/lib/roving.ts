/**
 * Arrow keys move focus within a group that is one Tab stop (a roving tabindex), as in
 * a radio group or a list of chips; with `select`, the focused item is also chosen.
 */
const STEPS: Record<string, number> = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };

export function rove(event: KeyboardEvent, items: HTMLElement[], select = false): void {
  const from = items.indexOf(document.activeElement as HTMLElement);
  if (from < 0 || items.length === 0) return;
  let to: number;
  if (event.key in STEPS) to = (from + STEPS[event.key]! + items.length) % items.length;
  else if (event.key === 'Home') to = 0;
  else if (event.key === 'End') to = items.length - 1;
  else return;
  event.preventDefault();
  const target = items[to]!;
  target.focus();
  if (select) target.click();
}
