// Seedbed: small progressive enhancements. Every page works fully without this file.
// No inline styles or injected markup, so it runs under a strict Content Security Policy.
(() => {
  'use strict';

  // Move focus to the error summary so keyboard and screen-reader users land on it first.
  const summary = document.querySelector('[data-autofocus]');
  if (summary instanceof HTMLElement) summary.focus();

  // Ask before destructive actions; the server still does the real checking.
  document.addEventListener('submit', (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute('data-confirm')) return;
    if (!window.confirm(form.dataset.confirm || '')) event.preventDefault();
  });

  // Copy buttons: copy the text of the element named in data-copy, then say so briefly.
  // Pages may render them `hidden` so they only appear where copying can work.
  if (navigator.clipboard) {
    for (const button of document.querySelectorAll('button[data-copy][hidden]')) button.hidden = false;
  }
  document.addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest('button[data-copy]') : null;
    if (!button || !navigator.clipboard) return;
    event.preventDefault();
    const source = document.getElementById(button.dataset.copy || '');
    if (!source) return;
    const text = 'value' in source && typeof source.value === 'string' ? source.value : source.textContent;
    navigator.clipboard.writeText((text || '').trim()).then(
      () => {
        if (!button.dataset.copied) return;
        if (button.dataset.label === undefined) button.dataset.label = button.textContent || '';
        button.textContent = button.dataset.copied;
        clearTimeout(Number(button.dataset.timer));
        button.dataset.timer = String(
          setTimeout(() => {
            button.textContent = button.dataset.label || '';
          }, 2000),
        );
      },
      () => {
        // Clipboard refused (permissions, insecure origin): leave the text for manual copying.
      },
    );
  });
})();
