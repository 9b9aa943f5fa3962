// The dashboard: the charts sharing the quarter, institution-type and segment filters; a click on a bar or point
// opens that institution's page.
'use strict';

(() => {
  const $ = (id) => document.getElementById(id);
  const filterIds = ['from', 'to', 'type', 'segment'];
  const labels = {
    institution_key: 'key', institution_name: 'institution', total_complaints: 'complaints',
    free_services: 'free services', services: 'services offered', complaints_rank: 'rank', index_rank: 'rank',
    complaint_index: 'index', regulated_upheld: 'regulated upheld', clients_total: 'clients', service_code: 'code',
    service_name: 'service', person_type: 'person', fee_type: 'fee type', max_fee: 'max fee', valid_from: 'valid from',
  };
  const palette = { bar: '#1f6feb', bar2: '#2da44e', point: '#8250df' };
  const charts = {};
  let generation = 0;

  document.querySelectorAll('section[data-chart]').forEach((card) => {
    const slug = card.dataset.chart;
    const chart = echarts.init(card.querySelector('.chart'), null, { renderer: 'canvas' });
    charts[slug] = { card, chart, data: null };
    card.querySelectorAll('.limit, .param').forEach((s) => s.addEventListener('change', () => load(slug, ++generation)));
    chart.on('click', (p) => {
      if (p.data && p.data.key) location.href = '/institution.html?key=' + encodeURIComponent(p.data.key);
    });
    card.querySelector('.csv').addEventListener('click', () => downloadCsv(slug));
    card.querySelector('.png').addEventListener('click', () => downloadPng(slug));
  });
  window.addEventListener('resize', () => Object.values(charts).forEach((c) => c.chart.resize()));

  function params(slug) {
    const p = new URLSearchParams();
    filterIds.forEach((id) => { if ($(id).value) p.set(id, $(id).value); });
    const limitSelect = charts[slug].card.querySelector('.limit');
    const limit = limitSelect && limitSelect.value;
    if (limit && limit !== 'all') p.set('limit', limit);
    const param = charts[slug].card.querySelector('.param');
    if (param && param.value) p.set(param.dataset.param, param.value);
    return p;
  }

  function filterText() {
    const parts = [];
    const from = $('from').value, to = $('to').value;
    parts.push(from === to ? from : from + '–' + to);
    if ($('type').value) parts.push($('type').value === 'bank' ? 'banks' : 'conglomerates');
    if ($('segment').value) parts.push('segment ' + $('segment').value);
    return parts.join(' · ');
  }

  function short(name, n) {
    return name.length > n ? name.slice(0, n - 1) + '…' : name;
  }

  function barOption(data, valueColumn, color, unit) {
    const rows = data.rows.slice().reverse();
    return {
      animation: false,
      grid: { left: 8, right: 56, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' },
        formatter: (p) => p[0].data.name + '<br><b>' + p[0].data.value.toLocaleString('en-US') + '</b> ' + unit },
      xAxis: { type: 'value', axisLabel: { formatter: (v) => v.toLocaleString('en-US') }, splitLine: { lineStyle: { color: '#edf1f5' } } },
      yAxis: { type: 'category', data: rows.map((r) => short(r.institution_name, 34)),
        axisLabel: { color: '#323f4b', fontSize: 11 }, axisTick: { show: false } },
      series: [{ type: 'bar', data: rows.map((r) => ({ value: r[valueColumn], name: r.institution_name, key: r.institution_key })),
        cursor: 'pointer',
        itemStyle: { color, borderRadius: [0, 3, 3, 0] }, barMaxWidth: 22,
        label: { show: true, position: 'right', fontSize: 11, color: '#52606d', formatter: (p) => p.value.toLocaleString('en-US') } }],
    };
  }

  function scatterOption(data) {
    const positive = data.rows.every((r) => r.total_complaints > 0);
    return {
      animation: false,
      grid: { left: 16, right: 32, top: 36, bottom: 40, containLabel: true },
      tooltip: { trigger: 'item', formatter: (p) => '<b>' + p.data.name + '</b><br>' + p.data.value[0]
        + ' services offered<br>' + p.data.value[1].toLocaleString('en-US') + ' complaints' },
      xAxis: { type: 'value', name: 'services offered', nameLocation: 'middle', nameGap: 26, min: 0,
        splitLine: { lineStyle: { color: '#edf1f5' } } },
      yAxis: { type: positive ? 'log' : 'value', name: 'complaints' + (positive ? ' (log scale)' : ''), nameGap: 14,
        nameTextStyle: { align: 'left' }, axisLabel: { formatter: (v) => v.toLocaleString('en-US') },
        splitLine: { lineStyle: { color: '#edf1f5' } } },
      series: [{ type: 'scatter', symbolSize: 11,
        itemStyle: { color: palette.point, opacity: 0.75, borderColor: '#fff', borderWidth: 1 },
        emphasis: { itemStyle: { opacity: 1, borderColor: '#102a43' } },
        data: data.rows.map((r) => ({ name: r.institution_name, value: [r.services, r.total_complaints], key: r.institution_key })) }],
    };
  }

  // Under a fee chart's data table: the ranked conglomerates it leaves out because they have no fee data.
  function renderNoFeeData(card, noFeeData) {
    let note = card.querySelector('p.no-fee-data');
    if (!noFeeData || noFeeData.length === 0) {
      if (note) note.remove();
      return;
    }
    if (!note) {
      note = document.createElement('p');
      note.className = 'no-fee-data';
      card.querySelector('details.data .table-wrap').after(note);
    }
    // the 8 with the most complaints, as in `bankdata report`'s note; every one (with its reason) on hover
    const shown = noFeeData.slice(0, 8).map((r) => r.institution_name);
    note.textContent = 'No fee data for ' + noFeeData.length + ' ranked conglomerate(s), left out of this chart: '
      + shown.join(', ') + (noFeeData.length > shown.length ? ' and ' + (noFeeData.length - shown.length)
        + ' more (hover for all, with the reason).' : '.');
    note.title = noFeeData.map((r) => r.institution_name + ': ' + r.reason).join('\n');
  }

  function render(slug, data) {
    const { card, chart } = charts[slug];
    const empty = card.querySelector('.empty');
    const chartEl = card.querySelector('.chart');
    const sub = card.querySelector('.sub');
    const title = card.querySelector('.title');
    charts[slug].data = data;
    if (slug === 'services-vs-complaints') {
      title.textContent = 'Services offered vs complaints — Spearman ρ = '
        + (data.spearman === null || data.spearman === undefined ? 'n/a' : data.spearman.toFixed(3).replace('-', '−'));
      sub.textContent = data.rowCount + ' institutions with both fees and complaints · ' + filterText();
    } else {
      sub.textContent = MoreCharts.subtitle(slug, data, filterText());
    }
    renderTable(card.querySelector('table.data'), data.columns.filter((c) => c !== 'institution_key' && c !== 'period_key'),
      data.rows, labels);
    renderNoFeeData(card, data.noFeeData);
    if (data.rows.length === 0) {
      chartEl.style.visibility = 'hidden';
      chartEl.style.height = '0';
      empty.style.display = 'flex';
      empty.textContent = 'No institutions match these filters (' + filterText() + ').';
      chart.clear();
      return;
    }
    empty.style.display = 'none';
    chartEl.style.visibility = 'visible';
    chartEl.style.height = '';
    chart.resize();
    const option = slug === 'top-complaints' ? barOption(data, 'total_complaints', palette.bar, 'complaints')
      : slug === 'top-free-services' ? barOption(data, 'free_services', palette.bar2, 'free services')
        : slug === 'services-vs-complaints' ? scatterOption(data)
          : slug === 'complaint-index' ? barOption(data, 'complaint_index', MoreCharts.indexColor, 'complaints per million clients')
            : MoreCharts.option(slug, data);
    chart.setOption(option, true);
    card.dataset.loaded = String(generation);
  }

  async function load(slug, gen) {
    const card = charts[slug].card;
    card.dataset.loaded = '';
    try {
      const data = await Api.get('/api/charts/' + slug + '?' + params(slug));
      if (gen !== generation) return; // a newer filter change is on its way
      showError($('error'), '');
      render(slug, data);
      card.dataset.loaded = String(gen);
    } catch (e) {
      showError($('error'), e.message);
    }
  }

  function loadAll() {
    const gen = ++generation;
    document.body.dataset.generation = String(gen);
    const p = new URLSearchParams();
    filterIds.forEach((id) => { if ($(id).value) p.set(id, $(id).value); });
    history.replaceState(null, '', location.pathname + (p.toString() ? '?' + p : ''));
    $('summary').textContent = filterText();
    Object.keys(charts).forEach((slug) => load(slug, gen));
  }

  async function downloadCsv(slug) {
    const p = params(slug);
    p.set('format', 'csv');
    try {
      await Api.download('GET', '/api/charts/' + slug + '?' + p, null, slug + '_' + filterText().replace(/[^A-Za-z0-9]+/g, '_') + '.csv');
    } catch (e) {
      showError($('error'), e.message);
    }
  }

  function downloadPng(slug) {
    const url = charts[slug].chart.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#ffffff' });
    const a = document.createElement('a');
    a.href = url;
    a.download = slug + '.png';
    a.click();
  }

  async function init() {
    showSnapshot();
    let f;
    try {
      f = await Api.get('/api/filters');
    } catch (e) {
      showError($('error'), e.message);
      return;
    }
    for (const id of ['from', 'to']) {
      f.quarters.forEach((q) => $(id).add(new Option(q, q)));
    }
    f.segments.forEach((s) => $('segment').add(new Option(s, s)));
    (f.services || []).forEach((s) => $('service').add(new Option(s.service_code + ' ' + short(s.service_name || '', 40)
      + ' (' + s.institutions + ')', s.service_code)));
    const url = new URLSearchParams(location.search);
    $('from').value = url.get('from') || f.quarters[0];
    $('to').value = url.get('to') || f.quarters[f.quarters.length - 1];
    $('type').value = url.get('type') || '';
    $('segment').value = url.get('segment') || '';
    filterIds.forEach((id) => $(id).addEventListener('change', () => {
      if ($('from').value > $('to').value) {
        if (id === 'from') $('to').value = $('from').value; else $('from').value = $('to').value;
      }
      loadAll();
    }));
    $('reset').addEventListener('click', () => {
      $('from').value = f.quarters[0];
      $('to').value = f.quarters[f.quarters.length - 1];
      $('type').value = '';
      $('segment').value = '';
      loadAll();
    });
    loadAll();
  }

  init();
})();
