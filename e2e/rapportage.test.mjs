// Reports in a real browser, on the demo municipality with its demo accounts. A granted permit of Ilse's is made over
// the API; then the board member reads the quarter's figures with their charts and tables, opens the cases behind a
// figure, the capacity view with the forecast and its error, downloads the council PDF and a CSV, and imports another
// municipality's open data to compare side by side; Ilse and the neighbour are refused. Every page passes axe WCAG
// 2.1 AA and loads nothing from outside.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, inloggen, verstuur, demoVergunning, checked } from './lib.mjs';

const DEMO = process.env.STIP_DEMO_URL;

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('the board reads the report, the capacity view and the comparison; applicants and neighbours are refused', async () => {
  assert.ok(DEMO, 'STIP_DEMO_URL names the stip that serves the demo');
  const zaak = await demoVergunning();

  const bestuur = await inloggen(browser, 'bestuur@voorbeeldstad.example');
  await bestuur.goto(`${DEMO}/backoffice/rapportage`);
  const main = await bestuur.textContent('main');
  assert.match(main, /Besluiten genomen/);
  assert.ok(await bestuur.$('svg[role=img] desc'), 'a chart with its description');
  await checked(bestuur, 'rapportage-1-cijfers');

  // The cases behind "Besluiten genomen": Ilse's permit is one of them.
  await Promise.all([bestuur.waitForLoadState('load'), bestuur.click('tr[data-figuur=besloten] a')]);
  assert.ok(await bestuur.$(`a[href="/backoffice/zaken/${zaak}"]`), 'the permit is behind the figure');
  await checked(bestuur, 'rapportage-2-zaken');

  // The council PDF and a CSV of every figure.
  await bestuur.goto(`${DEMO}/backoffice/rapportage`);
  const pdf = await bestuur.request.get(`${DEMO}${await bestuur.getAttribute('a[href^="/backoffice/rapportage/raad.pdf"]', 'href')}`);
  assert.equal(pdf.status(), 200);
  assert.ok((await pdf.body()).subarray(0, 5).equals(Buffer.from('%PDF-')), 'the council report is a PDF');
  const csv = await bestuur.request.get(`${DEMO}${await bestuur.getAttribute('a[href*="export.csv?tabel=kpi"]', 'href')}`);
  assert.equal(csv.status(), 200);
  assert.match(await csv.text(), /^figuur;omschrijving;waarde/);

  // Capacity: open work, intake per week and the forecast with its error.
  await bestuur.goto(`${DEMO}/backoffice/bezetting`);
  assert.match(await bestuur.textContent('main'), /Aanvragen per week/);
  await checked(bestuur, 'rapportage-3-bezetting');

  // Gluren bij de buren: the own open data, imported as another municipality's, side by side.
  const eigen = await (await fetch(`${DEMO}/api/v1/open-data/kpi.json`)).json();
  const buren = { ...eigen, gemeente: 'gm0001', naam: 'Gemeente Buurdorp' };
  await bestuur.goto(`${DEMO}/backoffice/vergelijken`);
  await bestuur.setInputFiles('#bestand', { name: 'kpi.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(buren)) });
  await verstuur(bestuur, 'main form[enctype="multipart/form-data"] button[type=submit]');
  const vergelijk = await bestuur.textContent('main');
  assert.match(vergelijk, /Gemeente Buurdorp/);
  assert.match(vergelijk, /Gemeente Voorbeeldstad/);
  await checked(bestuur, 'rapportage-4-vergelijken');

  for (const wie of ['ilse@voorbeeldstad.example', 'buur@voorbeeldstad.example']) {
    const p = await inloggen(browser, wie);
    const r = await p.goto(`${DEMO}/backoffice/rapportage`);
    assert.equal(r.status(), 403, `${wie} may not read the report`);
    await p.close();
  }
});
