// Shared helpers of the browser checks: Debian's Chromium via playwright-core, axe-core for WCAG 2.1 AA.
import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const require = createRequire(import.meta.url);
export const BASE = process.env.STIP_URL ?? 'http://127.0.0.1:8080';
export const ARTIFACTS = process.env.STIP_ARTIFACTS ?? path.resolve('artifacts');
mkdirSync(ARTIFACTS, { recursive: true });

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/// Opens a page that refuses every request that would leave stip.
export async function openPage(browser, base = BASE) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const external = [];
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(base) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    external.push(url);
    return route.abort();
  });
  page.externalRequests = external;
  // What the Content-Security-Policy blocked: every page must work under it (the map included).
  const csp = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Content Security Policy/i.test(msg.text())) csp.push(msg.text());
  });
  page.cspViolations = csp;
  return page;
}

const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/// Runs axe with the WCAG 2.1 A and AA rules and returns the violations, summarised.
export async function axeViolations(page) {
  // Evaluated through the DevTools protocol, which stip's Content-Security-Policy (script-src 'self') does not
  // govern; a <script> tag would be refused, as it should be.
  await page.evaluate(axeSource);
  const result = await page.evaluate(() =>
    window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

export async function screenshot(page, name) {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}
