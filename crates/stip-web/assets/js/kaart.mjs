// The map on the page "Wat geldt hier?": stip's own layers (plan areas, buildings, parcels) from /api/v1/kaart,
// the areas that apply at the chosen place highlighted, street names and house numbers from the BAG as HTML labels
// (no glyphs needed), and a click that asks for the rules at that place. On a phone one finger scrolls the page and
// two move the map.
// Everything comes from stip itself; without this script the page still works with its form and text answer.
import { Map, Marker, NavigationControl, setWorkerUrl } from '/assets/vendor/maplibre/maplibre-gl.mjs';

setWorkerUrl('/assets/vendor/maplibre/maplibre-gl-worker.mjs');

const el = document.getElementById('kaart');
if (el) {
  const lagen = [
    { id: 'percelen', lijn: '#7a7a7a', vulling: null, minzoom: 15 },
    { id: 'panden', lijn: '#5b4a3a', vulling: '#d9cbb8', minzoom: 15 },
    { id: 'planobjecten', lijn: '#1d6f42', vulling: null, minzoom: 12 },
    { id: 'locaties', lijn: '#0b71a1', vulling: null, minzoom: 10 },
  ];
  const leeg = { type: 'FeatureCollection', features: [] };
  const map = new Map({
    container: el,
    center: [Number(el.dataset.lon), Number(el.dataset.lat)],
    zoom: Number(el.dataset.zoom),
    attributionControl: false,
    cooperativeGestures: true,
    locale: el.dataset.lang === 'en' ? {} : {
      'CooperativeGesturesHandler.WindowsHelpText': 'Houd Ctrl ingedrukt en scroll om in of uit te zoomen',
      'CooperativeGesturesHandler.MacHelpText': 'Houd ⌘ ingedrukt en scroll om in of uit te zoomen',
      'CooperativeGesturesHandler.MobileHelpText': 'Gebruik twee vingers om de kaart te verplaatsen',
      'NavigationControl.ZoomIn': 'Inzoomen',
      'NavigationControl.ZoomOut': 'Uitzoomen',
    },
    style: {
      version: 8,
      sources: {},
      layers: [{ id: 'achtergrond', type: 'background', paint: { 'background-color': '#f4f1ea' } }],
    },
  });
  map.addControl(new NavigationControl({ showCompass: false }));

  map.on('load', async () => {
    if (el.dataset.basemap) {
      // An optional background map, configured by the administrator ([kaart] basemap_url).
      map.addSource('basemap', { type: 'raster', tiles: [el.dataset.basemap], tileSize: 256 });
      map.addLayer({ id: 'basemap', type: 'raster', source: 'basemap' });
    }
    for (const laag of lagen) {
      map.addSource(laag.id, { type: 'geojson', data: leeg });
      if (laag.vulling) {
        map.addLayer({ id: `${laag.id}-vlak`, type: 'fill', source: laag.id, minzoom: laag.minzoom, paint: { 'fill-color': laag.vulling, 'fill-opacity': 0.6 } });
      }
      map.addLayer({ id: `${laag.id}-lijn`, type: 'line', source: laag.id, minzoom: laag.minzoom, paint: { 'line-color': laag.lijn, 'line-width': 1 } });
    }
    map.addSource('hier', { type: 'geojson', data: leeg });
    map.addLayer({ id: 'hier-vlak', type: 'fill', source: 'hier', paint: { 'fill-color': '#f0b400', 'fill-opacity': 0.25 } });
    map.addLayer({ id: 'hier-lijn', type: 'line', source: 'hier', paint: { 'line-color': '#b35900', 'line-width': 2 } });
    map.addSource('punt', { type: 'geojson', data: leeg });
    map.addLayer({ id: 'punt', type: 'circle', source: 'punt', paint: { 'circle-radius': 7, 'circle-color': '#c0392b', 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 } });

    if (el.dataset.x) {
      const q = `x=${el.dataset.x}&y=${el.dataset.y}`;
      const gebieden = await fetch(`/api/v1/regels/gebieden?${q}`).then((r) => (r.ok ? r.json() : leeg));
      map.getSource('hier').setData(gebieden);
      map.getSource('punt').setData({ type: 'Feature', geometry: { type: 'Point', coordinates: [Number(el.dataset.lon), Number(el.dataset.lat)] }, properties: {} });
    }
    laadLagen();
  });

  // Labels from the BAG: street names from zoom 15, house numbers from zoom 17, as HTML on the map.
  let labels = [];
  async function laadLabels(bbox, signal) {
    for (const m of labels) m.remove();
    labels = [];
    if (map.getZoom() < 15) return;
    const r = await fetch(`/api/v1/kaart/adressen?bbox=${bbox}`, { signal });
    if (!r.ok) return;
    for (const f of (await r.json()).features) {
      const soort = f.properties.soort;
      if (soort === 'nummer' && map.getZoom() < 17) continue;
      const div = document.createElement('div');
      div.className = `stip-kaartlabel stip-kaartlabel--${soort}`;
      div.textContent = f.properties.tekst;
      div.setAttribute('aria-hidden', 'true');
      labels.push(new Marker({ element: div }).setLngLat(f.geometry.coordinates).addTo(map));
    }
  }

  let bezig = null;
  async function laadLagen() {
    const b = map.getBounds();
    const bbox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((v) => v.toFixed(6)).join(',');
    bezig?.abort();
    bezig = new AbortController();
    for (const laag of lagen) {
      if (map.getZoom() < laag.minzoom) continue;
      try {
        const r = await fetch(`/api/v1/kaart/${laag.id}?bbox=${bbox}`, { signal: bezig.signal });
        if (r.ok) map.getSource(laag.id).setData(await r.json());
      } catch (e) {
        if (e.name !== 'AbortError') console.warn(e);
      }
    }
    try {
      await laadLabels(bbox, bezig.signal);
    } catch (e) {
      if (e.name !== 'AbortError') console.warn(e);
    }
  }
  map.on('moveend', laadLagen);

  map.on('click', (e) => {
    const { lng, lat } = e.lngLat;
    window.location.href = `/kaart?lon=${lng.toFixed(7)}&lat=${lat.toFixed(7)}#antwoord-titel`;
  });
}

// Address suggestions while typing, from stip's own address book.
const adres = document.getElementById('adres');
const lijst = document.getElementById('adres-suggesties');
if (adres && lijst) {
  let timer = null;
  adres.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const q = adres.value.trim();
      if (q.length < 4) return;
      const r = await fetch(`/api/v1/adressen?q=${encodeURIComponent(q)}`);
      if (!r.ok) return;
      lijst.replaceChildren(...(await r.json()).map((a) => Object.assign(document.createElement('option'), { value: a.weergave })));
    }, 200);
  });
}
