// The plan map of an initiative: a click (or tap) on the map chooses the place a reaction is about, as a choice in
// the list of places beside it — which is also how keyboard users choose one, without the map. Choosing a place from
// the list shows it on the map.
const kaart = document.getElementById('plan-kaart');
const keuze = document.getElementById('plan-kaart-keuze');
const veld = document.getElementById('plek-kaart-veld');
const radio = document.getElementById('plek-kaart');
const status = document.getElementById('plek-status');
if (kaart && veld && radio) {
  const minx = Number(kaart.dataset.minx);
  const maxy = Number(kaart.dataset.maxy);
  const breedte = Number(kaart.dataset.breedte);
  const vb = kaart.viewBox.baseVal;
  const toon = (x, y) => {
    keuze.setAttribute('cx', String(((x - minx) / breedte) * vb.width));
    keuze.setAttribute('cy', String(((maxy - y) / breedte) * vb.height));
  };
  kaart.style.cursor = 'crosshair';
  kaart.addEventListener('click', (e) => {
    const r = kaart.getBoundingClientRect();
    const x = minx + ((e.clientX - r.left) / r.width) * breedte;
    const y = maxy - ((e.clientY - r.top) / r.height) * breedte;
    document.getElementById('plek-x').value = x.toFixed(2);
    document.getElementById('plek-y').value = y.toFixed(2);
    veld.hidden = false;
    radio.checked = true;
    toon(x, y);
    if (status) status.textContent = radio.labels[0].textContent;
  });
  for (const r of document.querySelectorAll('input[name="plek"][data-x]')) {
    r.addEventListener('change', () => toon(Number(r.dataset.x), Number(r.dataset.y)));
  }
}
