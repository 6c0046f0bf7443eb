// The insights dashboard: asks the admin API with the key typed in, draws the answer with Chart.js and writes the
// same numbers as tables. Data is only ever inserted as text (textContent), never as markup. On the console's
// Insights page the form names its own JSON endpoint (data-insights-url, answered for the session cookie) and
// carries the first period's numbers (data-insights): no id or key is typed, none is stored.
'use strict';

(function () {
  const STORED_ORGANIZATION = 'opencx.insights.organizationId';
  const STORED_KEY = 'opencx.insights.apiKey';
  const OUTCOMES = [
    { key: 'suggested', label: 'Suggested', color: '#1a7f37' },
    { key: 'skipped', label: 'Skipped', color: '#8c959f' },
    { key: 'failed', label: 'Failed', color: '#cf222e' },
  ];
  const ACCEPTANCE = [
    { key: 'as_is', label: 'As is', color: '#1a7f37' },
    { key: 'lightly_edited', label: 'Lightly edited', color: '#54aeff' },
    { key: 'heavily_edited', label: 'Heavily edited', color: '#d4a72c' },
    { key: 'ignored', label: 'Ignored', color: '#cf222e' },
    { key: 'pending', label: 'Pending', color: '#d0d7de' },
  ];
  const charts = new Map();
  const $ = (id) => document.getElementById(id);
  const form = $('insights-form');

  const consoleUrl = form.dataset.insightsUrl;

  if (consoleUrl) {
    if (form.dataset.insights) show(JSON.parse(form.dataset.insights));
  } else {
    $('organization-id').value = sessionStorage.getItem(STORED_ORGANIZATION) || '';
    $('api-key').value = sessionStorage.getItem(STORED_KEY) || '';
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const query = new URLSearchParams();
    if ($('from').value) query.set('from', $('from').value);
    if ($('to').value) query.set('to', $('to').value);
    let url = `${consoleUrl}?${query}`;
    const headers = { Accept: 'application/json' };
    if (!consoleUrl) {
      const organizationId = $('organization-id').value.trim();
      const key = $('api-key').value.trim();
      if (!organizationId || !key) return showError('Enter the organization id and an API key.');
      sessionStorage.setItem(STORED_ORGANIZATION, organizationId);
      sessionStorage.setItem(STORED_KEY, key);
      url = `/admin/organizations/${encodeURIComponent(organizationId)}/insights?${query}`;
      headers.Authorization = `Bearer ${key}`;
    }
    hideError();
    $('status').textContent = 'Loading…';
    try {
      const response = await fetch(url, { headers, credentials: 'same-origin' });
      const body = await response.json().catch(() => null);
      if (!response.ok) return showError(problemMessage(response.status, body));
      show(body);
      // The console's address names the period drawn, so a reload or a bookmark draws it again.
      if (consoleUrl) history.replaceState(null, '', `?${query}`);
    } catch (error) {
      showError(`The service could not be reached (${error.message}).`);
    }
  });

  function show(insights) {
    render(insights);
    $('status').textContent = `Showing ${insights.period.from} to ${insights.period.to} (UTC, the last day not included).`;
  }

  function problemMessage(status, problem) {
    const detail = problem && typeof problem.detail === 'string' ? problem.detail : '';
    const fields = problem && Array.isArray(problem.errors) ? problem.errors.map((e) => e.message).join('; ') : '';
    const lead = {
      400: 'The request was refused',
      401: consoleUrl ? 'Your console session has ended: sign in again' : 'The API key was not accepted',
      403: 'This key may not see this organization',
      404: 'No such organization',
    }[status] || `The service answered ${status}`;
    return [lead, fields || detail].filter(Boolean).join(': ') + '.';
  }

  function showError(message) {
    $('status').textContent = '';
    $('error').textContent = message;
    $('error').classList.remove('hidden');
    $('insights').classList.add('hidden');
  }

  function hideError() {
    $('error').textContent = '';
    $('error').classList.add('hidden');
  }

  function render(insights) {
    $('insights').classList.remove('hidden');
    const days = insights.suggestionsPerDay;
    const total = (key) => days.reduce((sum, day) => sum + day[key], 0);
    drawStacked('per-day', days.map((d) => d.day), OUTCOMES.map((o) => ({ ...o, values: days.map((d) => d[o.key]) })));
    $('per-day-summary').textContent = OUTCOMES.map((o) => `${total(o.key)} ${o.label.toLowerCase()}`).join(', ') + ' in the period.';

    const reasons = insights.skipReasons;
    drawBars('skip-reasons', reasons.map((r) => r.reason), reasons.map((r) => r.count));
    $('skip-reasons-summary').textContent = reasons.length
      ? `Most frequent: ${reasons.slice(0, 3).map((r) => `${r.reason} (${r.count})`).join(', ')}.`
      : 'No skips in the period.';

    const points = insights.acceptanceOverTime.points;
    drawStacked('acceptance-time', points.map((p) => p.start), ACCEPTANCE.map((a) => ({ ...a, values: points.map((p) => p.counts[a.key]) })));
    const overall = insights.acceptanceOverall;
    $('acceptance-time-summary').textContent =
      `${plural(overall.total, 'suggestion')} posted (per ${insights.acceptanceOverTime.bucket}): ` +
      ACCEPTANCE.map((a) => `${overall[a.key]} ${a.label.toLowerCase()}`).join(', ') + '.';

    const topics = insights.acceptanceByTopic;
    drawStacked('acceptance-topic', topics.map((t) => t.topic), ACCEPTANCE.map((a) => ({ ...a, values: topics.map((t) => t.counts[a.key]) })), true);
    $('acceptance-topic-summary').textContent = topics.length ? `${plural(topics.length, 'topic')} matched posted suggestions.` : 'No topic matched a posted suggestion.';

    renderArticles(insights.articlesToFix);
    const training = insights.training;
    table('training-table', ['Action', 'Count'], [
      ['Rated good', training.ratedGood],
      ['Rated needs work', training.ratedNeedsWork],
      ['Answers corrected', training.answersCorrected],
      ['Articles fixed in Guide', training.articlesFixed],
      ['Topics fixed', training.topicsFixed],
    ]);
    renderGaps(insights.knowledgeGaps);
  }

  function drawStacked(id, labels, series, horizontal = false) {
    draw(id, {
      type: 'bar',
      data: { labels, datasets: series.map((s) => ({ label: s.label, data: s.values, backgroundColor: s.color })) },
      options: {
        indexAxis: horizontal ? 'y' : 'x',
        scales: { x: { stacked: true, ticks: { precision: 0 } }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
      },
    });
    table(`${id}-table`, [horizontal ? 'Topic' : 'Date', ...series.map((s) => s.label)], labels.map((label, i) => [label, ...series.map((s) => s.values[i])]));
  }

  function drawBars(id, labels, values) {
    draw(id, {
      type: 'bar',
      data: { labels, datasets: [{ label: 'Skips', data: values, backgroundColor: '#8c959f' }] },
      options: { indexAxis: 'y', plugins: { legend: { display: false } }, scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } },
    });
    table(`${id}-table`, ['Reason', 'Skips'], labels.map((label, i) => [label, values[i]]));
  }

  function draw(id, config) {
    charts.get(id)?.destroy();
    config.options = { ...config.options, responsive: true, maintainAspectRatio: false, animation: false };
    charts.set(id, new Chart($(`${id}-chart`), config));
  }

  function table(id, headings, rows) {
    const element = $(id);
    element.replaceChildren();
    const head = element.createTHead().insertRow();
    for (const heading of headings) head.appendChild(cell('th', heading)).setAttribute('scope', 'col');
    const body = element.createTBody();
    for (const row of rows) {
      const tr = body.insertRow();
      row.forEach((value, i) => tr.appendChild(cell(i === 0 ? 'th' : 'td', value)));
    }
  }

  function cell(tag, content) {
    const element = document.createElement(tag);
    if (content instanceof Node) element.appendChild(content);
    else element.textContent = String(content);
    return element;
  }

  function renderArticles(articles) {
    $('articles-summary').textContent = articles.length
      ? `${plural(articles.length, 'article')} behind heavily edited or ignored suggestions.`
      : 'No article was behind a heavily edited or ignored suggestion.';
    $('articles-table').classList.toggle('hidden', articles.length === 0);
    table(
      'articles-table',
      ['Article', 'Heavily edited', 'Ignored', 'Judged', 'Share to fix'],
      articles.map((a) => [
        link(a.title || a.articleId, a.url),
        a.counts.heavily_edited,
        a.counts.ignored,
        a.counts.total - a.counts.pending,
        `${Math.round(a.toFixShare * 100)}%`,
      ]),
    );
  }

  function plural(count, noun) {
    return `${count} ${noun}${count === 1 ? '' : 's'}`;
  }

  // Only web links: an article URL is data, and a javascript: one must not become clickable.
  function link(text, url) {
    let safe = null;
    try {
      const parsed = new URL(url);
      if (parsed.protocol === 'https:' || parsed.protocol === 'http:') safe = parsed.href;
    } catch {
      safe = null;
    }
    if (!safe) return document.createTextNode(text);
    const a = document.createElement('a');
    a.href = safe;
    a.rel = 'noopener noreferrer';
    a.target = '_blank';
    a.textContent = text;
    return a;
  }

  function renderGaps(gaps) {
    const list = $('gaps-list');
    list.replaceChildren();
    const questions = gaps.reduce((sum, gap) => sum + gap.size, 0);
    $('gaps-summary').textContent = gaps.length
      ? `${plural(questions, 'unanswered question')} in ${plural(gaps.length, 'group')}, biggest first.`
      : 'No unanswered questions in the period.';
    for (const gap of gaps) {
      const item = document.createElement('li');
      const title = item.appendChild(cell('h3', gap.label));
      title.appendChild(cell('span', ` · ${plural(gap.size, 'ticket')}`)).className = 'muted';
      const examples = item.appendChild(document.createElement('ul'));
      for (const example of gap.examples) {
        const entry = examples.appendChild(document.createElement('li'));
        entry.appendChild(cell('strong', `#${example.ticketId}`));
        entry.appendChild(cell('span', ` (${example.at.slice(0, 10)}) `)).className = 'muted';
        entry.appendChild(cell('q', example.question));
      }
      list.appendChild(item);
    }
  }
})();
