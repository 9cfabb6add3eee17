// 伯乐 web console: four views over the bole HTTP API, in plain modern JavaScript (no build step).
//
// Everything shown comes from the API. Record text is untrusted (a posting can say anything), so
// it only ever reaches the page as text nodes, never as HTML.

'use strict';

// ---------------------------------------------------------------- small DOM helpers

const $ = (sel, root = document) => root.querySelector(sel);
const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));

/** Build an element: h('li', {class: 'x', onclick: f}, 'text', child, [more]). */
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  add(el, children);
  return el;
}

function add(el, children) {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    if (Array.isArray(c)) add(el, c);
    else el.append(c instanceof Node ? c : String(c));
  }
}

/** Replace an element's children; null/false entries are left out (replaceChildren would print them). */
function fill(el, ...children) {
  el.replaceChildren();
  add(el, children);
}

const fmt = new Intl.NumberFormat('zh-CN');
const pct = (x) => `${Math.round((x || 0) * 1000) / 10}%`;

// ---------------------------------------------------------------- labels (filled from the server)

const labels = {
  groups: {
    graduate: '高校毕业生', youth_unemployed: '失业青年', migrant_worker: '农民工',
    hard_to_employ: '就业困难人员', disabled: '残疾人', zero_employment_family: '零就业家庭',
    poverty_alleviated: '脱贫人口', veteran: '退役军人', older_worker: '大龄劳动者',
    long_term_unemployed: '长期失业人员',
  },
  priority: new Set(['hard_to_employ', 'disabled', 'zero_employment_family', 'poverty_alleviated']),
  kinds: {
    full_time: '全职', part_time: '兼职', gig: '零工/日结', internship: '就业见习',
    public_welfare: '公益性岗位',
  },
};
const groupLabel = (g) => labels.groups[g] || g;
const kindLabel = (k) => labels.kinds[k] || k || '全职';

function payText(pay) {
  if (!pay || pay.length !== 2) return '面议';
  const [a, b] = pay.map((x) => Math.round(x));
  return a === b ? `${fmt.format(a)} 元/月` : `${fmt.format(a)}–${fmt.format(b)} 元/月`;
}

function salaryText(s) {
  if (!s || (s.min == null && s.max == null)) return '面议';
  const t = payText([s.min ?? s.max, s.max ?? s.min]);
  return s.months ? `${t}（${s.months} 薪）` : t;
}

const kmText = (km) => (km == null ? null : km < 1 ? '不到 1 公里' : `约 ${km} 公里`);

// ---------------------------------------------------------------- API key (this tab only)

const KEY = 'bole.apiKey';
const apiKey = {
  get: () => sessionStorage.getItem(KEY) || '',
  set: (v) => (v ? sessionStorage.setItem(KEY, v) : sessionStorage.removeItem(KEY)),
};

// ---------------------------------------------------------------- API calls and their errors

class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** Call the API; answers parsed JSON, or the Response itself with {raw: true}. */
async function api(path, { method = 'GET', body, type, raw = false, signal } = {}) {
  const headers = {};
  const k = apiKey.get();
  if (k) headers.Authorization = `Bearer ${k}`;
  if (body !== undefined && type) headers['Content-Type'] = type;
  let resp;
  try {
    resp = await fetch(path, { method, headers, body, signal });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, 'network', String(e.message || e));
  }
  if (raw && resp.ok) return resp;
  const text = await resp.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!resp.ok) {
    const e = (data && data.error) || {};
    throw new ApiError(resp.status, e.code || `http_${resp.status}`, e.message || text.slice(0, 300) || resp.statusText);
  }
  return data;
}

const qs = (o) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(o)) if (v !== undefined && v !== null && String(v).trim() !== '') p.set(k, String(v).trim());
  const s = p.toString();
  return s ? `?${s}` : '';
};

/** The engine's English reasons for a bad field or parameter, in plain Chinese. */
function zhReason(msg) {
  const rules = [
    [/^field `([^`]+)`: (.*)$/s, (m) => `字段「${m[1]}」：${zhReason(m[2])}`],
    [/^missing field `([^`]+)`/, (m) => `缺少必填字段「${m[1]}」`],
    [/^missing: it is required/, () => '缺少必填字段'],
    [/holds no records/, () => '文件中没有记录'],
    [/one record per line, nothing after it/, () => '一行只能有一条记录（这一行后面还有内容）'],
    [/^not UTF-8 text/, () => '不是 UTF-8 编码的文本'],
    [/is never closed|an unclosed quote/, () => '引号没有闭合（CSV 格式有误）'],
    [/^longer than (\d+) characters/, (m) => `超过 ${m[1]} 个字符`],
    [/^(\d+) items, at most (\d+)/, (m) => `共 ${m[1]} 项，最多 ${m[2]} 项`],
    [/^contains the control character/, () => '含有控制字符'],
    [/bidirectional/, () => '含有会改变文字方向的控制字符'],
    [/holds only spaces or invisible characters/, () => '不能为空（只有空格或不可见字符）'],
    [/^(\S+) is above (\S+)$/, (m) => `${m[1]} 超过上限 ${m[2]}`],
    [/is more than (\d+) days in the future/, (m) => `晚于今天 ${m[1]} 天以上`],
    [/is before posted_at/, () => '早于发布日期'],
    [/is neither pay/, () => '不是可识别的薪资（如 6-8K·13薪、200元/天）也不是“面议”'],
    [/is not a known administrative code/, () => '不是有效的行政区划代码'],
    [/(\d+) columns, the header has (\d+)/, (m) => `有 ${m[1]} 列，表头只有 ${m[2]} 列`],
    [/must be a non-empty string/, () => '不能为空'],
    [/must be at least (\d+)/, (m) => `至少应为 ${m[1]}`],
    [/min (\S+) is above max (\S+)/, (m) => `最低 ${m[1]} 高于最高 ${m[2]}`],
    [/^`([^`]*)` names no known place/, (m) => `“${m[1]}”不是已知的地名`],
    [/^`([^`]*)` is not a known administrative code/, (m) => `“${m[1]}”不是有效的行政区划代码`],
    [/^`([^`]*)` is not one of/, (m) => `“${m[1]}”不在可选范围内`],
    [/^`([^`]*)` is not an ISO date/, (m) => `“${m[1]}”不是 年-月-日 格式的日期`],
    [/^`([^`]*)` is not a non-negative integer/, (m) => `“${m[1]}”不是非负整数`],
    [/is above the maximum (\d+)/, (m) => `超过上限 ${m[1]}`],
    [/^unknown variant `([^`]*)`/, (m) => `取值“${m[1]}”不在可选范围内`],
    [/^invalid type: (.*?), expected (.*)$/, (m) => `类型不对（收到 ${m[1]}，应为 ${m[2]}）`],
    [/^(parse error: )?invalid JSON/, () => '不是有效的 JSON'],
    [/^parse error: (bad CSV record|CSV header)/, () => 'CSV 格式有误'],
    [/required: /, () => '必须填写'],
    [/CSV has no (id|title) column/, (m) => `CSV 缺少${m[1] === 'id' ? '“职位自编号”' : '“职位”'}列`],
    [/imported from JSON Lines only/, () => '求职者只能用 JSON Lines 格式导入（CSV 仅用于平台导出的岗位）'],
  ];
  for (const [re, f] of rules) {
    const m = re.exec(msg);
    if (m) return f(m);
  }
  return msg;
}

/** A plain-Chinese sentence for an API failure, plus the server's own words as detail. */
function explain(err, what = '') {
  if (!(err instanceof ApiError)) return { text: `页面出错：${err && err.message ? err.message : err}`, detail: '' };
  const m = err.message || '';
  let text;
  switch (err.code) {
    case 'network':
      text = '无法连接伯乐服务器，请检查网络，或确认服务仍在运行。';
      break;
    case 'unauthorized':
      if (/no API key is configured/.test(m)) text = '服务器没有配置 API 密钥（BOLE_API_KEYS），暂时无法进行写入操作。';
      else if (!apiKey.get()) text = '这项操作需要 API 密钥：请在页面右上角填写并保存后重试。';
      else text = 'API 密钥不正确，请核对后重新保存。';
      break;
    case 'not_found':
      text = /no such route/.test(m) ? '服务器不支持这项功能（接口不存在），可能需要升级伯乐。' : `未找到${what}。`;
      break;
    case 'invalid_field':
    case 'invalid_query':
    case 'bad_request':
      text = `请求有误：${zhReason(m)}`;
      break;
    case 'invalid_json':
      text = `内容不是有效的 JSON：${zhReason(m)}`;
      break;
    case 'payload_too_large':
      text = '文件太大，请拆分成几个较小的文件再上传。';
      break;
    case 'timeout':
      text = '服务器繁忙或处理超时，请稍后再试。';
      break;
    case 'unsupported_media_type':
      text = '服务器不接受这种文件格式：请改用 JSON Lines（每行一条 JSON 记录）。';
      break;
    case 'no_people':
      text = '名单中没有一条可用的人员记录，请检查文件内容。';
      break;
    case 'too_many_runs':
      text = '排队中的分配任务太多，请等前面的任务完成后再提交。';
      break;
    case 'not_ready':
      text = '结果还没有计算完成，请稍候。';
      break;
    case 'internal':
      text = '服务器内部出错，请联系管理员查看服务日志。';
      break;
    default:
      text = `请求失败（HTTP ${err.status}）。`;
  }
  return { text, detail: m && err.code !== 'network' ? `服务器原文：${m}` : '' };
}

function setStatus(el, kind, text, detail) {
  el.className = `status ${kind}`;
  fill(el, text, detail && h('span', { class: 'detail' }, detail));
}
const loading = (el, text = '正在加载…') => setStatus(el, 'loading', text);
const clearStatus = (el) => {
  el.className = 'status';
  el.replaceChildren();
};
function showError(el, err, what) {
  if (err && err.name === 'AbortError') return;
  const { text, detail } = explain(err, what);
  setStatus(el, 'error', text, detail);
}

/** The description of a posting as text: its HTML (<br> and the like) is read, never rendered. */
function plainText(html) {
  if (!html) return '';
  const withBreaks = String(html).replace(/<br\s*\/?>/gi, '\n').replace(/<\/p>/gi, '\n');
  return new DOMParser().parseFromString(withBreaks, 'text/html').body.textContent.trim();
}

function chips(items, cls) {
  if (!items || !items.length) return null;
  // A reason that warns (注意：…) is drawn as a warning, never like a positive reason.
  const of = (t) => (cls === 'reason' && t.startsWith('注意') ? 'warn' : cls || '');
  return h('ul', { class: 'chips' }, items.map((t) => h('li', { class: `chip ${of(t)}` }, t)));
}

function groupChips(groups) {
  if (!groups || !groups.length) return null;
  return h('ul', { class: 'chips' }, groups.map((g) => h('li', { class: labels.priority.has(g) ? 'chip prio' : 'chip group' }, groupLabel(g))));
}

function fillSelect(sel, options) {
  const keep = sel.value;
  for (const [v, t] of options) sel.append(h('option', { value: v }, t));
  sel.value = keep;
}

function table(head, rows, rowAttrs) {
  return h('div', { class: 'table-wrap' },
    h('table', {},
      h('thead', {}, h('tr', {}, head.map(([t, cls]) => h('th', { class: cls }, t)))),
      h('tbody', {}, rows.map((cells, i) => h('tr', rowAttrs ? rowAttrs(i) : {}, cells.map((c) => (c instanceof Node && c.tagName === 'TD' ? c : h('td', {}, c))))))));
}
const num = (v) => h('td', { class: 'num' }, v);

/** Save a fetched file under a name: works with a key header, which a plain link cannot send. */
async function download(path, name, statusEl) {
  try {
    const resp = await api(path, { raw: true });
    const blob = await resp.blob();
    const url = URL.createObjectURL(blob);
    const a = h('a', { href: url, download: name });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  } catch (e) {
    showError(statusEl, e, '文件');
  }
}

// ---------------------------------------------------------------- 人岗查询 (caseworker)

const caseView = {
  el: null,
  side: 'candidate',
  id: null,
  offset: 0,
  top: 20,
  shown: 0,
  maxScore: 0,
  abort: null,

  init() {
    this.el = $('#view-case');
    fillSelect($('#case-filters [name=kind]'), Object.entries(labels.kinds));
    fillSelect($('#case-filters [name=group]'), Object.entries(labels.groups));
    $('#case-form').addEventListener('submit', (ev) => {
      ev.preventDefault();
      const side = $('#case-form input[name=side]:checked').value;
      this.lookup(side, $('#case-q').value.trim());
    });
    $('#case-filters').addEventListener('submit', (ev) => {
      ev.preventDefault();
      this.navigate(this.side, this.id);
    });
  },

  filters() {
    const f = $('#case-filters');
    return {
      region: f.region.value,
      kind: this.side === 'candidate' ? f.kind.value : '',
      group: this.side === 'job' ? f.group.value : '',
      top: f.top.value,
    };
  },

  /** Put the opened record in the address, so Back and a shared link both work. */
  navigate(side, id) {
    const p = { [side === 'job' ? 'j' : 'c']: id, ...this.filters() };
    if (side === 'job') delete p.kind;
    else delete p.group;
    const hash = `#/case${qs(p)}`;
    if (location.hash === hash) this.show(new URLSearchParams(qs(p).slice(1)));
    else location.hash = hash;
  },

  show(params) {
    const c = params.get('c');
    const j = params.get('j');
    if (!c && !j) return;
    const side = c ? 'candidate' : 'job';
    const f = $('#case-filters');
    f.region.value = params.get('region') || '';
    f.kind.value = params.get('kind') || '';
    f.group.value = params.get('group') || '';
    f.top.value = ['10', '20', '50'].includes(params.get('top')) ? params.get('top') : '20';
    $(`#case-form input[name=side][value=${side}]`).checked = true;
    this.open(side, c || j);
  },

  async lookup(side, q) {
    const status = $('#case-status');
    if (!q) return;
    $('#case-hits').replaceChildren();
    loading(status, '正在查找…');
    const kind = side === 'job' ? 'jobs' : 'candidates';
    try {
      // An exact id opens the record at once; anything else is a text search.
      await api(`/v1/${kind}/${encodeURIComponent(q)}`);
      clearStatus(status);
      this.navigate(side, q);
      return;
    } catch (e) {
      if (!(e instanceof ApiError) || e.code !== 'not_found') {
        showError(status, e);
        return;
      }
    }
    try {
      const r = await api(`/v1/search/${kind}${qs({ q, top: 15 })}`);
      this.renderHits(side, q, r.hits || []);
    } catch (e) {
      showError(status, e);
    }
  },

  async renderHits(side, q, hits) {
    const status = $('#case-status');
    const box = $('#case-hits');
    if (!hits.length) {
      setStatus(status, 'empty', `没有编号为“${q}”的${side === 'job' ? '岗位' : '求职者'}，也没有搜到相关记录。请换个关键词。`);
      return;
    }
    loading(status, `搜到 ${hits.length} 条，正在读取…`);
    const kind = side === 'job' ? 'jobs' : 'candidates';
    const recs = await Promise.all(hits.map((x) => api(`/v1/${kind}/${encodeURIComponent(x.id)}`).catch(() => null)));
    setStatus(status, 'ok', `“${q}”搜到 ${hits.length} 条${side === 'job' ? '岗位' : '求职者'}，点选一条查看匹配：`);
    box.replaceChildren(h('ul', { class: 'hits' }, hits.map((x, i) => {
      const r = recs[i] || {};
      const line = side === 'job'
        ? [h('b', {}, r.title || x.title || x.id), r.employer, r.location && r.location.region, salaryText(r.salary)]
        : [h('b', {}, x.id), (r.groups || []).map(groupLabel).join('、'), r.education, (r.desired && r.desired.titles || []).join('、'),
          r.summary ? r.summary.slice(0, 40) : ''];
      return h('li', {}, h('button', { type: 'button', onclick: () => this.navigate(side, x.id) },
        h('span', { class: 'id' }, x.id), line.filter(Boolean).map((t, k) => (k ? h('span', {}, t) : t))));
    })));
  },

  async open(side, id, more = false) {
    if (this.abort) this.abort.abort();
    this.abort = new AbortController();
    const status = $('#case-matches-status');
    if (!more) {
      this.side = side;
      this.id = id;
      this.offset = 0;
      this.shown = 0;
      this.maxScore = 0;
      $('#case-hits').replaceChildren();
      clearStatus($('#case-status'));
      $('#case-q').value = id;
      $('#case-record').replaceChildren();
      $('#case-matches').replaceChildren();
      $$('#case-filters [data-for]').forEach((l) => (l.hidden = l.dataset.for !== side));
      loading(status, side === 'job' ? '正在为岗位匹配求职者…' : '正在为求职者匹配岗位…');
    } else {
      loading(status, '正在加载更多…');
    }
    const f = this.filters();
    this.top = Number(f.top) || 20;
    const kind = side === 'job' ? 'jobs' : 'candidates';
    let r;
    try {
      r = await api(`/console/api/${kind}/${encodeURIComponent(id)}/matches${qs({ ...f, offset: this.offset })}`, { signal: this.abort.signal });
    } catch (e) {
      if (e.name === 'AbortError') return;
      showError(status, e, side === 'job' ? `编号为“${id}”的岗位` : `编号为“${id}”的求职者`);
      $('#case-filters').hidden = !(e instanceof ApiError && e.code === 'invalid_field');
      return;
    }
    $('#case-filters').hidden = false;
    if (!more) {
      $('#case-record').replaceChildren(side === 'job' ? jobRecord(r.job) : personRecord(r.candidate));
      if (side === 'job') this.outcomes(id);
    }
    const ms = r.matches || [];
    for (const m of ms) this.maxScore = Math.max(this.maxScore, m.score);
    const list = more ? $('#case-matches ol') : h('ol', { class: 'matches', 'aria-label': side === 'job' ? '合适的求职者' : '合适的岗位' });
    if (!more) $('#case-matches').replaceChildren(list);
    ms.forEach((m, i) => list.append(side === 'job' ? this.personRow(m, this.shown + i + 1) : this.jobRow(m, this.shown + i + 1)));
    this.shown += ms.length;
    this.offset += ms.length;
    $$('#case-matches .more').forEach((b) => b.remove());
    if (!this.shown) {
      const hint = side === 'job' ? '可以去掉人员类别或地区筛选再试。' : '可以放宽地区或岗位类型再试。';
      setStatus(status, 'empty', `没有找到合适的${side === 'job' ? '求职者' : '岗位'}。${hint}`);
      return;
    }
    setStatus(status, 'ok', `${side === 'job' ? '合适的求职者' : '合适的岗位'}：已显示 ${this.shown} 条，按匹配度从高到低。`);
    if (ms.length === this.top) {
      $('#case-matches').append(h('button', { type: 'button', class: 'more', onclick: () => this.open(side, id, true) }, '显示更多'));
    }
  },

  /** 招聘进展: applications, interviews, hires and open places recorded for a vacancy (outcome events). */
  async outcomes(id) {
    let o;
    try {
      o = await api(`/v1/jobs/${encodeURIComponent(id)}/outcomes`);
    } catch {
      return; // the record itself is shown; progress is extra
    }
    if (this.id !== id) return;
    const c = o.counts || {};
    const box = h('section', { class: 'outcomes', id: 'case-outcomes', 'aria-label': '招聘进展' },
      h('h3', {}, '招聘进展', o.filled ? h('span', { class: 'chip warn' }, '已招满') : null),
      o.applications || o.hires || c.shown
        ? dl([
          ['推荐展示', c.shown ? `${fmt.format(c.shown)} 次` : null],
          ['投递', `${fmt.format(o.applications || 0)} 人`],
          ['面试', c.interviewed ? `${fmt.format(c.interviewed)} 人` : null],
          ['录用', `${fmt.format(o.hires || 0)} 人`],
          ['剩余名额', `${fmt.format(o.open_places)} / ${fmt.format(o.places)}`],
          ['首位录用', o.first_hire ? `${o.first_hire}（发布后 ${o.days_to_first_hire ?? '?'} 天）` : null],
        ])
        : h('p', { class: 'muted' }, `还没有投递或录用记录；名额 ${fmt.format(o.places)} 个。`));
    const rec = $('#case-record article');
    if (rec) rec.append(box);
  },

  score(m) {
    const w = this.maxScore > 0 ? Math.max(4, Math.round((m.score / this.maxScore) * 100)) : 0;
    const bar = h('i', {});
    bar.style.width = `${w}%`;
    return h('div', { class: 'score', title: '匹配度（越高越合适）' },
      h('div', { class: 'num' }, m.score.toFixed(2)), h('div', { class: 'muted' }, '匹配度'), h('div', { class: 'bar' }, bar));
  },

  jobRow(m, n) {
    return h('li', { class: 'match', dataset: { id: m.job_id } },
      h('div', { class: 'rank' }, n),
      h('div', {},
        h('div', { class: 'head' },
          h('span', { class: 'title' }, h('button', { type: 'button', onclick: () => this.navigate('job', m.job_id) }, m.title)),
          m.employer && h('span', {}, m.employer),
          h('span', { class: 'chip kind' }, kindLabel(m.kind))),
        h('div', { class: 'facts' },
          h('span', { class: 'pay' }, '月薪 ', h('b', {}, payText(m.pay))),
          m.place && h('span', {}, '地点 ', h('b', {}, m.place)),
          m.distance_km != null && h('span', {}, '距离 ', h('b', {}, kmText(m.distance_km))),
          m.beyond_commute && h('span', { class: 'chip warn' }, '超出本人通勤上限'),
          m.education && h('span', {}, '学历 ', h('b', {}, m.education)),
          h('span', {}, '招 ', h('b', {}, m.headcount), ' 人'),
          m.valid_until && h('span', {}, `有效期至 ${m.valid_until}`)),
        chips(m.reasons, 'reason'),
        m.benefits && m.benefits.length ? h('div', { class: 'muted' }, `福利：${m.benefits.join('、')}`) : null),
      this.score(m));
  },

  personRow(m, n) {
    return h('li', { class: 'match', dataset: { id: m.candidate_id } },
      h('div', { class: 'rank' }, n),
      h('div', {},
        h('div', { class: 'head' },
          h('span', { class: 'title' }, h('button', { type: 'button', onclick: () => this.navigate('candidate', m.candidate_id) }, m.candidate_id)),
          m.priority && h('span', { class: 'chip prio' }, '托底优先'),
          groupChips(m.groups)),
        h('div', { class: 'facts' },
          m.education && h('span', {}, '学历 ', h('b', {}, m.education)),
          m.major && h('span', {}, '专业 ', h('b', {}, m.major)),
          m.place && h('span', {}, '住址 ', h('b', {}, m.place)),
          m.distance_km != null && h('span', {}, '距岗位 ', h('b', {}, kmText(m.distance_km))),
          m.desired && m.desired.length ? h('span', {}, '想做 ', h('b', {}, m.desired.join('、'))) : null),
        m.summary && h('div', { class: 'summary' }, m.summary),
        chips(m.reasons, 'reason')),
      this.score(m));
  },
};

function rawRecord(rec) {
  return h('details', {}, h('summary', {}, '查看原始记录（JSON）'), h('pre', {}, JSON.stringify(rec, null, 2)));
}

function dl(pairs) {
  return h('dl', {}, pairs.filter(([, v]) => v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && !v.length))
    .map(([k, v]) => [h('dt', {}, k), h('dd', {}, Array.isArray(v) ? v.join('、') : v)]));
}

function personRecord(c) {
  const d = c.desired || {};
  const needs = c.needs || {};
  const needText = [needs.accessible && '需要无障碍', needs.flexible_hours && '需要弹性时间', needs.accommodation && '需要住宿'].filter(Boolean);
  const exp = (c.experience || []).map((e) => [e.title, e.employer, e.years != null ? `${e.years} 年` : null].filter(Boolean).join(' · '));
  return h('article', { class: 'record', 'aria-label': '求职者记录' },
    h('h2', {}, '求职者', h('span', { class: 'id' }, c.id), c.groups && c.groups.length ? groupChips(c.groups) : null),
    dl([
      ['学历', c.education], ['专业', c.major], ['毕业年份', c.graduation_year],
      ['技能', c.skills], ['证书', c.certificates], ['工作经历', exp],
      ['想做', d.titles], ['想去', d.regions], ['期望月薪', d.salary_min != null ? `${fmt.format(d.salary_min)} 元起` : null],
      ['岗位类型', (d.kinds || []).map(kindLabel)],
      ['住址', c.home && (c.home.region || c.home.adcode)], ['通勤上限', c.max_commute_km != null ? `${c.max_commute_km} 公里` : null],
      ['特殊需要', needText],
    ]),
    c.summary && h('p', { class: 'desc' }, c.summary),
    rawRecord(c));
}

function jobRecord(j) {
  const loc = j.location || {};
  return h('article', { class: 'record', 'aria-label': '岗位记录' },
    h('h2', {}, j.title, h('span', { class: 'id' }, j.id), h('span', { class: 'chip kind' }, kindLabel(j.kind))),
    dl([
      ['招聘单位', j.employer], ['地点', loc.region || loc.adcode], ['月薪', salaryText(j.salary)],
      ['学历', j.education], ['经验', j.experience_years ? `${j.experience_years} 年以上` : '不限'],
      ['招聘人数', j.headcount || 1], ['福利', j.benefits], ['技能', j.skills],
      ['无障碍', j.accessible === true ? '适合残疾人' : null],
      ['发布', j.posted_at], ['有效期至', j.valid_until], ['来源', j.source],
    ]),
    j.description && h('p', { class: 'desc' }, plainText(j.description)),
    rawRecord(j));
}

// ---------------------------------------------------------------- 直播带岗 (livestream)

const liveView = {
  audience: null,
  picks: new Map(), // job_id → pick
  order: [], // job ids, show order
  pinned: new Set(),
  skipped: new Set(),
  fresh: new Set(),
  source: null,
  toastTimer: null,

  init() {
    fillSelect($('#live-form [name=group]'), Object.entries(labels.groups));
    $('#live-form').addEventListener('submit', (ev) => {
      ev.preventDefault();
      const f = ev.target;
      const a = { region: f.region.value, group: f.group.value, industry: f.industry.value, n: f.n.value };
      const hash = `#/live${qs(a)}`;
      if (location.hash === hash) this.start(a);
      else location.hash = hash;
    });
    $('#live-big').addEventListener('click', (ev) => {
      const on = ev.currentTarget.getAttribute('aria-pressed') !== 'true';
      ev.currentTarget.setAttribute('aria-pressed', String(on));
      $('#view-live').classList.toggle('big', on);
    });
    $('#live-reset').addEventListener('click', () => {
      localStorage.removeItem(this.storeKey());
      this.start(this.audience);
    });
  },

  show(params) {
    if (![...params.keys()].length) return;
    const a = { region: params.get('region') || '', group: params.get('group') || '', industry: params.get('industry') || '', n: params.get('n') || '20' };
    const f = $('#live-form');
    f.region.value = a.region;
    f.group.value = a.group;
    f.industry.value = a.industry;
    f.n.value = ['10', '20', '30', '50'].includes(a.n) ? a.n : '20';
    if (this.audience && JSON.stringify(this.audience) === JSON.stringify(a)) return;
    this.start(a);
  },

  storeKey(a = this.audience || {}) {
    return `bole.live.${a.region}|${a.group}|${a.industry}`;
  },

  save() {
    localStorage.setItem(this.storeKey(), JSON.stringify({ order: this.order, pinned: [...this.pinned], skipped: [...this.skipped] }));
  },

  async start(a) {
    const sameShow = this.audience && this.storeKey() === this.storeKey(a);
    this.audience = a;
    if (!sameShow) this.fresh = new Set();
    const status = $('#live-status');
    loading(status, '正在生成带岗清单…');
    this.connect();
    let r;
    try {
      r = await api(`/v1/live/picks${qs(a)}`);
    } catch (e) {
      showError(status, e);
      return;
    }
    const saved = JSON.parse(localStorage.getItem(this.storeKey()) || 'null') || { order: [], pinned: [], skipped: [] };
    // Cards that arrived on the stream while the list loaded stay.
    const live = this.order.filter((id) => this.fresh.has(id) && this.picks.has(id)).map((id) => this.picks.get(id));
    this.picks = new Map();
    for (const p of [...live, ...(r.picks || [])]) this.picks.set(p.job_id, p);
    // The host's saved order first (for vacancies still on the list), then the rest as ranked.
    const ids = [...this.picks.keys()];
    this.order = [...saved.order.filter((id) => this.picks.has(id)), ...ids.filter((id) => !saved.order.includes(id))];
    this.pinned = new Set(saved.pinned.filter((id) => this.picks.has(id)));
    this.skipped = new Set(saved.skipped.filter((id) => this.picks.has(id)));
    this.fresh = new Set(live.map((p) => p.job_id));
    $('#live-reset').hidden = !(saved.order.length || saved.pinned.length || saved.skipped.length);
    if (!this.picks.size) setStatus(status, 'empty', '这个观众范围内暂时没有有效岗位。可以换个地区、人群或行业再试；直播中新发布的合适岗位仍会自动出现。');
    else clearStatus(status);
    this.render();
  },

  connect() {
    if (this.source) this.source.close();
    const conn = $('#live-conn');
    const a = this.audience;
    const src = new EventSource(`/v1/live/stream${qs({ region: a.region, group: a.group, industry: a.industry, key: apiKey.get() })}`);
    this.source = src;
    conn.className = 'conn retry';
    conn.textContent = '正在连接实时推送…';
    src.addEventListener('ready', () => {
      conn.className = 'conn on';
      conn.textContent = '实时推送已连接';
    });
    src.addEventListener('job', (ev) => {
      let p;
      try {
        p = JSON.parse(ev.data);
      } catch {
        return;
      }
      this.arrive(p);
    });
    src.addEventListener('lagged', (ev) => this.toast(`新岗位太多，有 ${ev.data} 条没来得及显示，建议点“生成清单”刷新。`));
    src.onerror = () => {
      if (src.readyState === EventSource.CLOSED) {
        conn.className = 'conn off';
        conn.textContent = '实时推送已断开（刷新清单可重连）';
      } else {
        conn.className = 'conn retry';
        conn.textContent = '实时推送中断，正在重连…';
      }
    };
  },

  /** A vacancy posted during the show: on top of the unpinned cards, highlighted. */
  arrive(p) {
    const known = this.picks.has(p.job_id);
    this.picks.set(p.job_id, p);
    this.skipped.delete(p.job_id);
    if (!known) {
      const at = this.order.findIndex((id) => !this.pinned.has(id));
      this.order.splice(at < 0 ? this.order.length : at, 0, p.job_id);
    }
    this.fresh.add(p.job_id);
    clearStatus($('#live-status'));
    this.toast(`${known ? '岗位有更新' : '新岗位'}：${p.title}${p.employer ? `（${p.employer}）` : ''}`);
    this.render();
  },

  toast(text) {
    const t = $('#live-toast');
    t.textContent = text;
    t.hidden = false;
    clearTimeout(this.toastTimer);
    this.toastTimer = setTimeout(() => (t.hidden = true), 6000);
  },

  /** Ids in show order: pinned first, skipped left out. */
  visible() {
    const on = this.order.filter((id) => !this.skipped.has(id));
    return [...on.filter((id) => this.pinned.has(id)), ...on.filter((id) => !this.pinned.has(id))];
  },

  move(id, dir) {
    const vis = this.visible();
    const i = vis.indexOf(id);
    const j = i + dir;
    if (j < 0 || j >= vis.length || this.pinned.has(vis[j]) !== this.pinned.has(id)) return;
    const a = this.order.indexOf(id);
    const b = this.order.indexOf(vis[j]);
    [this.order[a], this.order[b]] = [this.order[b], this.order[a]];
    this.changed(id);
  },

  pin(id) {
    if (this.pinned.has(id)) this.pinned.delete(id);
    else {
      this.pinned.add(id);
      // A newly pinned card goes to the end of the pinned block, after the earlier ones.
      this.order.splice(this.order.indexOf(id), 1);
      const lastPinned = this.order.reduce((k, x, i) => (this.pinned.has(x) ? i : k), -1);
      this.order.splice(lastPinned + 1, 0, id);
    }
    this.changed(id);
  },

  skip(id, on) {
    if (on) {
      this.skipped.add(id);
      this.pinned.delete(id);
    } else this.skipped.delete(id);
    this.changed(on ? null : id);
  },

  changed(focusId) {
    this.save();
    $('#live-reset').hidden = false;
    this.render();
    if (focusId) {
      const b = $(`#live-cards li[data-id="${CSS.escape(focusId)}"] .actions button`);
      if (b) b.focus({ preventScroll: true });
    }
  },

  render() {
    const vis = this.visible();
    const count = $('#live-count');
    count.textContent = vis.length ? `共 ${vis.length} 个岗位${this.pinned.size ? `，置顶 ${this.pinned.size} 个` : ''}` : '';
    $('#live-cards').replaceChildren(...vis.map((id, i) => this.card(this.picks.get(id), i, vis)));
    const sk = $('#live-skipped');
    sk.hidden = !this.skipped.size;
    $('.n', sk).textContent = this.skipped.size;
    $('ol', sk).replaceChildren(...[...this.skipped].map((id) => {
      const p = this.picks.get(id);
      return h('li', {}, `${p.title}${p.employer ? ` · ${p.employer}` : ''} `,
        h('button', { type: 'button', class: 'small', onclick: () => this.skip(id, false) }, '恢复'));
    }));
  },

  card(p, i, vis) {
    const pinned = this.pinned.has(p.job_id);
    const same = (j) => j >= 0 && j < vis.length && this.pinned.has(vis[j]) === pinned;
    const where = [p.employer, p.place, kindLabel(p.kind), p.distance_km != null ? kmText(p.distance_km) : null].filter(Boolean).join(' · ');
    const suits = (p.suits || []).map(groupLabel);
    const points = (p.talking_points || []).slice(1).filter((t) => t !== p.why && t !== p.apply);
    const cls = ['card', pinned && 'pinned', this.fresh.has(p.job_id) && 'fresh'].filter(Boolean).join(' ');
    return h('li', { class: cls, dataset: { id: p.job_id } },
      h('span', { class: 'no', 'aria-label': `第 ${i + 1} 个` }, i + 1),
      (pinned || this.fresh.has(p.job_id)) && h('div', { class: 'badges' },
        pinned && h('span', { class: 'badge pin' }, '置顶'),
        this.fresh.has(p.job_id) && h('span', { class: 'badge new' }, '新发布')),
      h('h3', {}, p.title),
      h('div', { class: 'pay' }, payText(p.pay)),
      h('div', { class: 'where' }, where),
      p.why ? h('div', { class: 'why' }, p.why) : (suits.length ? h('div', { class: 'muted' }, `适合：${suits.join('、')}`) : null),
      // The first talking point is the pay, shown above; the why line and how to apply have their own rows.
      points.length ? h('ul', { class: 'points' }, points.map((t) => h('li', {}, t))) : null,
      p.apply ? h('div', { class: 'apply' }, p.apply) : null,
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'small', 'aria-pressed': String(pinned), onclick: () => this.pin(p.job_id) }, pinned ? '取消置顶' : '置顶'),
        h('button', { type: 'button', class: 'small', 'aria-label': '上移', disabled: !same(i - 1), onclick: () => this.move(p.job_id, -1) }, '↑ 上移'),
        h('button', { type: 'button', class: 'small', 'aria-label': '下移', disabled: !same(i + 1), onclick: () => this.move(p.job_id, 1) }, '↓ 下移'),
        h('button', { type: 'button', class: 'small', onclick: () => this.skip(p.job_id, true) }, '跳过')));
  },
};

// ---------------------------------------------------------------- 一对一分配 (batch)

const batchView = {
  id: null,
  timer: null,
  roster: null,

  init() {
    fillSelect($('#batch-form [name=group]'), Object.entries(labels.groups));
    const form = $('#batch-form');
    const sync = () => {
      const src = form.source.value;
      $$('[data-source]', form).forEach((d) => {
        d.hidden = d.dataset.source !== src;
      });
    };
    form.addEventListener('change', sync);
    sync();
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      this.submit(form);
    });
  },

  show(params) {
    const id = params.get('id');
    if (id && id !== this.id) this.follow(id);
    this.loadRuns();
  },

  /** Recent runs on this server, so a caseworker can come back to a roster after closing the tab. */
  async loadRuns() {
    const box = $('#batch-runs');
    let r;
    try {
      r = await api('/v1/assignments');
    } catch {
      box.replaceChildren();
      return;
    }
    const runs = (r && r.runs) || [];
    if (!runs.length) {
      box.replaceChildren();
      return;
    }
    const states = { queued: '排队中', running: '计算中', done: '已完成', failed: '失败' };
    box.replaceChildren(h('details', { open: !this.id },
      h('summary', {}, `本服务器上最近的分配任务（${runs.length} 个，服务重启后清空）`),
      table([['任务'], ['状态'], ['方式'], ['人数', 'num'], ['提交时间']], runs.map((x) => [
        h('td', {}, h('a', { href: `#/batch?id=${encodeURIComponent(x.id)}` }, x.id)),
        states[x.state] || x.state,
        x.mode === 'max-fit' ? '总匹配度最高' : '稳定分配',
        num(fmt.format((x.progress && x.progress.total) || 0)),
        x.created ? new Date(x.created).toLocaleString('zh-CN') : '',
      ]))));
  },

  async submit(form) {
    const status = $('#batch-status');
    $('#batch-rejected').replaceChildren();
    $('#batch-result').replaceChildren();
    const p = { mode: form.mode.value, backups: form.backups.value, k: form.k.value };
    let body = '';
    let type = 'application/x-ndjson';
    if (form.source.value === 'file') {
      const file = $('#batch-file').files[0];
      if (!file) {
        setStatus(status, 'error', '请先选择名单文件（JSONL 或 CSV）。');
        return;
      }
      if (file.size > 16 * 1024 * 1024) {
        setStatus(status, 'error', '文件超过 16 MB，请拆分后分批分配。');
        return;
      }
      body = file;
      if (/\.csv$/i.test(file.name)) type = 'text/csv; charset=utf-8';
    } else {
      p.group = form.group.value;
      p.region = form.region.value;
      if (!p.group && !p.region) {
        setStatus(status, 'error', '请至少选择人员类别或填写地区，以免把所有登记人员一起分配。');
        return;
      }
    }
    loading(status, '正在提交…');
    form.querySelector('button[type=submit]').disabled = true;
    try {
      const r = await api(`/v1/assignments${qs(p)}`, { method: 'POST', body, type });
      this.rejected(r.rejected || [], r.total);
      this.id = r.id;
      history.replaceState(null, '', `#/batch?id=${encodeURIComponent(r.id)}`);
      this.poll(r.id);
    } catch (e) {
      showError(status, e);
    } finally {
      form.querySelector('button[type=submit]').disabled = false;
    }
  },

  rejected(rows, total) {
    const box = $('#batch-rejected');
    if (!rows.length) {
      box.replaceChildren();
      return;
    }
    box.replaceChildren(
      h('h2', {}, `名单中有 ${rows.length} 行无法读取，已跳过${total != null ? `（其余 ${total} 人参加分配）` : ''}`),
      table([['行号', 'num'], ['编号'], ['字段'], ['原因']], rows.map((r) => [num(r.line), h('td', { class: 'mono' }, r.id || ''), r.field || '', zhReason(r.error || '')])));
  },

  follow(id) {
    this.id = id;
    $('#batch-rejected').replaceChildren();
    $('#batch-result').replaceChildren();
    this.poll(id);
  },

  async poll(id) {
    clearTimeout(this.timer);
    const status = $('#batch-status');
    const bar = $('#batch-progress');
    let r;
    try {
      r = await api(`/v1/assignments/${encodeURIComponent(id)}`);
    } catch (e) {
      bar.hidden = true;
      showError(status, e, `编号为“${id}”的分配任务（服务器重启后任务会清空，请重新提交）`);
      return;
    }
    if (id !== this.id) return;
    const pr = r.progress || {};
    if (r.state === 'queued' || r.state === 'running') {
      bar.hidden = false;
      const total = pr.total || 0;
      const done = pr.done || 0;
      $('progress', bar).max = Math.max(total, 1);
      $('progress', bar).value = done;
      $('.label', bar).textContent = r.state === 'queued' ? '排队中…' : `正在计算：${fmt.format(done)} / ${fmt.format(total)}`;
      loading(status, r.state === 'queued' ? '任务已提交，排队中…' : '正在为每个人寻找岗位并分配名额…');
      this.timer = setTimeout(() => this.poll(id), 500);
      return;
    }
    bar.hidden = true;
    if (r.state === 'failed') {
      const e = r.error || {};
      setStatus(status, 'error', `分配失败：${zhReason(e.message || '未知原因')}`, e.message ? `服务器原文：${e.message}` : '');
      return;
    }
    loading(status, '分配完成，正在读取花名册…');
    try {
      this.roster = await api(`/v1/assignments/${encodeURIComponent(id)}/roster.json`);
    } catch (e) {
      showError(status, e, '花名册');
      return;
    }
    const s = this.roster.summary || {};
    this.loadRuns();
    setStatus(status, 'ok', `分配完成：${fmt.format(s.people || 0)} 人中 ${fmt.format(s.placed || 0)} 人已安排岗位（${pct(s.placed_share)}）。`);
    this.render(id);
  },

  render(id) {
    const { summary: s = {}, assignments = [] } = this.roster;
    const tile = (k, v, cls) => h('div', { class: `tile ${cls || ''}` }, h('div', { class: 'v' }, v), h('div', { class: 'k' }, k));
    const groups = Object.entries(s.by_group || {}).sort((a, b) => b[1].people - a[1].people);
    const unplaced = assignments.filter((a) => !a.primary);
    const unfilled = s.unfilled || [];
    const box = $('#batch-result');
    const rosterBox = h('div', {});
    fill(box,
      h('div', { class: 'downloads' },
        h('button', { type: 'button', class: 'primary', id: 'batch-csv', onclick: () => download(`/v1/assignments/${encodeURIComponent(id)}/roster.csv`, `花名册-${id}.csv`, $('#batch-status')) }, '下载花名册 CSV'),
        h('button', { type: 'button', onclick: () => download(`/v1/assignments/${encodeURIComponent(id)}/roster.json`, `花名册-${id}.json`, $('#batch-status')) }, '下载 JSON')),
      h('h2', {}, '总体情况'),
      h('div', { class: 'tiles' },
        tile('参加分配', `${fmt.format(s.people || 0)} 人`),
        tile('已安排岗位', `${fmt.format(s.placed || 0)} 人`, 'good'),
        tile('安排率', pct(s.placed_share)),
        tile('没有任何可选岗位', `${fmt.format(s.no_option || 0)} 人`, s.no_option ? 'bad' : ''),
        tile('岗位 / 名额', `${fmt.format(s.vacancies || 0)} / ${fmt.format(s.places || 0)}`),
        tile('已用名额', fmt.format(s.places_filled || 0)),
        tile('分配方式', s.mode === 'max-fit' ? '总匹配度最高' : '稳定分配'),
        tile('不稳定的人岗对', fmt.format(s.blocking_pairs || 0))),
      this.floorBox(s.floor),
      h('h2', {}, '各类人员安排情况'),
      groups.length
        ? table([['人员类别'], ['人数', 'num'], ['已安排', 'num'], ['安排率', 'num']],
          groups.map(([g, c]) => [groupLabel(g), num(fmt.format(c.people)), num(fmt.format(c.placed)), num(pct(c.placed_share))]))
        : h('p', { class: 'muted' }, '名单中的人员没有标注类别。'),
      h('h2', {}, `未安排岗位的人员（${unplaced.length} 人）`),
      unplaced.length
        ? table([['求职者'], ['类别'], ['原因']], unplaced.map((a) => [a.candidate_id, (a.groups || []).map(groupLabel).join('、'), a.unplaced_reason || '']))
        : h('p', { class: 'muted' }, '每个人都安排了岗位。'),
      h('h2', {}, '花名册'),
      rosterBox,
      h('h2', {}, `仍有空缺的岗位（${unfilled.length} 个，共 ${fmt.format(unfilled.reduce((t, u) => t + (u[1] || 0), 0))} 个名额）`),
      unfilled.length ? this.unfilledBox(unfilled) : h('p', { class: 'muted' }, '所有名额都已分配。'));
    this.rosterTable(rosterBox, assignments, 100);
  },

  /** What the 托底 floor did: who it placed, on which fallback, who gave way, who is still without. */
  floorBox(f) {
    if (!f) return null;
    if (!f.enabled) return h('p', { class: 'muted', id: 'batch-floor' }, '本次分配未启用托底安排。');
    const tile = (k, v, cls) => h('div', { class: `tile ${cls || ''}` }, h('div', { class: 'v' }, v), h('div', { class: 'k' }, k));
    const left = (f.people || 0) - (f.placed || 0);
    return h('div', { id: 'batch-floor' },
      h('h2', {}, `托底安排（${(f.groups || []).map(groupLabel).join('、')}）`),
      h('div', { class: 'tiles' },
        tile('托底人员', `${fmt.format(f.people || 0)} 人`),
        tile('已安排', `${fmt.format(f.placed || 0)} 人`, 'good'),
        tile('经托底安排', `${fmt.format(f.placed_by_floor || 0)} 人`),
        tile('安排到公益性岗位', `${fmt.format(f.placed_by_fallback || 0)} 人`),
        tile('让出名额的其他人员', `${fmt.format(f.displaced || 0)} 人`, f.displaced ? 'warn' : ''),
        tile('仍未安排', `${fmt.format(left)} 人`, left ? 'bad' : 'good')),
      left
        ? h('p', { class: 'muted' }, `仍未安排的托底人员中：${fmt.format(f.none_in_circle || 0)} 人通勤范围内没有任何岗位（含公益性岗位），${fmt.format(f.places_taken_by_floor || 0)} 人可选岗位名额已全部安排给其他托底人员。建议开发公益性岗位或扩大通勤范围。`)
        : null);
  },

  /** Collapsed when long; the titles are only fetched once it is opened. */
  unfilledBox(unfilled) {
    const d = h('details', { open: unfilled.length <= 10 }, h('summary', {}, '查看空缺岗位'));
    let built = false;
    const build = () => {
      if (d.open && !built) {
        built = true;
        d.append(this.unfilledTable(unfilled));
      }
    };
    d.addEventListener('toggle', build);
    build();
    return d;
  },

  unfilledTable(unfilled) {
    const shown = unfilled.slice(0, 100);
    const titles = shown.map(([id]) => h('td', {}, id));
    // Titles make the list actionable; ids alone mean nothing to a caseworker.
    shown.forEach(([id], i) => {
      api(`/v1/jobs/${encodeURIComponent(id)}`).then((j) => {
        titles[i].replaceChildren(h('b', {}, j.title), j.employer ? ` · ${j.employer}` : '', h('span', { class: 'mono muted' }, ` ${id}`));
      }).catch(() => {});
    });
    return h('div', {},
      table([['岗位'], ['剩余名额', 'num']], shown.map(([, n], i) => [titles[i], num(n)])),
      unfilled.length > shown.length ? h('p', { class: 'muted' }, `仅显示前 ${shown.length} 个，完整名单见下载的 JSON。`) : null);
  },

  rosterTable(box, rows, limit) {
    const place = (p) => (p ? [h('b', {}, p.title), p.employer ? ` · ${p.employer}` : '', h('br', {}),
      h('span', { class: 'muted' }, [p.pay || '面议', p.place, p.distance_km != null ? kmText(p.distance_km) : null].filter(Boolean).join(' · '))] : '—');
    const shown = rows.slice(0, limit);
    fill(box,
      table([['求职者'], ['类别'], ['主推岗位'], ['匹配度', 'num'], ['备选岗位']], shown.map((a) => [
        a.candidate_id,
        (a.groups || []).map(groupLabel).join('、'),
        h('td', {}, a.primary ? place(a.primary) : h('span', { class: 'bad-mark' }, a.unplaced_reason || '未安排')),
        num(a.primary ? a.primary.score.toFixed(2) : ''),
        (a.backups || []).map((b) => `${b.title}${b.full ? '（已满）' : ''}`).join('；'),
      ])),
      rows.length > limit ? h('button', { type: 'button', onclick: () => this.rosterTable(box, rows, rows.length) }, `显示全部 ${rows.length} 行`) : null);
  },
};

// ---------------------------------------------------------------- 数据导入 (import)

const importView = {
  last: null,

  init() {
    const form = $('#import-form');
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      this.submit(form);
    });
  },

  show() {},

  async submit(form) {
    const status = $('#import-status');
    const file = $('#import-file').files[0];
    $('#import-result').replaceChildren();
    if (!file) {
      setStatus(status, 'error', '请先选择要导入的文件。');
      return;
    }
    if (file.size > 16 * 1024 * 1024) {
      setStatus(status, 'error', '文件超过 16 MB，请拆分成几个文件分别导入（或在服务器上用 bole import 命令）。');
      return;
    }
    const side = form.side.value;
    const format = form.format.value || (/\.csv$/i.test(file.name) ? 'csv' : 'jsonl');
    if (side === 'candidates' && format === 'csv') {
      setStatus(status, 'error', '求职者只能用 JSON Lines 格式导入；CSV 仅用于平台导出的岗位。');
      return;
    }
    loading(status, `正在导入 ${file.name}…`);
    form.querySelector('button[type=submit]').disabled = true;
    try {
      const r = await api(`/console/api/import/${side}${qs({ format })}`, {
        method: 'POST', body: file, type: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson',
      });
      this.render(r, file.name);
      loadMeta();
    } catch (e) {
      showError(status, e);
    } finally {
      form.querySelector('button[type=submit]').disabled = false;
    }
  },

  /** The import report (docs/SCHEMA.md): counts, then every rejected line with its field and reason. */
  render(r, name) {
    const status = $('#import-status');
    const what = r.side === 'jobs' ? '岗位' : '求职者';
    const rows = r.rejected || [];
    const text = `${name}：导入${what} ${fmt.format(r.stored)} 条（新增 ${fmt.format(r.inserted)}，覆盖 ${fmt.format(r.replaced)}），拒绝 ${fmt.format(rows.length)} 行。`;
    setStatus(status, !rows.length ? 'ok' : r.stored ? 'warn' : 'error', text);
    const shown = rows.slice(0, 1000);
    fill($('#import-result'),
      h('div', { class: 'tiles' },
        h('div', { class: 'tile' }, h('div', { class: 'v' }, fmt.format(r.received)), h('div', { class: 'k' }, '记录条数')),
        h('div', { class: 'tile good' }, h('div', { class: 'v' }, fmt.format(r.stored)), h('div', { class: 'k' }, '已导入')),
        h('div', { class: `tile ${rows.length ? 'bad' : ''}` }, h('div', { class: 'v' }, fmt.format(rows.length)), h('div', { class: 'k' }, '被拒绝'))),
      rows.length ? h('h2', {}, '被拒绝的行') : null,
      rows.length ? table([['行号', 'num'], ['编号'], ['字段'], ['原因']], shown.map((x) => [
        num(x.line), h('td', { class: 'mono' }, x.id || ''), x.field || '', zhReason(x.error || ''),
      ]), () => ({ class: 'rejected' })) : null,
      rows.length > shown.length ? h('p', { class: 'muted' }, `仅显示前 ${shown.length} 行（共 ${rows.length} 行）。`) : null);
  },
};

// ---------------------------------------------------------------- shell: key, server state, views

const views = { case: caseView, live: liveView, batch: batchView, import: importView };

function route() {
  const m = /^#\/(\w+)(?:\?(.*))?$/.exec(location.hash);
  const name = m && views[m[1]] ? m[1] : 'case';
  for (const n of Object.keys(views)) $(`#view-${n}`).hidden = n !== name;
  $$('.tabs a').forEach((a) => (a.dataset.view === name ? a.setAttribute('aria-current', 'page') : a.removeAttribute('aria-current')));
  const titles = { case: '人岗查询', live: '直播带岗', batch: '一对一分配', import: '数据导入' };
  document.title = `${titles[name]} · 伯乐`;
  views[name].show(new URLSearchParams((m && m[2]) || ''));
}

function showKeyState() {
  const s = $('#key-state');
  const set = !!apiKey.get();
  s.className = `key-state ${set ? 'set' : 'unset'}`;
  s.textContent = set ? '已设置（仅本标签页）' : '未设置：只能查看';
  $('#api-key').value = apiKey.get();
}

let meta = null;
async function loadMeta() {
  const banner = $('#banner');
  try {
    meta = await api('/console/api/meta');
  } catch (e) {
    const { text } = explain(e);
    banner.textContent = text;
    banner.hidden = false;
    $('#server-info').textContent = '服务器未连接';
    return;
  }
  for (const g of meta.groups) labels.groups[g.id] = g.label;
  labels.priority = new Set(meta.groups.filter((g) => g.priority).map((g) => g.id));
  for (const k of meta.kinds) labels.kinds[k.id] = k.label;
  $('#server-info').textContent = `伯乐 ${meta.version} · 岗位 ${fmt.format(meta.counts.jobs)} 条 · 求职者 ${fmt.format(meta.counts.candidates)} 人`;
  if (!meta.writes_enabled) {
    banner.textContent = '服务器没有配置 API 密钥（BOLE_API_KEYS），导入和批量分配等写入操作暂不可用；查询和直播清单不受影响。';
    banner.hidden = false;
  } else banner.hidden = true;
}

function init() {
  $('#key-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    apiKey.set($('#api-key').value.trim());
    showKeyState();
    // A server with closed reads answers only now.
    loadMeta();
  });
  $('#key-clear').addEventListener('click', () => {
    apiKey.set('');
    showKeyState();
  });
  showKeyState();
  for (const v of Object.values(views)) if (v.init) v.init();
  window.addEventListener('hashchange', route);
  route();
  loadMeta();
}

init();
