// The Vergunningcheck in a real browser: every page of the flow passes axe WCAG 2.1 AA, a keyboard alone walks one
// check from the start page to the summary, a wrong answer is explained beside its field, nothing loads from outside.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, openPage, axeViolations, screenshot } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/// Presses Tab until the focused element satisfies `matches` (evaluated in the page), at most `max` times.
async function tabTo(page, matches, max = 40) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(matches)) return;
  }
  throw new Error(`Tab never reached ${matches}`);
}

async function checkedAxe(page, name) {
  await screenshot(page, name);
  assert.deepEqual(await axeViolations(page), [], name);
  assert.deepEqual(page.externalRequests, [], name);
}

/// The imported fixtures hold "Kappen van een boom"; without them there is nothing to check.
async function startOrSkip(t, page, url = '/vergunningcheck') {
  const response = await page.goto(BASE + url);
  assert.equal(response.status(), 200);
  if (!(await page.textContent('main')).includes('Kappen van een boom')) {
    t.skip('no imported toepasbare regels in this run');
    return false;
  }
  return true;
}

test('a keyboard alone walks a check from the start page to the summary, and every page passes axe', async (t) => {
  const page = await openPage(browser);
  if (!(await startOrSkip(t, page))) return;
  assert.equal(await page.getAttribute('html', 'lang'), 'nl');
  await checkedAxe(page, 'vergunningcheck-start');

  // Choose "Kappen van een boom" with Space, then start with Enter on the button.
  await tabTo(page, () => document.activeElement?.labels?.[0]?.textContent === 'Kappen van een boom');
  await page.keyboard.press('Space');
  await tabTo(page, () => document.activeElement?.type === 'submit');
  await Promise.all([page.waitForURL(/\/vergunningcheck\/vraag\?/), page.keyboard.press('Enter')]);

  // Question 1: a number, typed.
  assert.match(await page.textContent('h1'), /stamomtrek van de boom/);
  await checkedAxe(page, 'vergunningcheck-vraag-getal');
  await tabTo(page, () => document.activeElement?.id === 'antwoord');
  await page.keyboard.type('80');
  await Promise.all([page.waitForURL(/UitvId0001=80/), page.keyboard.press('Enter')]);

  // Questions 2-4: ja / nee as radio buttons in a fieldset; Space picks the first, an arrow the next.
  for (const [i, key] of ['Space', 'ArrowDown', 'ArrowDown'].entries()) {
    assert.ok(await page.$('fieldset legend h1'), 'the question is the legend of its radio group');
    if (i === 0) await checkedAxe(page, 'vergunningcheck-vraag-ja-nee');
    await tabTo(page, () => document.activeElement?.type === 'radio');
    await page.keyboard.press(key);
    await tabTo(page, () => document.activeElement?.type === 'submit');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  }

  // The summary: its own address, the conclusion in plain words, the action list, fit to print.
  await page.waitForURL(/\/vergunningcheck\/uitkomst\?/);
  const main = await page.textContent('main');
  assert.match(main, /U hebt een omgevingsvergunning nodig\./);
  assert.match(main, /Situatieschets/);
  assert.match(main, /Beslistermijn 8 weken/);
  await checkedAxe(page, 'vergunningcheck-uitkomst');
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('header')).display), 'none');
  await screenshot(page, 'vergunningcheck-uitkomst-print');
  await page.emulateMedia({ media: 'screen' });

  // Back in the browser keeps the answers: the last question again.
  await page.goBack();
  assert.match(await page.textContent('h1'), /Algemene plaatselijke verordening/);
  await page.close();
});

test('a wrong answer is explained beside its field, linked from the alert, and the page passes axe', async (t) => {
  const page = await openPage(browser);
  if (!(await startOrSkip(t, page))) return;
  await page.check('text=Kappen van een boom');
  await Promise.all([page.waitForURL(/vraag/), page.click('form[action="/vergunningcheck/vraag"] button[type=submit]')]);
  await page.fill('#antwoord', 'heel dik');
  const [response] = await Promise.all([page.waitForNavigation(), page.press('#antwoord', 'Enter')]);
  assert.equal(response.status(), 400);
  assert.equal(await page.getAttribute('#antwoord', 'aria-invalid'), 'true');
  assert.match(await page.getAttribute('#antwoord', 'aria-describedby'), /fout-antwoord/);
  assert.match(await page.textContent('#fout-antwoord'), /een getal in/);
  assert.match(await page.textContent('[role=alert]'), /een getal in/);
  await checkedAxe(page, 'vergunningcheck-fout');
  await page.close();
});

test('the start page in English passes axe, and no choice is explained in place', async (t) => {
  const page = await openPage(browser);
  if (!(await startOrSkip(t, page, '/vergunningcheck?lang=en'))) return;
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await checkedAxe(page, 'vergunningcheck-start-en');
  const [response] = await Promise.all([page.waitForNavigation(), page.click('form[action="/vergunningcheck/vraag"] button[type=submit]')]);
  assert.equal(response.status(), 400);
  assert.match(await page.textContent('#fout-activiteit'), /Choose at least one activity/);
  await checkedAxe(page, 'vergunningcheck-start-fout');
  await page.close();
});
