// newsgraph web UI: small progressive enhancements over server-rendered,
// readable-without-JavaScript pages. Never builds HTML from strings: only
// classes, attributes, focus and `textContent` are touched.

const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));

// Hovering or focusing an entity mention highlights all its mentions and its
// table row; the same for events.
function linkHighlights(attr) {
  const on = (id, flag) => {
    for (const el of $$(`[${attr}]`)) {
      if (el.getAttribute(attr) === id) el.classList.toggle('hl', flag);
    }
  };
  for (const el of $$(`.doctext [${attr}], .tables tr[${attr}]`)) {
    const id = el.getAttribute(attr);
    el.addEventListener('mouseenter', () => on(id, true));
    el.addEventListener('mouseleave', () => on(id, false));
    el.addEventListener('focus', () => on(id, true));
    el.addEventListener('blur', () => on(id, false));
  }
}

// Keyboard: j / k move through the visible annotations, 1–4 toggle the
// layers, / focuses the search box, ? opens the shortcuts dialog.
function keyboard() {
  const toggles = ['tg-ent', 'tg-tx', 'tg-q', 'tg-ev'];
  document.addEventListener('keydown', (ev) => {
    const t = ev.target;
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (t instanceof HTMLElement && t.closest('input, textarea, select, [contenteditable]')) return;
    if (ev.key === 'j' || ev.key === 'k') {
      const marks = $$('.doctext .ann').filter((m) => m.offsetParent !== null && m.tabIndex >= 0 || m.tagName === 'A');
      if (!marks.length) return;
      const i = marks.indexOf(document.activeElement);
      const next = ev.key === 'j' ? (i + 1) % marks.length : (i <= 0 ? marks.length - 1 : i - 1);
      marks[next].focus();
      ev.preventDefault();
    } else if (/^[1-4]$/.test(ev.key)) {
      const box = document.getElementById(toggles[Number(ev.key) - 1]);
      if (box) { box.checked = !box.checked; ev.preventDefault(); }
    } else if (ev.key === '/') {
      const q = document.querySelector('input[type=search]');
      if (q) { q.focus(); ev.preventDefault(); }
    } else if (ev.key === '?') {
      const d = document.getElementById('keys');
      if (d && typeof d.showModal === 'function') { d.showModal(); ev.preventDefault(); }
    }
  });
}

// "Fill in an example" on the analyze page: the example text comes from a
// data attribute written (escaped) by the server.
function example() {
  const b = document.getElementById('example');
  const ta = document.getElementById('text');
  if (!b || !ta) return;
  b.addEventListener('click', () => {
    ta.value = b.dataset.exampleFr || '';
    const pub = document.querySelector('input[name=published]');
    if (pub && !pub.value) pub.value = '2024-03-14';
    ta.focus();
  });
}

linkHighlights('data-ent');
linkHighlights('data-ev');
keyboard();
example();
document.documentElement.classList.add('js');
