// One institution's page (/institution.html?key=...): who it is (for a conglomerate: its segment, leader and main
// bank), its names over the quarters when it changed, its complaints and complaint index per quarter, and its
// current fee schedule or why there is none; a search box finds institutions by name (accents and case ignored).
'use strict';

(() => {
  const $ = (id) => document.getElementById(id);
  const labels = {
    quarter: 'quarter', category: 'ranking category', regulated_upheld: 'regulated upheld', regulated_other: 'regulated other',
    unregulated: 'unregulated', total_complaints: 'total', clients_total: 'clients', complaint_index: 'index',
    rank: 'rank in category', service_code: 'code', service_name: 'service', person_type: 'person', max_fee: 'max fee',
    fee_type: 'fee type', periodicity: 'periodicity', valid_from: 'valid from',
  };
  let chart = null;

  async function search(q) {
    $('results').innerHTML = '';
    if (!q.trim()) return;
    try {
      const found = await Api.get('/api/institutions?q=' + encodeURIComponent(q));
      $('search-summary').textContent = found.rowCount + ' match' + (found.rowCount === 1 ? '' : 'es') + " for '" + q + "'";
      found.rows.forEach((r) => {
        const li = document.createElement('li');
        const a = document.createElement('a');
        a.href = '/institution.html?key=' + encodeURIComponent(r.institution_key);
        a.textContent = r.name;
        li.appendChild(a);
        li.appendChild(document.createTextNode(' · ' + r.institution_type + (r.segment ? ' · ' + r.segment : '')
          + (r.cnpj8 ? ' · CNPJ ' + r.cnpj8 : '')));
        $('results').appendChild(li);
      });
      showError($('error'), '');
    } catch (e) {
      showError($('error'), e.message);
    }
  }

  function complaintsOption(quarters) {
    const stack = (name, column, color) => ({ type: 'bar', stack: 'complaints', name, itemStyle: { color },
      data: quarters.map((q) => q[column]) });
    return {
      animation: false,
      grid: { left: 16, right: 24, top: 40, bottom: 24, containLabel: true },
      legend: { top: 0 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'category', data: quarters.map((q) => q.quarter) },
      yAxis: { type: 'value', name: 'complaints', axisLabel: { formatter: (v) => v.toLocaleString('en-US') } },
      series: [stack('regulated upheld', 'regulated_upheld', '#cf222e'), stack('regulated other', 'regulated_other', '#bf8700'),
        stack('unregulated', 'unregulated', '#8c959f')],
    };
  }

  function show(p) {
    const i = p.institution;
    document.title = 'bankdata · ' + i.name;
    $('name').textContent = i.name;
    $('facts').textContent = 'type: ' + i.institution_type + ' · segment: ' + (i.segment || 'none')
      + ' · CNPJ root: ' + (i.cnpj8 || 'none')
      + (i.leader_cnpj8 ? ' · leader CNPJ root: ' + i.leader_cnpj8 : '')
      + (i.institution_type === 'conglomerate' && i.fee_cnpj8 ? ' · main bank CNPJ root: ' + i.fee_cnpj8 : '')
      + (i.bank_list_name ? ' · bank list: ' + i.bank_list_name : '') + ' · key ' + i.institution_key;
    const names = p.names || [];
    $('names').style.display = names.length > 1 ? 'block' : 'none';
    $('names').textContent = names.length > 1 ? 'Published as: ' + names.map((n) => n.name + ' ('
      + (n.first_quarter === n.last_quarter ? n.first_quarter : n.first_quarter + '–' + n.last_quarter) + ')').join(' · ') : '';
    $('profile').style.display = 'block';
    const quarters = p.quarters.map((q) => Object.assign({}, q, {
      rank: q.index_rank === null ? '' : q.index_rank + ' of ' + q.ranked_in_category }));
    renderTable($('table-quarters'), ['quarter', 'category', 'regulated_upheld', 'regulated_other', 'unregulated',
      'total_complaints', 'clients_total', 'complaint_index', 'rank'], quarters, labels);
    if (!chart) chart = echarts.init($('complaints-chart'));
    if (p.quarters.length === 0) {
      $('complaints-empty').style.display = 'flex';
      $('complaints-empty').textContent = 'Not in any loaded ranking quarter.';
    } else {
      chart.setOption(complaintsOption(p.quarters), true);
    }
    renderTable($('table-fees'), ['service_code', 'service_name', 'person_type', 'max_fee', 'fee_type', 'periodicity',
      'valid_from'], p.fees, labels);
    $('fees-empty').style.display = p.fees.length ? 'none' : 'flex';
    $('fees-empty').textContent = p.fees.length ? '' : (p.feeNote || 'No fee data.');
    $('fees-sub').textContent = 'latest valid-from per service and person type'
      + (p.fees.length && p.feeNote ? ' · ' + p.feeNote : '');
    $('free-count').textContent = '(' + p.freeServices.length + ')';
    $('free-services').innerHTML = '';
    p.freeServices.forEach((s) => {
      const li = document.createElement('li');
      li.textContent = s.service_code + ' ' + s.service_name;
      $('free-services').appendChild(li);
    });
    document.body.dataset.loaded = 'true';
  }

  async function init() {
    showSnapshot();
    $('search-form').addEventListener('submit', (e) => { e.preventDefault(); search($('q').value); });
    window.addEventListener('resize', () => chart && chart.resize());
    const key = new URLSearchParams(location.search).get('key');
    if (!key) return;
    try {
      show(await Api.get('/api/institutions/' + encodeURIComponent(key)));
    } catch (e) {
      showError($('error'), e.message);
    }
  }

  init();
})();
