// Ferry's operator page: polls /ui/api/overview and draws it. Plain DOM and hand-drawn SVG, nothing loaded from
// anywhere else (the page's Content-Security-Policy allows only this origin).
'use strict';

const SVG = 'http://www.w3.org/2000/svg';
const REFRESH_MS = 2000;
const WIDTH = 640;
const HEIGHT = 200;
const PAD = { left: 48, right: 8, top: 8, bottom: 20 };

function element(name, attributes, text) {
  const node = name.startsWith('svg:') ? document.createElementNS(SVG, name.slice(4)) : document.createElement(name);
  Object.entries(attributes || {}).forEach(([key, value]) => node.setAttribute(key, value));
  if (text !== undefined) node.textContent = text;
  return node;
}

function fillRows(tbody, rows) {
  tbody.replaceChildren(...rows.map(cells => {
    const tr = element('tr');
    cells.forEach(cell => tr.appendChild(element('td', cell.number ? { class: 'number' } : {}, cell.text)));
    return tr;
  }));
}

function formatTime(ms) {
  return new Date(ms).toLocaleTimeString([], { hour12: false });
}

/** A line chart of several series over the same times; a series is {name, values, className}. */
function drawChart(svg, times, series) {
  const nodes = [];
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const all = series.flatMap(s => s.values).filter(v => v !== null && Number.isFinite(v));
  const max = Math.max(1, ...all) * 1.1;
  const x = i => PAD.left + (times.length <= 1 ? plotWidth : (i / (times.length - 1)) * plotWidth);
  const y = v => PAD.top + plotHeight - (v / max) * plotHeight;
  nodes.push(element('svg:line', { class: 'axis', x1: PAD.left, y1: PAD.top + plotHeight, x2: WIDTH - PAD.right,
    y2: PAD.top + plotHeight }));
  nodes.push(element('svg:line', { class: 'axis', x1: PAD.left, y1: PAD.top, x2: PAD.left, y2: PAD.top + plotHeight }));
  [0, 0.5, 1].forEach(fraction => {
    const value = max * fraction;
    nodes.push(element('svg:text', { class: 'label', x: PAD.left - 4, y: y(value) + 3, 'text-anchor': 'end' },
      value >= 100 ? value.toFixed(0) : value.toFixed(1)));
  });
  if (times.length > 0) {
    nodes.push(element('svg:text', { class: 'label', x: PAD.left, y: HEIGHT - 4 }, formatTime(times[0])));
    nodes.push(element('svg:text', { class: 'label', x: WIDTH - PAD.right, y: HEIGHT - 4, 'text-anchor': 'end' },
      formatTime(times[times.length - 1])));
  }
  series.forEach(s => {
    const points = s.values.map((v, i) => (v === null ? null : `${x(i).toFixed(1)},${y(v).toFixed(1)}`))
      .filter(p => p !== null);
    if (points.length > 0) {
      nodes.push(element('svg:polyline', { class: `series ${s.className}`, 'data-series': s.name,
        points: points.join(' ') }));
    }
  });
  svg.replaceChildren(...nodes);
  svg.setAttribute('data-points', String(times.length));
}

function drawBatches(batches) {
  const panel = document.getElementById('batches-panel');
  panel.hidden = batches.length === 0;
  document.getElementById('batches').replaceChildren(...batches.map(batch => {
    const box = element('div', { class: 'batch', 'data-batch-id': batch.batch_id });
    const total = Math.max(1, batch.total);
    box.appendChild(element('div', {}, `${batch.batch_id} (${batch.status}): ${batch.completed + batch.failed} of ${batch.total}`));
    const bar = element('div', { class: 'bar', role: 'progressbar', 'aria-valuemin': '0',
      'aria-valuemax': String(batch.total), 'aria-valuenow': String(batch.completed + batch.failed) });
    bar.appendChild(element('div', { class: 'done', style: `width:${(100 * batch.completed) / total}%` }));
    bar.appendChild(element('div', { class: 'failed-part', style: `width:${(100 * batch.failed) / total}%` }));
    box.appendChild(bar);
    return box;
  }));
}

function draw(overview) {
  fillRows(document.querySelector('#jobs-by-status tbody'), Object.entries(overview.jobs_by_status)
    .map(([status, count]) => [{ text: status }, { text: String(count), number: true }]));
  fillRows(document.querySelector('#totals tbody'), Object.entries(overview.totals)
    .map(([name, count]) => [{ text: name.replace(/_/g, ' ') }, { text: String(Math.round(count)), number: true }]));
  const s = overview.series;
  drawChart(document.getElementById('throughput-chart'), s.at_ms, [
    { name: 'submitted', values: s.submitted_per_second, className: 'submitted' },
    { name: 'completed', values: s.completed_per_second, className: 'completed' },
    { name: 'failed', values: s.failed_per_second, className: 'failed' }]);
  drawChart(document.getElementById('latency-chart'), s.at_ms, [
    { name: 'p50', values: s.p50_ms, className: 'p50' },
    { name: 'p99', values: s.p99_ms, className: 'p99' }]);
  fillRows(document.querySelector('#consumer-lag tbody'), overview.consumer_lag.map(p => [
    { text: String(p.partition) }, { text: String(p.lag), number: true },
    { text: p.committed < 0 ? '–' : String(p.committed), number: true }, { text: String(p.end), number: true }]));
  const dead = overview.dead_letters;
  document.getElementById('dead-letter-count').textContent = dead.count < 0 ? 'unknown' : String(dead.count);
  fillRows(document.querySelector('#dead-letters tbody'), dead.latest.map(r => [
    { text: formatTime(r.failed_at_ms) }, { text: r.job_id || '' }, { text: r.model || '' },
    { text: String(r.http_status) }, { text: `${r.code || ''}: ${r.message || ''}` }]));
  drawBatches(overview.batches);
  document.getElementById('updated').textContent = `updated ${formatTime(overview.at_ms)}`;
}

async function refresh() {
  try {
    // from the origin, not the page's URL: a page opened as http://user:password@host/ui has credentials in its URL,
    // which fetch refuses; the browser's cached Basic credentials still go with the request
    const response = await fetch(new URL('/ui/api/overview', window.location.origin),
      { credentials: 'same-origin', cache: 'no-store' });
    if (!response.ok) {
      document.getElementById('updated').textContent = `the overview answered ${response.status}`;
      return;
    }
    draw(await response.json());
  } catch (error) {
    document.getElementById('updated').textContent = 'Ferry did not answer; retrying';
  }
}

refresh();
setInterval(refresh, REFRESH_MS);
