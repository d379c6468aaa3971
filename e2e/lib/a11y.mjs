// Accessibility checks cheap enough to run on every main page: axe-core's
// WCAG 2.1 A and AA rules, and the page's own promises checked directly
// (every control named, the badge named, the live regions live, text
// contrast), each problem returned as one readable line.

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let axeSource;

/**
 * knownIssues are violations reported to the pages' authors and not yet
 * fixed: each is left out of the failures but printed on every run, and
 * a run that no longer sees one says so, so the entry gets removed.
 */
export const knownIssues = [];

/**
 * axeViolations runs axe-core's WCAG 2.0/2.1 A and AA rules on the page
 * and returns one line per violating element. The pages' content security
 * policy forbids inline scripts, so axe is evaluated through the DevTools
 * protocol, which the policy does not govern, rather than injected.
 */
export async function axeViolations(page) {
  axeSource ??= await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    await page.evaluate(axeSource);
  }
  const violations = await page.evaluate(async () => {
    const r = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    });
    return r.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  });
  return violations.flatMap((v) => v.nodes.map((n) => {
    const known = knownIssues.find((k) => k.rule === v.id && k.target.test(n));
    if (known) known.seen = (known.seen || 0) + 1;
    return known ? null : `axe ${v.id} (${v.help}): ${n}`;
  })).filter(Boolean);
}

/**
 * ownChecks checks what the issue asks of every page, without axe: the
 * page has a language; every visible input, select and textarea has a
 * label or an aria-label; every button and link has a name; ids are
 * unique (a duplicate breaks label for=); every Enterprise badge is an
 * image named "Enterprise client"; the regions that show live warnings
 * and messages are live; and visible text contrasts with its background
 * by at least 4.5:1 (3:1 for large text).
 */
export async function ownChecks(page) {
  return page.evaluate(() => {
    const problems = [];
    const describe = (el) => {
      let s = el.tagName.toLowerCase();
      if (el.id) s += `#${el.id}`;
      else if (el.className && typeof el.className === 'string') s += `.${el.className.trim().split(/\s+/).join('.')}`;
      if (el.getAttribute('name')) s += `[name=${el.getAttribute('name')}]`;
      return s;
    };
    const visible = (el) => {
      const r = el.getBoundingClientRect();
      const st = getComputedStyle(el);
      return r.width > 0 && r.height > 0 && st.visibility !== 'hidden' && st.display !== 'none';
    };
    const labelledBy = (el) =>
      (el.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean)
        .map((id) => document.getElementById(id)?.textContent || '').join(' ').trim();
    const nameOf = (el) =>
      (el.getAttribute('aria-label') || '').trim() ||
      labelledBy(el) ||
      [...(el.labels || [])].map((l) => l.textContent).join(' ').trim() ||
      (el.getAttribute('title') || '').trim();

    if (!document.documentElement.lang) problems.push('html has no lang');

    for (const el of document.querySelectorAll('input:not([type=hidden]), select, textarea')) {
      if (!nameOf(el)) problems.push(`control without a label: ${describe(el)}`);
    }
    for (const el of document.querySelectorAll('button, a[href], summary')) {
      if (!visible(el)) continue;
      const name = (el.getAttribute('aria-label') || '').trim() || labelledBy(el) || el.innerText.trim() || (el.getAttribute('title') || '').trim();
      if (!name) problems.push(`${el.tagName.toLowerCase()} without a name: ${describe(el)}`);
    }
    const seen = new Map();
    for (const el of document.querySelectorAll('[id]')) {
      if (seen.has(el.id)) problems.push(`duplicate id: #${el.id}`);
      seen.set(el.id, el);
    }
    for (const el of document.querySelectorAll('.badge-enterprise')) {
      if (el.getAttribute('role') !== 'img' || el.getAttribute('aria-label') !== 'Enterprise client') {
        problems.push(`badge without role=img and aria-label="Enterprise client": ${el.outerHTML.slice(0, 120)}`);
      }
    }
    for (const el of document.querySelectorAll('.check-region')) {
      if (!el.getAttribute('aria-live')) problems.push(`live warning region without aria-live: ${describe(el)}`);
    }
    for (const el of document.querySelectorAll('.check-refused, .check-error')) {
      if (el.getAttribute('role') !== 'alert') problems.push(`refusal not an alert: ${describe(el)}`);
    }
    const liveError = document.getElementById('live-error');
    if (!liveError || !liveError.getAttribute('aria-live')) problems.push('#live-error missing or without aria-live');
    // The thread's messages are a live log: #messages itself or, so that
    // the list keeps its list semantics, a wrapper around it.
    const messages = document.getElementById('messages');
    const log = messages?.closest('[role=log]');
    if (messages && (!log || !log.getAttribute('aria-live'))) problems.push('#messages is not in a live log');

    // Contrast, WCAG 2.1 1.4.3: relative luminance of sRGB colours, the
    // background found by compositing the ancestors' backgrounds.
    const parse = (c) => {
      const m = /rgba?\(([^)]+)\)/.exec(c);
      if (!m) return null;
      const [r, g, b, a = 1] = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
      return { r, g, b, a };
    };
    const over = (top, bottom) => ({
      r: top.r * top.a + bottom.r * (1 - top.a),
      g: top.g * top.a + bottom.g * (1 - top.a),
      b: top.b * top.a + bottom.b * (1 - top.a),
      a: 1,
    });
    const background = (el) => {
      const layers = [];
      for (let e = el; e; e = e.parentElement) {
        const c = parse(getComputedStyle(e).backgroundColor);
        if (c && c.a > 0) {
          layers.push(c);
          if (c.a >= 1) break;
        }
      }
      let bg = { r: 255, g: 255, b: 255, a: 1 };
      for (const c of layers.reverse()) bg = over(c, bg);
      return bg;
    };
    const lum = ({ r, g, b }) => {
      const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
    for (const el of document.querySelectorAll('body *')) {
      if (!visible(el) || el.closest('.visually-hidden, .skip-link')) continue;
      const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
      if (!own) continue;
      const st = getComputedStyle(el);
      const fg = parse(st.color);
      if (!fg) continue;
      const bg = background(el);
      const r = ratio(over(fg, bg), bg);
      const size = parseFloat(st.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(st.fontWeight) >= 700);
      if (r < (large ? 3 : 4.5)) problems.push(`contrast ${r.toFixed(2)}:1 of ${st.color} on rgb(${bg.r}, ${bg.g}, ${bg.b}): ${describe(el)} "${el.textContent.trim().slice(0, 40)}"`);
    }
    return problems;
  });
}

/**
 * tabTo presses Tab, on a page just loaded, until the element matching
 * selector has the focus, and returns how many presses it took; it
 * throws after max presses.
 */
export async function tabTo(page, selector, max = 80) {
  await page.evaluate(() => { document.activeElement?.blur(); window.scrollTo(0, 0); });
  for (let i = 1; i <= max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector)) return i;
  }
  throw new Error(`Tab did not reach ${selector} in ${max} presses`);
}
