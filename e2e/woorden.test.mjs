// What a person sees on the demo, in a real browser: the map page on a phone (390 px) with a compact header, the
// answer before a smaller map that lets one finger scroll the page, a legend, and street names and house numbers on
// the map; the plan rectangle dragged on the map moves the fields that place it. Every page passes axe.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, checked } from './lib.mjs';

const DEMO = process.env.STIP_DEMO_URL;

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('on a phone the map page shows the answer first, a compact header and a map that lets the page scroll', async () => {
  assert.ok(DEMO, 'STIP_DEMO_URL names the stip that serves the demo');
  const page = await openPage(browser, DEMO);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${DEMO}/kaart?adres=Dorpsstraat+12`);
  const kop = await page.$eval('header', (h) => h.getBoundingClientRect().height);
  assert.ok(kop <= 130, `the header takes ${kop}px of 844 (at most two lines and the accent)`);
  const antwoord = await page.$eval('#antwoord-titel', (h) => h.getBoundingClientRect().top + window.scrollY);
  const kaart = await page.$eval('#kaart', (k) => k.getBoundingClientRect().top + window.scrollY);
  assert.ok(antwoord < kaart, 'the answer comes before the map');
  const hoog = await page.$eval('#kaart', (k) => k.getBoundingClientRect().height);
  assert.ok(hoog <= 844 * 0.4, `the map is ${hoog}px high on a phone`);
  await page.waitForSelector('#kaart canvas.maplibregl-canvas', { timeout: 15000 });
  assert.equal(await page.$eval('#kaart', (k) => k.querySelector('.maplibregl-cooperative-gesture-screen') !== null), true,
    'one finger on the map scrolls the page; two move the map');
  assert.match(await page.textContent('#kaart-legenda'), /Rode stip: de plek die u koos/);
  await checked(page, 'woorden-kaart-telefoon');
  await page.close();
});

test('the map labels the streets and house numbers from the BAG around the address', async () => {
  assert.ok(DEMO, 'STIP_DEMO_URL names the stip that serves the demo');
  const page = await openPage(browser, DEMO);
  await page.goto(`${DEMO}/kaart?adres=Dorpsstraat+12`);
  await page.waitForSelector('.stip-kaartlabel--nummer', { timeout: 15000 });
  const straten = await page.$$eval('.stip-kaartlabel--straat', (l) => l.map((e) => e.textContent));
  const nummers = await page.$$eval('.stip-kaartlabel--nummer', (l) => l.map((e) => e.textContent));
  assert.ok(straten.includes('Dorpsstraat'), `street labels: ${straten}`);
  assert.ok(nummers.includes('12'), `house numbers: ${nummers}`);
  await checked(page, 'woorden-kaart-labels');
  await page.close();
});

test('the plan rectangle starts from the check, and dragging it on the map moves the fields that place it', async () => {
  assert.ok(DEMO, 'STIP_DEMO_URL names the stip that serves the demo');
  const page = await openPage(browser, DEMO);
  await page.goto(`${DEMO}/kaart?adres=Dorpsstraat+12`);
  await Promise.all([page.waitForURL(/\/plancheck\?/), page.click('text=Teken uw plan en kijk of het past')]);
  await page.fill('#breedte', '6');
  await page.fill('#diepte', '6');
  await page.waitForSelector('#plan-kaart canvas.maplibregl-canvas', { timeout: 15000 });
  await page.waitForFunction(() => document.getElementById('teken-status')?.textContent !== '');
  const kaart = await page.$('#plan-kaart');
  await kaart.scrollIntoViewIfNeeded();
  const box = await kaart.boundingBox();
  const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  await page.mouse.move(cx + 40, cy - 30, { steps: 8 });
  await page.mouse.up();
  const oost = Number(await page.inputValue('#oost'));
  const noord = Number(await page.inputValue('#noord'));
  assert.ok(oost > 1, `dragged east: ${oost} m`);
  assert.ok(noord > 1, `dragged north: ${noord} m`);
  assert.equal(await page.textContent('#teken-status'), 'Aantal hoeken: 0', 'dragging did not start a drawing');
  await page.fill('#draaiing', '20');
  await page.fill('#bouwhoogte', '3');
  await Promise.all([page.waitForURL(/\/droog-oefenen$/), page.click('main form button[type=submit]')]);
  assert.match(await page.textContent('main'), /Past uw plan\?/);
  await checked(page, 'woorden-plan-verschoven');
  await page.close();
});
