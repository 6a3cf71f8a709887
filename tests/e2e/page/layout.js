// The layout problems on the page as it is now, as sentences (none: an empty list).
// Run by tests/e2e/accessibility.rs at each window size.
//
// - An action (button, link, field, tab) lies outside the window or outside the box that
//   clips it, where nothing can scroll it into view: off screen.
// - A primary action (the app's `.primary` button: Save, Add, New contact…) is not wholly
//   in view, even where scrolling would reach it.
// - A column header's text is wider than its cell, or two headers overlap: a clipped column.
// - The page itself scrolls sideways.
const problems = [];
const width = innerWidth;
const height = innerHeight;

const describe = (element) => {
  const text = (element.getAttribute('aria-label') || element.textContent || element.getAttribute('data-testid') || '')
    .trim()
    .replace(/\s+/g, ' ')
    .slice(0, 40);
  return `${element.tagName.toLowerCase()} "${text}"`;
};

const shown = (element) => {
  const style = getComputedStyle(element);
  const box = element.getBoundingClientRect();
  return (
    style.visibility !== 'hidden' &&
    style.display !== 'none' &&
    box.width > 1 &&
    box.height > 1 &&
    !element.closest('[hidden], [inert], .visually-hidden')
  );
};

const scrollable = (overflow) => overflow === 'auto' || overflow === 'scroll';

/** The nearest ancestor that clips its content, or null for the window. */
const clipperOf = (element) => {
  for (let parent = element.parentElement; parent; parent = parent.parentElement) {
    const style = getComputedStyle(parent);
    if (style.overflowX !== 'visible' || style.overflowY !== 'visible') return parent;
  }
  return null;
};

/** Inside a modal dialog, only the dialog counts; otherwise everything not behind one. */
const openDialog = document.querySelector('dialog[open]');
const inScope = (element) => (openDialog ? openDialog.contains(element) : true);

if (document.documentElement.scrollWidth > width + 1) {
  problems.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} px in a ${width} px window`);
}

for (const action of document.querySelectorAll('button, a[href], input:not([type=hidden]), select, textarea, [role=tab]')) {
  if (!inScope(action) || !shown(action) || action.classList.contains('skip-link')) continue;
  const box = action.getBoundingClientRect();
  const clipper = clipperOf(action);
  const frame = clipper ? clipper.getBoundingClientRect() : { left: 0, top: 0, right: width, bottom: height };
  const style = clipper ? getComputedStyle(clipper) : null;
  const left = Math.max(frame.left, 0);
  const right = Math.min(frame.right, width);
  const bottom = Math.min(frame.bottom, height);
  if ((box.right > right + 1 || box.left < left - 1) && !(style && scrollable(style.overflowX))) {
    problems.push(`${describe(action)} is off screen sideways (${Math.round(box.left)}–${Math.round(box.right)} px, visible ${Math.round(left)}–${Math.round(right)} px)`);
  }
  if (box.bottom > bottom + 1 && !(style && scrollable(style.overflowY))) {
    problems.push(`${describe(action)} is off screen below (${Math.round(box.bottom)} px, visible to ${Math.round(bottom)} px)`);
  }
  if (action.classList.contains('primary') && (box.bottom > bottom + 1 || box.right > right + 1 || box.left < left - 1 || box.top < Math.max(frame.top, 0) - 1)) {
    problems.push(`the primary action ${describe(action)} is not in view without scrolling`);
  }
}

for (const header of document.querySelectorAll('th, [role=columnheader]')) {
  if (!inScope(header) || !shown(header)) continue;
  if (header.scrollWidth > header.clientWidth + 1) {
    problems.push(`column ${describe(header)} is clipped (${header.scrollWidth} px of text in ${header.clientWidth} px)`);
  }
  const box = header.getBoundingClientRect();
  const next = header.nextElementSibling;
  if (next && shown(next) && next.getBoundingClientRect().left < box.right - 1) {
    problems.push(`columns ${describe(header)} and ${describe(next)} overlap`);
  }
}

return problems;
