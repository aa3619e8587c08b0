// The whole journey in a real browser, as one path: a place → what applies there → the Vergunningcheck → "Teken uw
// plan" → the droog-oefenen report → saved and reopened by its link. On the imported fixtures (Stationsplein's 7 m
// bouwvlak, Gemeentestad's toepasbare regels) and on the built-in demo municipality (address search). Every page
// passes axe WCAG 2.1 AA, nothing loads from outside, and screenshots are kept as artifacts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, openPage, checked } from './lib.mjs';

const DEMO = process.env.STIP_DEMO_URL;
const WONEN_7M = { x: '51637.34', y: '390864.23' };

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/// Presses Tab until the focused element satisfies `matches` (evaluated in the page), at most `max` times.
async function tabTo(page, matches, arg, max = 80) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(matches, arg)) return;
  }
  throw new Error(`Tab never reached ${matches} ${arg ?? ''}`);
}

/// Types into the field with this id, reached by keyboard.
async function typeInto(page, id, text) {
  await tabTo(page, (i) => document.activeElement?.id === i, id);
  await page.keyboard.type(text);
}

/// Follows the link with this text by keyboard: Tab until it has focus, then Enter.
async function followLink(page, text, url) {
  await tabTo(page, (t) => document.activeElement?.tagName === 'A' && document.activeElement.textContent.trim() === t, text);
  await Promise.all([page.waitForURL(url), page.keyboard.press('Enter')]);
}

/// Presses Enter on the submit button of the form that posts or gets to `action`, reached by Tab.
async function submitForm(page, action, url) {
  await tabTo(page, (a) => document.activeElement?.type === 'submit' && document.activeElement.form?.getAttribute('action') === a, action);
  await Promise.all([page.waitForURL(url), page.keyboard.press('Enter')]);
}

/// Answers the Vergunningcheck's questions by keyboard (a number where one is asked, else the first option) until
/// the outcome.
async function answerUntilOutcome(page) {
  for (let i = 0; i < 12 && page.url().includes('/vergunningcheck/vraag'); i++) {
    const vorige = page.url();
    if (await page.$('input#antwoord')) {
      await typeInto(page, 'antwoord', '20');
    } else {
      await tabTo(page, () => document.activeElement?.type === 'radio');
      await page.keyboard.press('Space');
    }
    await submitForm(page, '/vergunningcheck/vraag', (u) => u.href !== vorige);
  }
  assert.match(page.url(), /\/vergunningcheck\/uitkomst\?/);
}

test('from a place to a saved droog-oefenen report by keyboard alone, every page passing axe', async (t) => {
  const page = await openPage(browser);
  await page.goto(`${BASE}/kaart`);
  // The place by its coordinates: open "of vul coördinaten in", type x and y, Enter.
  await tabTo(page, () => document.activeElement?.tagName === 'SUMMARY');
  await page.keyboard.press('Enter');
  await typeInto(page, 'x', WONEN_7M.x);
  await typeInto(page, 'y', WONEN_7M.y);
  await Promise.all([page.waitForURL(/\/kaart\?x=/), page.keyboard.press('Enter')]);
  if (!(await page.textContent('main')).includes('7 meter')) { t.skip('no imported Stationsplein plan in this run'); return; }
  await checked(page, 'reis-1-wat-geldt-hier');
  assert.equal(await page.getAttribute('[aria-current=step]', 'class'), 'stip-stappen__stap stip-stappen__stap--nu');

  // What do you want to do? → the Vergunningcheck for this place, one activity chosen.
  await followLink(page, 'Doe de vergunningcheck voor deze plek', /\/vergunningcheck\?x=/);
  await checked(page, 'reis-2-wat-wilt-u-doen');
  await tabTo(page, () => document.activeElement?.labels?.[0]?.textContent === 'Kappen van een boom');
  await page.keyboard.press('Space');
  await submitForm(page, '/vergunningcheck/vraag', /\/vergunningcheck\/(vraag|uitkomst)\?/);
  await answerUntilOutcome(page);
  await checked(page, 'reis-3-vergunningcheck-uitkomst');

  // Draw the plan: a 2 × 2 m rectangle at the place, 8 m high — typed.
  await followLink(page, 'Teken uw plan en kijk of het past', /\/plancheck\?/);
  await checked(page, 'reis-4-teken-uw-plan');
  assert.equal(await page.inputValue('#x'), WONEN_7M.x, 'the place comes along');
  assert.ok(await page.$('input[type=hidden][name=activiteit]'), 'the Vergunningcheck answers come along');
  await typeInto(page, 'breedte', '2');
  await typeInto(page, 'diepte', '2');
  await typeInto(page, 'bouwhoogte', '8');
  await typeInto(page, 'goothoogte', '3');
  await submitForm(page, '/droog-oefenen', /\/droog-oefenen$/);

  // The report: the verdict in words and per rule, what applies here, the Vergunningcheck's outcome.
  const verslag = await page.textContent('main');
  assert.match(verslag, /Uw plan past niet helemaal\./);
  assert.match(verslag, /Het is 1 meter te hoog\./);
  assert.match(verslag, /Kappen van een boom:/);
  assert.match(verslag, /Hoe gaat het verder\?/, 'the steps that follow are explained');
  await checked(page, 'reis-5-verslag');

  // Save it and open it again by its link, as someone it was shared with would.
  await submitForm(page, '/verslag', /\/verslag\/[0-9a-f]{64}$/);
  await checked(page, 'reis-6-verslag-bewaard');
  const link = await page.inputValue('#deel-link');
  assert.equal(link, page.url());
  const ander = await openPage(browser);
  await ander.goto(link);
  assert.match(await ander.textContent('main'), /Het is 1 meter te hoog\./);

  // A link with one character changed: a plain page that says so, not an error.
  const kapot = link.replace(/.$/, (c) => (c === '0' ? '1' : '0'));
  const response = await ander.goto(kapot);
  assert.equal(response.status(), 404);
  await checked(ander, 'reis-7-verslag-onbekend');
});

test('a plan drawn on the map with the mouse is checked like a typed one', async (t) => {
  const page = await openPage(browser);
  await page.goto(`${BASE}/plancheck?x=${WONEN_7M.x}&y=${WONEN_7M.y}`);
  const kaart = await page.$('#plan-kaart');
  if (!kaart) { t.skip('no imported plan in this run'); return; }
  await page.waitForSelector('#plan-kaart canvas.maplibregl-canvas', { timeout: 15000 });
  await page.waitForFunction(() => document.getElementById('teken-status')?.textContent !== '');
  await kaart.scrollIntoViewIfNeeded();
  const box = await kaart.boundingBox();
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  // Corners a moment apart, so that two clicks are never read as a double click (which zooms).
  for (const [dx, dy] of [[-15, -15], [15, -15], [15, 15], [-15, 15]]) {
    await page.mouse.click(cx + dx, cy + dy);
    await page.waitForTimeout(400);
  }
  assert.equal(await page.textContent('#teken-status'), 'Aantal hoeken: 4');
  await page.click('#teken-klaar');
  assert.equal(await page.isChecked('#bron-tekening'), true, 'drawing chooses itself as the source');
  const geometrie = JSON.parse(await page.inputValue('#geometrie'));
  assert.equal(geometrie.type, 'Polygon');
  assert.equal(geometrie.coordinates[0].length, 5);
  assert.equal(await page.inputValue('#crs'), 'EPSG:4326');
  await page.fill('#bouwhoogte', '6');
  await Promise.all([page.waitForURL(/\/droog-oefenen$/), page.click('main form button[type=submit]')]);
  const verslag = await page.textContent('main');
  assert.match(verslag, /Past uw plan\?/);
  assert.doesNotMatch(verslag, /te hoog/, '6 m in a 7 m area is not too high');
  await page.waitForSelector('#verslag-kaart canvas.maplibregl-canvas', { timeout: 15000 });
  await checked(page, 'reis-getekend-verslag-3d');
});

test('on the demo municipality an address leads through the same journey', async (t) => {
  assert.ok(DEMO, 'STIP_DEMO_URL names the stip that serves the demo');
  const page = await openPage(browser, DEMO);
  await page.goto(`${DEMO}/kaart`);
  await page.fill('#adres', 'Dorpsstraat 12');
  await Promise.all([page.waitForURL(/\/kaart\?adres=/), page.click('main form button[type=submit] >> nth=0')]);
  const regels = await page.textContent('main');
  assert.match(regels, /10 meter/, 'the demo centre allows 10 m');
  await checked(page, 'demo-1-wat-geldt-hier');
  await Promise.all([page.waitForURL(/\/plancheck\?/), page.click('text=Teken uw plan en kijk of het past')]);
  await page.fill('#breedte', '3');
  await page.fill('#diepte', '3');
  await page.fill('#bouwhoogte', '9');
  await Promise.all([page.waitForURL(/\/droog-oefenen$/), page.click('main form button[type=submit]')]);
  assert.doesNotMatch(await page.textContent('main'), /te hoog/);
  await checked(page, 'demo-2-verslag');
});

test('the first page weighs under 500 kB as the browser receives it, without the map library', async () => {
  const page = await openPage(browser);
  await page.goto(`${BASE}/`, { waitUntil: 'load' });
  const gewicht = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const bronnen = performance.getEntriesByType('resource').filter((r) => !r.name.includes('/maplibre/'));
    return { totaal: nav.encodedBodySize + bronnen.reduce((som, r) => som + r.encodedBodySize, 0), bronnen: bronnen.length };
  });
  console.log(`first page: ${(gewicht.totaal / 1024).toFixed(1)} kB in ${gewicht.bronnen + 1} requests`);
  assert.ok(gewicht.bronnen >= 3, 'the page and its style sheets are counted');
  assert.ok(gewicht.totaal <= 500 * 1024, `the first page weighs ${gewicht.totaal} bytes`);
});

test('a GeoJSON file chosen on the plan page is read into the form and checked', async (t) => {
  const page = await openPage(browser);
  await page.goto(`${BASE}/plancheck?x=${WONEN_7M.x}&y=${WONEN_7M.y}`);
  if (!(await page.$('#plan-kaart'))) { t.skip('no imported plan in this run'); return; }
  const [x, y] = [Number(WONEN_7M.x), Number(WONEN_7M.y)];
  const vierkant = { type: 'Polygon', coordinates: [[[x - 1, y - 1], [x + 1, y - 1], [x + 1, y + 1], [x - 1, y + 1], [x - 1, y - 1]]] };
  await page.setInputFiles('#geojson-bestand', { name: 'aanbouw.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(JSON.stringify(vierkant)) });
  await page.waitForFunction(() => document.getElementById('geojson-bestand-status').textContent.startsWith('aanbouw.geojson'));
  assert.equal(await page.isChecked('#bron-geojson'), true);
  await page.fill('#bouwhoogte', '8');
  await Promise.all([page.waitForURL(/\/droog-oefenen$/), page.click('main form button[type=submit]')]);
  assert.match(await page.textContent('main'), /Het is 1 meter te hoog\./);
});
