// "Teken uw plan" and the droog-oefenen report: drawing a footprint on the map (click to add corners), picking an
// existing building, and a 3D view of the plan's volume beside the height limit. Everything comes from stip itself.
// Without this script the form still works (a rectangle by width and depth, or GeoJSON), and the report shows every
// result as text and tables; the map only adds a picture.
import { Map, NavigationControl, setWorkerUrl } from '/assets/vendor/maplibre/maplibre-gl.mjs';

setWorkerUrl('/assets/vendor/maplibre/maplibre-gl-worker.mjs');

const leeg = { type: 'FeatureCollection', features: [] };

function nieuweKaart(el) {
  const map = new Map({
    container: el,
    center: [Number(el.dataset.lon), Number(el.dataset.lat)],
    zoom: Number(el.dataset.zoom ?? 18),
    attributionControl: false,
    cooperativeGestures: true,
    locale: document.documentElement.lang === 'en' ? {} : {
      'CooperativeGesturesHandler.WindowsHelpText': 'Houd Ctrl ingedrukt en scroll om in of uit te zoomen',
      'CooperativeGesturesHandler.MacHelpText': 'Houd ⌘ ingedrukt en scroll om in of uit te zoomen',
      'CooperativeGesturesHandler.MobileHelpText': 'Gebruik twee vingers om de kaart te verplaatsen',
    },
    style: { version: 8, sources: {}, layers: [{ id: 'achtergrond', type: 'background', paint: { 'background-color': '#f4f1ea' } }] },
  });
  map.addControl(new NavigationControl({ visualizePitch: true }));
  return map;
}

/// stip's own layers for the area on screen: plan areas, bouwvlakken, buildings, parcels.
async function laadOmgeving(map) {
  const lagen = [
    { id: 'percelen', lijn: '#7a7a7a' },
    { id: 'panden', lijn: '#5b4a3a', vulling: '#d9cbb8' },
    { id: 'planobjecten', lijn: '#1d6f42' },
  ];
  for (const laag of lagen) {
    map.addSource(laag.id, { type: 'geojson', data: leeg });
    if (laag.vulling) map.addLayer({ id: `${laag.id}-vlak`, type: 'fill', source: laag.id, paint: { 'fill-color': laag.vulling, 'fill-opacity': 0.5 } });
    map.addLayer({ id: `${laag.id}-lijn`, type: 'line', source: laag.id, paint: { 'line-color': laag.lijn, 'line-width': 1 } });
  }
  const b = map.getBounds();
  const bbox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((v) => v.toFixed(6)).join(',');
  await Promise.all(lagen.map(async (laag) => {
    const r = await fetch(`/api/v1/kaart/${laag.id}?bbox=${bbox}`);
    if (r.ok) map.getSource(laag.id).setData(await r.json());
  }));
}

// --- Drawing on the plan page ----------------------------------------------------------------------------------
const tekenKaart = document.getElementById('plan-kaart');
if (tekenKaart) {
  const veld = document.getElementById('geometrie');
  const crs = document.getElementById('crs');
  const bronTekening = document.getElementById('bron-tekening');
  const status = document.getElementById('teken-status');
  const knoppen = document.getElementById('teken-knoppen');
  knoppen.hidden = false;
  bronTekening.closest('.stip-keuze').hidden = false;
  const map = nieuweKaart(tekenKaart);
  let punten = [];
  let dicht = false;

  const vorm = () => {
    if (punten.length < 3) return null;
    return { type: 'Polygon', coordinates: [[...punten, punten[0]]] };
  };
  const toon = () => {
    const features = [];
    if (punten.length > 1) features.push({ type: 'Feature', properties: {}, geometry: dicht && vorm() ? vorm() : { type: 'LineString', coordinates: punten } });
    for (const p of punten) features.push({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: p } });
    map.getSource('tekening')?.setData({ type: 'FeatureCollection', features });
    const v = dicht ? vorm() : null;
    if (v) {
      veld.value = JSON.stringify(v);
      crs.value = 'EPSG:4326';
      bronTekening.checked = true;
      toonRechthoek();
    }
    status.textContent = dicht ? status.dataset.klaar : `${status.dataset.punten} ${punten.length}`;
  };

  map.on('load', async () => {
    await laadOmgeving(map);
    // The place the journey is about, as a dot to draw around.
    const plek = { type: 'Point', coordinates: [Number(tekenKaart.dataset.lon), Number(tekenKaart.dataset.lat)] };
    map.addSource('plek', { type: 'geojson', data: { type: 'Feature', properties: {}, geometry: plek } });
    map.addLayer({ id: 'plek', type: 'circle', source: 'plek', paint: { 'circle-radius': 6, 'circle-color': '#c0392b', 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 } });
    map.addSource('tekening', { type: 'geojson', data: leeg });
    map.addLayer({ id: 'tekening-vlak', type: 'fill', source: 'tekening', filter: ['==', '$type', 'Polygon'], paint: { 'fill-color': '#0b71a1', 'fill-opacity': 0.35 } });
    map.addLayer({ id: 'tekening-lijn', type: 'line', source: 'tekening', paint: { 'line-color': '#0b71a1', 'line-width': 3 } });
    map.addLayer({ id: 'tekening-punt', type: 'circle', source: 'tekening', filter: ['==', '$type', 'Point'], paint: { 'circle-radius': 5, 'circle-color': '#fff', 'circle-stroke-color': '#0b71a1', 'circle-stroke-width': 2 } });
    // A drawing sent before (the form came back with a message) is shown again.
    try {
      const eerder = veld.value && JSON.parse(veld.value);
      if (eerder?.type === 'Polygon' && crs.value === 'EPSG:4326') {
        punten = eerder.coordinates[0].slice(0, -1);
        dicht = true;
      }
    } catch { /* not a drawing: leave it */ }
    toon();
  });

  // The rectangle (width × depth at the address) shown where it will be checked; drag it to move it (the fields
  // "meter naar het oosten/noorden" follow), turn it with the field. The server computes the same rectangle in RD.
  const veldVan = (id) => document.getElementById(id);
  const getal = (id) => Number((veldVan(id)?.value ?? '').replace(',', '.')) || 0;
  const bronRechthoek = veldVan('bron-rechthoek');
  const [lon0, lat0] = [Number(tekenKaart.dataset.lon), Number(tekenKaart.dataset.lat)];
  const perGraadLat = 111320;
  const perGraadLon = 111320 * Math.cos((lat0 * Math.PI) / 180);
  const rechthoekVorm = () => {
    const [b, d] = [getal('breedte'), getal('diepte')];
    if (!(b > 0 && d > 0) || !bronRechthoek?.checked) return null;
    const [oost, noord, hoek] = [getal('oost'), getal('noord'), (getal('draaiing') * Math.PI) / 180];
    const [sin, cos] = [Math.sin(hoek), Math.cos(hoek)];
    const ring = [[-b / 2, -d / 2], [b / 2, -d / 2], [b / 2, d / 2], [-b / 2, d / 2], [-b / 2, -d / 2]].map(([dx, dy]) => {
      const x = oost + dx * cos + dy * sin;
      const y = noord - dx * sin + dy * cos;
      return [lon0 + x / perGraadLon, lat0 + y / perGraadLat];
    });
    return { type: 'Polygon', coordinates: [ring] };
  };
  const toonRechthoek = () => {
    const v = rechthoekVorm();
    map.getSource('rechthoek')?.setData(v ? { type: 'Feature', properties: {}, geometry: v } : leeg);
  };
  for (const id of ['breedte', 'diepte', 'oost', 'noord', 'draaiing']) veldVan(id)?.addEventListener('input', toonRechthoek);
  for (const r of document.querySelectorAll('input[name=bron]')) r.addEventListener('change', toonRechthoek);
  let slepen = null;
  map.on('load', () => {
    map.addSource('rechthoek', { type: 'geojson', data: leeg });
    map.addLayer({ id: 'rechthoek-vlak', type: 'fill', source: 'rechthoek', paint: { 'fill-color': '#0b71a1', 'fill-opacity': 0.35 } });
    map.addLayer({ id: 'rechthoek-lijn', type: 'line', source: 'rechthoek', paint: { 'line-color': '#0b71a1', 'line-width': 3 } });
    toonRechthoek();
  });
  const begin = (e) => {
    e.preventDefault();
    slepen = { lngLat: e.lngLat, oost: getal('oost'), noord: getal('noord'), bewogen: false };
    map.dragPan.disable();
  };
  const beweeg = (e) => {
    if (!slepen) return;
    const oost = slepen.oost + (e.lngLat.lng - slepen.lngLat.lng) * perGraadLon;
    const noord = slepen.noord + (e.lngLat.lat - slepen.lngLat.lat) * perGraadLat;
    veldVan('oost').value = oost.toFixed(1);
    veldVan('noord').value = noord.toFixed(1);
    slepen.bewogen = true;
    toonRechthoek();
  };
  const einde = () => {
    if (!slepen) return;
    map.dragPan.enable();
    setTimeout(() => { slepen = null; }, 0);
  };
  map.on('mousedown', 'rechthoek-vlak', begin);
  map.on('touchstart', 'rechthoek-vlak', (e) => { if (e.points.length === 1) begin(e); });
  map.on('mousemove', beweeg);
  map.on('touchmove', beweeg);
  map.on('mouseup', einde);
  map.on('touchend', einde);

  map.on('click', (e) => {
    if (slepen?.bewogen) return;
    if (map.getLayer('rechthoek-vlak') && map.queryRenderedFeatures(e.point, { layers: ['rechthoek-vlak'] }).length) return;
    if (dicht) return;
    punten.push([Number(e.lngLat.lng.toFixed(8)), Number(e.lngLat.lat.toFixed(8))]);
    toon();
  });
  document.getElementById('teken-klaar').addEventListener('click', () => {
    if (punten.length >= 3) { dicht = true; toon(); }
  });
  document.getElementById('teken-terug').addEventListener('click', () => {
    dicht = false; punten.pop(); toon();
  });
  document.getElementById('teken-wis').addEventListener('click', () => {
    dicht = false; punten = []; veld.value = ''; toon();
  });
}

// --- A GeoJSON file, read into the text field (the server takes the text; without this script, paste it) ---------
const bestand = document.getElementById('geojson-bestand');
if (bestand) {
  document.getElementById('geojson-bestand-veld').hidden = false;
  const status = document.getElementById('geojson-bestand-status');
  bestand.addEventListener('change', async () => {
    const f = bestand.files?.[0];
    if (!f) return;
    if (f.size > 5 * 1024 * 1024) { status.textContent = `${f.name}: ${status.dataset.teGroot}`; return; }
    document.getElementById('geometrie').value = await f.text();
    document.getElementById('bron-geojson').checked = true;
    status.textContent = `${f.name}: ${status.dataset.ingelezen}`;
  });
}

// --- The report's 3D view -------------------------------------------------------------------------------------
const verslagKaart = document.getElementById('verslag-kaart');
if (verslagKaart) {
  const data = JSON.parse(document.getElementById('verslag-kaart-data').textContent);
  const map = nieuweKaart(verslagKaart);
  map.on('load', async () => {
    await laadOmgeving(map);
    // The height limit: the areas with a maximum height, drawn as a see-through box of that height.
    map.addSource('grens', { type: 'geojson', data: data.grenzen ?? leeg });
    map.addLayer({ id: 'grens', type: 'fill-extrusion', source: 'grens', paint: {
      'fill-extrusion-color': '#1d6f42', 'fill-extrusion-opacity': 0.18, 'fill-extrusion-height': ['get', 'hoogte'] } });
    // The plan's volume at its own height; the parts that do not fit in red.
    map.addSource('plan', { type: 'geojson', data: data.plan ?? leeg });
    map.addLayer({ id: 'plan', type: 'fill-extrusion', source: 'plan', paint: {
      'fill-extrusion-color': ['case', ['get', 'pastNiet'], '#c0392b', '#0b71a1'], 'fill-extrusion-opacity': 0.8,
      'fill-extrusion-height': ['coalesce', ['get', 'hoogte'], 3] } });
    map.addSource('conflict', { type: 'geojson', data: data.conflicten ?? leeg });
    map.addLayer({ id: 'conflict', type: 'fill', source: 'conflict', paint: { 'fill-color': '#c0392b', 'fill-opacity': 0.5 } });
    map.addLayer({ id: 'conflict-lijn', type: 'line', source: 'conflict', paint: { 'line-color': '#7b1e14', 'line-width': 2 } });
    map.easeTo({ pitch: 55, bearing: -20, duration: 0 });
  });
  const knop = document.getElementById('verslag-3d');
  if (knop) {
    knop.hidden = false;
    knop.addEventListener('click', () => {
      const plat = map.getPitch() > 0;
      map.easeTo({ pitch: plat ? 0 : 55, bearing: plat ? 0 : -20 });
      knop.setAttribute('aria-pressed', String(!plat));
    });
  }
}

// Print (or save as PDF through the browser's print dialog).
for (const knop of document.querySelectorAll('[data-print]')) {
  knop.hidden = false;
  knop.addEventListener('click', () => window.print());
}

// Copy the share link.
for (const knop of document.querySelectorAll('[data-kopieer]')) {
  knop.hidden = false;
  knop.addEventListener('click', async () => {
    const veld = document.getElementById(knop.dataset.kopieer);
    await navigator.clipboard?.writeText(veld.value).catch(() => veld.select());
    knop.textContent = knop.dataset.gekopieerd;
  });
}
