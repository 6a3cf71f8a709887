import { describe, expect, it, vi } from 'vitest';
import { rove } from './roving';

function group(count: number): HTMLButtonElement[] {
  const items = Array.from({ length: count }, () => document.createElement('button'));
  items.forEach((item) => document.body.append(item));
  return items;
}

const key = (name: string) => new KeyboardEvent('keydown', { key: name, cancelable: true });

describe('rove', () => {
  it('moves focus with the arrows, wrapping at both ends', () => {
    const items = group(3);
    items[2]!.focus();
    const event = key('ArrowRight');
    rove(event, items);
    expect(document.activeElement).toBe(items[0]);
    expect(event.defaultPrevented).toBe(true);
    rove(key('ArrowLeft'), items);
    expect(document.activeElement).toBe(items[2]);
    rove(key('Home'), items);
    expect(document.activeElement).toBe(items[0]);
  });

  it('chooses the item it lands on when asked to, and leaves other keys alone', () => {
    const items = group(2);
    const chosen = vi.fn();
    items[1]!.addEventListener('click', chosen);
    items[0]!.focus();
    rove(key('ArrowDown'), items, true);
    expect(chosen).toHaveBeenCalledOnce();
    const tab = key('Tab');
    rove(tab, items, true);
    expect(tab.defaultPrevented).toBe(false);
  });
});
