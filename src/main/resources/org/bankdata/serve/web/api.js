// Shared by every page: API calls (with the bearer token when the server needs one), tables, errors.
'use strict';

const Api = (() => {
  // A token given as /#token=... is kept for this tab only and removed from the address bar.
  const m = location.hash.match(/token=([^&]+)/);
  if (m) {
    sessionStorage.setItem('bankdata.token', decodeURIComponent(m[1]));
    history.replaceState(null, '', location.pathname + location.search);
  }
  const token = sessionStorage.getItem('bankdata.token');

  function headers(extra) {
    const h = Object.assign({}, extra || {});
    if (token) h['Authorization'] = 'Bearer ' + token;
    return h;
  }

  // POSTs carry JSON: the server refuses other content types (a cross-site form cannot send this one).
  async function request(method, path, body) {
    const init = { method, headers: headers(body ? { 'Content-Type': 'application/json' } : {}) };
    if (body) init.body = JSON.stringify(body);
    const res = await fetch(path, init);
    return res;
  }

  async function json(method, path, body) {
    const res = await request(method, path, body);
    let data = null;
    try { data = await res.json(); } catch (e) { /* reported below */ }
    if (!res.ok) {
      throw new Error((data && data.message) || ('HTTP ' + res.status + ' from ' + path));
    }
    return data;
  }

  async function download(method, path, body, filename) {
    const res = await request(method, path, body);
    if (!res.ok) {
      let message = 'HTTP ' + res.status;
      try { message = (await res.json()).message; } catch (e) { /* keep the status */ }
      throw new Error(message);
    }
    const blob = await res.blob();
    saveBlob(blob, filename);
    return blob;
  }

  function saveBlob(blob, filename) {
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = filename;
    document.body.appendChild(a);
    a.click();
    setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 0);
  }

  return { get: (p) => json('GET', p), post: (p, b) => json('POST', p, b), download, saveBlob };
})();

const Fmt = {
  number: (v) => (typeof v === 'number' ? v.toLocaleString('en-US') : v),
  isNumeric: (v) => typeof v === 'number',
};

/** Fills a table element with columns and rows (rows as arrays or objects). */
function renderTable(table, columns, rows, labels) {
  table.innerHTML = '';
  const thead = table.createTHead().insertRow();
  const numeric = columns.map((c) => rows.length > 0 && rows.every((r) => {
    const v = Array.isArray(r) ? r[columns.indexOf(c)] : r[c];
    return v === null || typeof v === 'number';
  }));
  columns.forEach((c, i) => {
    const th = document.createElement('th');
    th.textContent = (labels && labels[c]) || c;
    if (numeric[i]) th.className = 'num';
    thead.appendChild(th);
  });
  const tbody = table.createTBody();
  rows.forEach((r) => {
    const tr = tbody.insertRow();
    columns.forEach((c, i) => {
      const v = Array.isArray(r) ? r[i] : r[c];
      const td = tr.insertCell();
      td.textContent = v === null || v === undefined ? '' : Fmt.number(v);
      if (numeric[i]) td.className = 'num';
      td.dataset.column = c;
    });
  });
}

function showError(el, message) {
  el.textContent = message || '';
  el.style.display = message ? 'block' : 'none';
}

async function showSnapshot() {
  const el = document.getElementById('snapshot');
  if (!el) return;
  try {
    const t = await Api.get('/api/tables');
    el.textContent = t.published
      ? 'published ' + new Date(t.publishedAt).toISOString().replace('T', ' ').slice(0, 16) + ' UTC · run ' + t.runId
      : 'nothing published yet';
  } catch (e) {
    el.textContent = e.message;
  }
}
