// Where the keyboard focus is and whether a person can see it: null when it is on screen
// with a visible indicator (an outline of 2 px or more, or a ring drawn as a box shadow),
// else why not. A listbox's indicator is on its active option (aria-activedescendant).
const focused = document.activeElement;
if (!focused || focused === document.body) return 'nothing has focus (it fell to the page)';
const id = focused.getAttribute('aria-activedescendant');
const shown = (id && document.getElementById(id)) || focused;
const label = `${shown.tagName.toLowerCase()} "${(shown.getAttribute('aria-label') || shown.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 40)}"`;
const box = shown.getBoundingClientRect();
if (box.width < 1 || box.height < 1) return `the focus is on ${label}, which is not displayed`;
if (box.bottom <= 0 || box.top >= innerHeight || box.right <= 0 || box.left >= innerWidth) return `the focus is on ${label}, off screen`;
const marked = (element) => {
  const style = getComputedStyle(element);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
  return outline || (style.boxShadow !== 'none' && style.boxShadow !== '');
};
return marked(focused) || marked(shown) ? null : `the focus is on ${label}, with no visible indicator`;
