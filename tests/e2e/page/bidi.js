// User text with a bidi control (the demo has a name ending in U+202E RIGHT-TO-LEFT
// OVERRIDE) must sit in its own isolate: an element with dir="auto" or a <bdi>, which
// nothing after it shares. Otherwise the override reorders the app's own text that
// follows ("Override ‮txt.exe · Acme" reads backwards). Returns the text left unisolated.
const CONTROLS = /[\u202A-\u202E\u2066-\u2069]/;
const ISOLATING = new Set(['isolate', 'isolate-override', 'plaintext']);
const problems = [];
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let node = walker.nextNode(); node; node = walker.nextNode()) {
  if (!CONTROLS.test(node.data)) continue;
  let isolate = node.parentElement;
  while (isolate && !ISOLATING.has(getComputedStyle(isolate).unicodeBidi)) isolate = isolate.parentElement;
  const after = isolate ? document.createRange() : null;
  if (after) {
    after.setStart(node, node.length);
    after.setEnd(isolate, isolate.childNodes.length);
  }
  const trailing = after ? after.toString().trim() : '(no isolate at all)';
  if (trailing) {
    const where = node.parentElement.closest('[data-testid], [aria-label], section, main, dialog');
    problems.push(`${JSON.stringify(node.data.trim())} in ${where ? where.tagName.toLowerCase() + (where.dataset.testid ? `[${where.dataset.testid}]` : '') : 'the page'} is followed by ${JSON.stringify(trailing.slice(0, 40))}`);
  }
}
return problems;
