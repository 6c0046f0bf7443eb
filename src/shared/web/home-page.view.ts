import { html, page } from './html';

// What answers at / : what this service is and where its doors are. Static: no organization, no token.
export function homePage(): string {
  const body = html`
<h1>OpenCX Assist for Zendesk</h1>
<p>OpenCX Assist drafts the reply a support rep is about to write, grounded in your own help center, and posts it on the Zendesk ticket as an internal note: it never writes to a customer.</p>
<section class="card" aria-labelledby="people-title">
<h2 id="people-title">Pages</h2>
<ul>
<li><a href="/console">Admin console</a>: sign in with the operator token or an organization's API key; create an organization, connect Zendesk, sync the help center, set topics and settings, and see why each ticket got a note or not.</li>
<li><a href="/dashboard">Insights dashboard</a>: what Assist did, what reps made of it, the articles to fix and write. Opens with an organization's API key or the operator token.</li>
<li>Training pages open from the link in each note Assist posts.</li>
</ul>
</section>
<section class="card" aria-labelledby="api-title">
<h2 id="api-title">Admin API</h2>
<p class="muted">Every call carries <code>Authorization: Bearer</code> with the operator token or an organization's API key.</p>
<ul>
<li><a href="/docs">REST API documentation</a> (OpenAPI; the document itself at <a href="/docs-json">/docs-json</a>): register an organization, load articles, turn Assist on.</li>
<li><a href="/graphql">GraphQL</a>: the same data and actions, by <code>POST /graphql</code>.</li>
</ul>
</section>
<section class="card" aria-labelledby="operations-title">
<h2 id="operations-title">Operations</h2>
<p class="muted">No token needed: keep these on your internal network.</p>
<ul>
<li><a href="/health/live">Liveness probe</a>: the process answers.</li>
<li><a href="/health/ready">Readiness probe</a>: the database and the job queue are reachable.</li>
<li><a href="/metrics">Prometheus metrics</a>.</li>
</ul>
</section>`;
  return page({ title: 'Start', body });
}
