// Chart options of the complaints trend (a line per institution) and the one-service fee bars; each data item
// carries the institution key, so a click opens the institution's page.
'use strict';

const MoreCharts = (() => {
  const lineColors = ['#1f6feb', '#cf222e', '#2da44e', '#bf8700', '#8250df', '#0a7ea4', '#d1242f', '#57606a', '#e16f24', '#6e40c9'];
  const indexColor = '#cf222e';

  function quarterLabel(periodKey) {
    return Math.floor(periodKey / 10) + 'Q' + (periodKey % 10);
  }

  function trendOption(data) {
    const quarters = [...new Set(data.rows.map((r) => r.period_key))].sort((a, b) => a - b);
    const byInstitution = new Map();
    data.rows.forEach((r) => {
      if (!byInstitution.has(r.institution_key)) byInstitution.set(r.institution_key, { name: r.institution_name, values: {} });
      byInstitution.get(r.institution_key).values[r.period_key] = r.total_complaints;
    });
    const series = [...byInstitution.entries()].map(([key, s], i) => ({
      type: 'line', name: s.name, symbolSize: 7, cursor: 'pointer', color: lineColors[i % lineColors.length],
      data: quarters.map((q) => ({ value: s.values[q] === undefined ? null : s.values[q], key })),
    }));
    return {
      animation: false,
      grid: { left: 16, right: 32, top: 48, bottom: 24, containLabel: true },
      legend: { top: 0, type: 'scroll', textStyle: { fontSize: 11 } },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: quarters.map(quarterLabel) },
      yAxis: { type: 'value', name: 'complaints', axisLabel: { formatter: (v) => v.toLocaleString('en-US') },
        splitLine: { lineStyle: { color: '#edf1f5' } } },
      series,
    };
  }

  function feeOption(data) {
    const rows = data.rows.filter((r) => r.fee_type === 'Real').slice().reverse();
    return {
      animation: false,
      grid: { left: 8, right: 64, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' },
        formatter: (p) => p[0].data.name + '<br><b>BRL ' + p[0].data.value.toLocaleString('en-US') + '</b>' },
      xAxis: { type: 'value', name: 'BRL', axisLabel: { formatter: (v) => v.toLocaleString('en-US') } },
      yAxis: { type: 'category', data: rows.map((r) => (r.institution_name.length > 30 ? r.institution_name.slice(0, 29) + '…' : r.institution_name)),
        axisLabel: { fontSize: 10 }, axisTick: { show: false } },
      dataZoom: rows.length > 25 ? [{ type: 'inside', yAxisIndex: 0, startValue: rows.length - 25, endValue: rows.length - 1 },
        { type: 'slider', yAxisIndex: 0, right: 0, width: 14 }] : [],
      series: [{ type: 'bar', cursor: 'pointer', itemStyle: { color: '#bf8700' }, barMaxWidth: 18,
        data: rows.map((r) => ({ value: r.max_fee, name: r.institution_name, key: r.institution_key })) }],
    };
  }

  function option(slug, data) {
    return slug === 'complaints-trend' ? trendOption(data) : feeOption(data);
  }

  function subtitle(slug, data, filters) {
    if (slug === 'complaint-index') {
      const q = data.rows.length ? quarterLabel(data.rows[0].period_key) + ' · ' : '';
      return q + 'at least ' + Number(data['min-clients']).toLocaleString('en-US') + ' clients · ' + filters;
    }
    if (slug === 'service-fee' && data.summary) {
      const s = data.summary;
      let text = s.serviceCode + ' ' + (s.serviceName || '') + ': ' + s.institutions + ' institutions, ' + s.free + ' charge nothing';
      if (s.mostName) text += ' · most ' + s.mostName + ' (BRL ' + Number(s.mostFee).toLocaleString('en-US') + ')';
      if (s.leastName) text += ' · least ' + s.leastName + ' (BRL ' + Number(s.leastFee).toLocaleString('en-US') + ')';
      return text + ' · ' + filters;
    }
    return filters;
  }

  return { option, subtitle, indexColor };
})();
