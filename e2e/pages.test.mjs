// The pages in a real browser: Dutch first, WCAG 2.1 AA by axe, usable by keyboard, nothing loaded from outside.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, openPage, axeViolations, screenshot } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

for (const [name, url, lang] of [
  ['home-nl', '/', 'nl'],
  ['home-en', '/?lang=en', 'en'],
  ['niet-gevonden', '/bestaat-niet', 'nl'],
]) {
  test(`the page ${url} passes axe WCAG 2.1 AA in ${lang} and loads nothing from outside`, async () => {
    const page = await openPage(browser);
    const response = await page.goto(BASE + url);
    assert.ok(response.status() === 200 || name === 'niet-gevonden', `status ${response.status()}`);
    assert.equal(await page.getAttribute('html', 'lang'), lang);
    await screenshot(page, name);
    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(page.externalRequests, []);
    await page.close();
  });
}

test('the first Tab reaches the skip link, and following it moves focus to the main content', async () => {
  const page = await openPage(browser);
  await page.goto(BASE + '/');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('href')), '#inhoud');
  assert.ok(await page.evaluate(() => document.activeElement.getBoundingClientRect().left >= 0), 'the focused skip link is visible');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'inhoud');
  await page.close();
});

test('the language switch is a link that a keyboard user can follow', async () => {
  const page = await openPage(browser);
  await page.goto(BASE + '/');
  await page.focus('a[hreflang="en"]');
  await page.keyboard.press('Enter');
  await page.waitForURL(/lang=en/);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await page.close();
});

test('the map page answers "what applies here" as text, draws the map, and passes axe', async (t) => {
  const page = await openPage(browser);
  // A place in the imported bestemmingsplan Stationsomgeving Zuid-Oost (Zutphen), bestemming Wonen.
  await page.goto(BASE + '/kaart?x=51637.34&y=390864.23');
  const text = await page.textContent('main');
  if (!text.includes('Wonen')) {
    t.skip('no imported fixture data in this run');
    return;
  }
  assert.match(text, /maximaal 7 meter hoog/);
  await page.waitForSelector('canvas.maplibregl-canvas', { timeout: 15000 });
  await page.waitForTimeout(1500);
  await screenshot(page, 'kaart-wonen');
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(page.externalRequests, []);
  // A click on the map asks for the rules at that place.
  await page.locator('#kaart').scrollIntoViewIfNeeded();
  const box = await page.locator('#kaart').boundingBox();
  await Promise.all([page.waitForURL(/\/kaart\?lon=/), page.mouse.click(box.x + box.width / 2 + 5, box.y + box.height / 2 + 5)]);
  assert.match(await page.textContent('main'), /Dit geldt op deze plek/);
  await page.close();
});

test('the map page explains a wrong place in plain Dutch and passes axe', async () => {
  const page = await openPage(browser);
  const response = await page.goto(BASE + '/kaart?x=1&y=2');
  assert.equal(response.status(), 400);
  assert.match(await page.textContent('[role=alert]'), /Deze plek kan stip niet vinden/);
  assert.deepEqual(await axeViolations(page), []);
  await page.close();
});

test('an address typed with the keyboard finds its place, and an unknown one gets a helpful page', async (t) => {
  const page = await openPage(browser);
  await page.goto(BASE + '/kaart');
  await page.focus('#adres');
  await page.keyboard.type('6981 CH 4');
  await Promise.all([page.waitForURL(/adres=/), page.keyboard.press('Enter')]);
  const main = await page.textContent('main');
  if (!main.includes('Gevonden adres')) {
    t.skip('no imported BAG addresses in this run');
    return;
  }
  assert.match(main, /6981 CH 4/);
  assert.match(main, /Dit geldt op deze plek/);
  assert.deepEqual(await axeViolations(page), []);
  const response = await page.goto(BASE + '/kaart?adres=1234+ZZ+1');
  assert.equal(response.status(), 404);
  assert.match(await page.textContent('[role=alert]'), /Dit adres kent stip niet/);
  assert.deepEqual(await axeViolations(page), []);
  await page.close();
});
