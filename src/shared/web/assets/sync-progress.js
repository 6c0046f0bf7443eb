// The console's Knowledge screen: follows a Help Center sync while it runs. The page names the progress endpoint
// (data-progress) only for a sync not finished; this script asks it every second and writes its line into the
// aria-live region, as text, until the sync ends. Without it the page shows the same line on each reload.
'use strict';

(function () {
  const region = document.getElementById('sync-progress');
  const url = region && region.dataset.progress;
  if (!url) return;
  const POLL_MS = 1000;

  async function poll() {
    let body = null;
    try {
      const response = await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin', redirect: 'error' });
      const json = (response.headers.get('content-type') || '').includes('application/json');
      if (!response.ok || !json) return stop(`Progress is not available (the service answered ${response.status}): reload the page.`);
      body = await response.json();
    } catch (error) {
      return stop('Progress is not available (the service could not be reached or the session ended): reload the page.');
    }
    if (region.textContent !== body.text) region.textContent = body.text;
    if (body.finished) return stop();
    setTimeout(poll, POLL_MS);
  }

  function stop(message) {
    if (message) region.textContent = message;
    delete region.dataset.progress;
  }

  setTimeout(poll, POLL_MS);
})();
