// radio4j web page: index images, search by text or image, show the feature visualisation.
// Plain browser JavaScript on purpose: the page ships inside the service jar with no build step
// and must work offline, so there is no framework and no bundler.
'use strict';

(() => {
  // The REST contract this page speaks; the service's OpenAPI document (/q/openapi) is the reference.
  const API = {
    index: 'v1/index',
    info: 'v1/info',
    search: 'v1/search',
    image: id => `v1/index/${encodeURIComponent(id)}/image`,
    entry: id => `v1/index/${encodeURIComponent(id)}`,
    features: 'v1/images/features',
    jobs: 'v1/index/jobs',
    job: id => `v1/index/jobs/${encodeURIComponent(id)}`,
    jobEvents: id => `v1/index/jobs/${encodeURIComponent(id)}/events`,
    ready: 'q/health/ready',
    uploadPart: 'file',
  };
  // When the job's event stream breaks, the page asks for the job this often until it is done.
  const JOB_POLL_MS = 500;
  const API_KEY_STORAGE = 'radio4j.apiKey';
  // Entries of the index listed per page on load ("Show more" fetches the next page).
  const INDEX_PAGE = 24;

  const $ = id => document.getElementById(id);
  const els = {
    health: $('health'), auth: $('auth'), apiKey: $('api-key'), errors: $('errors'),
    indexDrop: $('index-drop'), indexFiles: $('index-files'),
    indexProgress: $('index-progress'), indexStatus: $('index-status'), indexItems: $('index-items'),
    textSearch: $('text-search'), query: $('query'), k: $('k'), searchButton: $('search-button'),
    searchDrop: $('search-drop'), searchFile: $('search-file'), searchStatus: $('search-status'),
    results: $('results'), resultsEmpty: $('results-empty'), template: $('result-template'),
    resultsTitle: $('results-title'), indexMore: $('index-more'), standInNote: $('stand-in-note'),
    features: $('features'), featuresSource: $('features-source'), featuresName: $('features-name'),
    featuresImage: $('features-image'), featuresCaption: $('features-caption'),
  };

  // Object URLs of thumbnails and visualisations; revoked when the grid is redrawn so a long
  // session does not keep every image it ever showed in memory.
  let objectUrls = [];
  // File names of what this page indexed, by id, for entries whose search hit carries no name.
  const namesById = new Map();

  // ---------------------------------------------------------------- API key

  els.apiKey.value = sessionStorage.getItem(API_KEY_STORAGE) || '';
  if (els.apiKey.value) els.auth.open = true;
  els.apiKey.addEventListener('input', () => sessionStorage.setItem(API_KEY_STORAGE, els.apiKey.value.trim()));
  // A newly entered key may unlock what the page could not read on load.
  els.apiKey.addEventListener('change', () => { loadInfo(); if (view === 'index') loadIndex(true); });

  function authHeaders() {
    const key = els.apiKey.value.trim();
    return key ? { Authorization: `Bearer ${key}` } : {};
  }

  // ---------------------------------------------------------------- errors

  /** Thrown for any non-2xx answer; carries the problem+json fields when the server sent them. */
  class ApiError extends Error {
    constructor(status, title, detail) {
      super(detail ? `${title}: ${detail}` : title);
      this.status = status;
      this.title = title;
      this.detail = detail;
    }
  }

  async function errorFrom(response) {
    let title = `${response.status} ${response.statusText || 'error'}`.trim();
    let detail = '';
    const text = await response.text().catch(() => '');
    try {
      const problem = JSON.parse(text);
      if (problem && typeof problem === 'object') {
        title = problem.title || title;
        detail = problem.detail || problem.message || '';
      }
    } catch (notJson) {
      detail = text.slice(0, 300);
    }
    if (response.status === 401 || response.status === 403) {
      els.auth.open = true;
      els.apiKey.focus();
      detail = detail || 'This service requires an API key: enter it above.';
    }
    const retryAfter = response.headers.get('Retry-After');
    if (retryAfter) detail += ` (retry after ${retryAfter} s)`;
    return new ApiError(response.status, title, detail);
  }

  /**
   * What went wrong, in words for people: the status decides, since server details may hold codes
   * (UNSUPPORTED_FORMAT) or bytes in hex. The server's own words stay under "Technical details".
   */
  function plainMessage(error, forFile) {
    const status = error instanceof ApiError ? error.status : -1;
    const detail = (error && error.detail) || '';
    switch (true) {
      case status === 0: return 'The service could not be reached. Check that it is running, then try again.';
      case status === 401: return 'This service needs an API key: enter it above.';
      case status === 403: return /API key/i.test(detail) ? 'This API key is not accepted: check it above.' : 'The service does not allow this.';
      case status === 404: return 'Not found: it may have been removed already.';
      case status === 413: return forFile ? 'This file is too large for the service.' : 'The request is too large for the service.';
      case status === 415: return forFile ? 'This file is not an image radio4j can read (JPEG, PNG, GIF, BMP or WebP).'
        : 'The service cannot read this kind of data.';
      case status === 400 || status === 422: return forFile ? 'This image could not be read: it may be damaged or cut short.'
        : 'The service could not use this input.';
      case status === 429: return 'The service is busy right now. Try again in a moment.';
      case status === 503: return 'The model backend is not available right now. Try again in a moment.';
      case status >= 500: return 'Something went wrong inside the service. Try again; if it keeps happening, see the service log.';
      default: return (error && error.message) || 'Something went wrong.';
    }
  }

  /** plain: the words shown, when the service already said what went wrong in plain words. */
  function showError(context, error, forFile = false, plain = null) {
    const box = document.createElement('div');
    box.className = 'error';
    const text = document.createElement('span');
    text.className = 'text';
    const title = document.createElement('span');
    title.className = 'title';
    title.textContent = context;
    const plainText = document.createElement('span');
    plainText.className = 'plain';
    plainText.textContent = plain || plainMessage(error, forFile);
    const more = document.createElement('details');
    const summary = document.createElement('summary');
    summary.textContent = 'Technical details';
    const detail = document.createElement('span');
    detail.className = 'detail';
    const status = error instanceof ApiError && error.status ? `HTTP ${error.status} · ` : '';
    detail.textContent = status + (error instanceof ApiError ? `${error.title}${error.detail ? ': ' + error.detail : ''}`
      : (error.message || String(error)));
    more.append(summary, detail);
    text.append(title, plainText, more);
    const close = document.createElement('button');
    close.type = 'button';
    close.textContent = '×';
    close.setAttribute('aria-label', 'Dismiss');
    close.addEventListener('click', () => box.remove());
    box.append(text, close);
    els.errors.append(box);
  }

  function clearErrors() {
    els.errors.replaceChildren();
  }

  // ---------------------------------------------------------------- HTTP

  async function request(method, url, body) {
    let response;
    try {
      response = await fetch(url, { method, body, headers: authHeaders() });
    } catch (network) {
      throw new ApiError(0, 'Service unreachable', network.message);
    }
    if (!response.ok) throw await errorFrom(response);
    return response;
  }

  async function json(method, url, body) {
    const response = await request(method, url, body);
    return response.status === 204 ? null : response.json();
  }

  /** XMLHttpRequest rather than fetch because only it reports upload progress. */
  function upload(url, form, onProgress) {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', url);
      for (const [name, value] of Object.entries(authHeaders())) xhr.setRequestHeader(name, value);
      xhr.upload.addEventListener('progress', e => { if (e.lengthComputable) onProgress(e.loaded / e.total); });
      xhr.addEventListener('error', () => reject(new ApiError(0, 'Service unreachable', 'the upload did not reach the service')));
      xhr.addEventListener('load', async () => {
        const response = new Response(xhr.status === 204 ? null : xhr.response, {
          status: xhr.status,
          statusText: xhr.statusText,
          headers: { 'Content-Type': xhr.getResponseHeader('Content-Type') || '', 'Retry-After': xhr.getResponseHeader('Retry-After') || '' },
        });
        if (!response.ok) reject(await errorFrom(response));
        else resolve(xhr.status === 204 ? null : response.json().catch(() => null));
      });
      xhr.send(form);
    });
  }

  // ---------------------------------------------------------------- response shapes
  // POST /v1/index/jobs → 202 {id, state, total, indexed, failed, items: [{index, fileName, state, imageId,
  //   failure: {status, reason, detail}}]}; GET /v1/index/jobs/{id} → the same; .../events → Server-Sent
  //   Events 'job' (that shape; again when a folder job's files are listed), 'item' (one item) per change, 'done' (the finished job)
  // GET|POST /v1/search → {results: [{id, score, fileName, ...}]}, best first

  const listIn = (body, key) => (body && Array.isArray(body[key]) ? body[key] : []);

  // ---------------------------------------------------------------- drop zones

  function dropZone(zone, input, onFiles) {
    for (const type of ['dragenter', 'dragover']) {
      zone.addEventListener(type, e => { e.preventDefault(); zone.classList.add('dragging'); });
    }
    for (const type of ['dragleave', 'drop']) {
      zone.addEventListener(type, e => { e.preventDefault(); zone.classList.remove('dragging'); });
    }
    zone.addEventListener('drop', e => {
      const files = [...(e.dataTransfer?.files || [])];
      if (files.length) onFiles(files);
    });
    zone.addEventListener('keydown', e => {
      if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); input.click(); }
    });
    input.addEventListener('change', () => {
      const files = [...input.files];
      input.value = '';
      if (files.length) onFiles(files);
    });
  }

  // Dropping an image anywhere else would make the browser navigate away from the page.
  for (const type of ['dragover', 'drop']) window.addEventListener(type, e => e.preventDefault());

  // ---------------------------------------------------------------- indexing

  const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

  /** One Server-Sent Event block ("event: x\ndata: {...}") as {name, data}, or null without data. */
  function parseEvent(block) {
    let name = 'message';
    const data = [];
    for (const line of block.split(/\r?\n/)) {
      if (line.startsWith('event:')) name = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
    }
    return data.length ? { name, data: JSON.parse(data.join('\n')) } : null;
  }

  /**
   * Follows an indexing job until it is done, calling onView with a whole job and onItem with each
   * changed item; answers the finished job. The stream is read with fetch because EventSource cannot
   * send the API key header; if it breaks, the job is polled, which loses nothing since the job
   * itself holds every item's state.
   */
  async function followJob(id, onView, onItem) {
    try {
      const response = await request('GET', API.jobEvents(id));
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        for (let end = buffer.search(/\r?\n\r?\n/); end >= 0; end = buffer.search(/\r?\n\r?\n/)) {
          const event = parseEvent(buffer.slice(0, end));
          buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
          if (!event) continue;
          if (event.name === 'item') onItem(event.data);
          else onView(event.data);
          if (event.name === 'done') return event.data;
        }
      }
    } catch (streamBroken) {
      // Polled below.
    }
    for (;;) {
      const view = await json('GET', API.job(id));
      onView(view);
      if (view.state === 'done') return view;
      await sleep(JOB_POLL_MS);
    }
  }

  const STATE_WORDS = { queued: 'waiting', embedding: 'embedding…', indexed: 'indexed' };

  /** One row per file under the bar: its name and state, in red with the reason when it failed. */
  function drawItem(item) {
    let row = els.indexItems.querySelector(`li[data-index="${item.index}"]`);
    if (!row) {
      row = document.createElement('li');
      row.dataset.index = String(item.index);
      const name = document.createElement('span');
      name.className = 'name';
      const state = document.createElement('span');
      state.className = 'state';
      row.append(name, state);
      els.indexItems.append(row);
    }
    row.dataset.state = item.state;
    row.classList.toggle('failed', item.state === 'failed');
    row.querySelector('.name').textContent = item.fileName;
    row.querySelector('.state').textContent = item.state === 'failed'
      ? (item.failure && item.failure.reason) || 'not indexed' : STATE_WORDS[item.state] || item.state;
  }

  async function indexFiles(files) {
    clearErrors();
    els.indexItems.replaceChildren();
    delete els.indexStatus.dataset.done;
    delete els.indexProgress.dataset.job;
    const total = files.length;
    const items = new Map();
    // The bar counts files the service has embedded and stored, or refused: never bytes sent.
    const report = (phase) => {
      const states = [...items.values()].map(i => i.state);
      const indexed = states.filter(s => s === 'indexed').length;
      const failed = states.filter(s => s === 'failed').length;
      els.indexProgress.hidden = false;
      els.indexProgress.value = total ? (indexed + failed) / total : 0;
      els.indexProgress.classList.toggle('failed', failed > 0);
      els.indexStatus.textContent = `Indexed ${indexed} of ${total}` + (failed ? ` · ${failed} failed` : '') + (phase ? ` · ${phase}` : '');
      return { indexed, failed };
    };
    const update = item => {
      const before = items.get(item.index);
      items.set(item.index, item);
      drawItem(item);
      if (item.state === 'indexed' && item.imageId) namesById.set(item.imageId, item.fileName);
      if (item.state === 'failed' && (!before || before.state !== 'failed')) {
        const failure = item.failure || { status: 0, reason: '', detail: '' };
        showError(`Indexing ${item.fileName}`, new ApiError(failure.status, 'Not indexed', failure.detail), true, failure.reason);
      }
      report(item.state === 'embedding' ? `embedding ${item.fileName} on the server…` : 'embedding on the server…');
    };
    const updateAll = view => (view.items || []).forEach(item => {
      const known = items.get(item.index);
      if (!known || known.state !== item.state) update(item);
    });
    report('uploading…');
    const form = new FormData();
    for (const file of files) form.append(API.uploadPart, file, file.name);
    let outcome = { indexed: 0, failed: 0 };
    try {
      const job = await upload(API.jobs, form, f => { if (f < 1) report(`uploading ${Math.round(f * 100)}%…`); });
      els.indexProgress.dataset.job = job.id;
      updateAll(job);
      const finished = await followJob(job.id, updateAll, update);
      updateAll(finished);
      outcome = report('');
      if (finished.failure) {
        showError('Indexing', new ApiError(finished.failure.status, 'Not indexed', finished.failure.detail), false, finished.failure.reason);
      }
    } catch (error) {
      // The job was refused (no key, too many files, service busy) or could not be followed: every
      // file without an outcome from the service counts as not indexed.
      files.forEach((file, index) => {
        const known = items.get(index);
        if (known && (known.state === 'indexed' || known.state === 'failed')) return;
        const item = { index, fileName: file.name, state: 'failed',
          failure: { status: error.status || 0, reason: plainMessage(error, false), detail: error.detail || '' } };
        items.set(index, item);
        drawItem(item);
      });
      outcome = report('');
      showError(`Indexing ${total} file${total === 1 ? '' : 's'}`, error);
    }
    els.indexStatus.textContent = `Indexed ${outcome.indexed} of ${total}` + (outcome.failed ? ` · ${outcome.failed} failed` : (outcome.indexed === total ? ' · done' : ''));
    els.indexStatus.dataset.done = String(outcome.indexed);
    if (view === 'index' && outcome.indexed > 0) loadIndex(true);
  }

  dropZone(els.indexDrop, els.indexFiles, indexFiles);

  // ---------------------------------------------------------------- search

  function k() {
    const value = Number.parseInt(els.k.value, 10);
    return Number.isFinite(value) && value > 0 ? value : 12;
  }

  /** describe: what marks the search's end (data-done); label: how the status line names it. */
  async function runSearch(describe, label, call) {
    clearErrors();
    els.searchButton.disabled = true;
    delete els.searchStatus.dataset.done;
    els.searchStatus.textContent = `Looking for images ${label}…`;
    try {
      const hits = listIn(await call(), 'results');
      els.searchStatus.textContent = hits.length
        ? `${hits.length} image${hits.length === 1 ? '' : 's'} ${label}, best first`
        : `No indexed image ${label}`;
      view = 'search';
      els.resultsTitle.textContent = 'Search results';
      els.indexMore.hidden = true;
      await showResults(hits);
    } catch (error) {
      els.searchStatus.textContent = '';
      showError(`Searching images ${label}`, error);
    } finally {
      // Marks the end of this search (results drawn or error shown), e.g. for automated tests.
      els.searchStatus.dataset.done = describe;
      els.searchButton.disabled = false;
    }
  }

  els.textSearch.addEventListener('submit', e => {
    e.preventDefault();
    const q = els.query.value.trim();
    if (!q) return;
    const url = `${API.search}?q=${encodeURIComponent(q)}&k=${k()}`;
    runSearch(`“${q}”`, `matching “${q}”`, () => json('GET', url));
  });

  dropZone(els.searchDrop, els.searchFile, files => {
    const file = files[0];
    const form = new FormData();
    form.append(API.uploadPart, file, file.name);
    runSearch(`like ${file.name}`, `similar to ${file.name}`, () => json('POST', `${API.search}?k=${k()}`, form));
  });

  // ---------------------------------------------------------------- results grid

  async function imageBlob(id) {
    return (await request('GET', API.image(id))).blob();
  }

  function track(url) {
    objectUrls.push(url);
    return url;
  }

  async function showResults(hits) {
    objectUrls.forEach(URL.revokeObjectURL);
    objectUrls = [];
    els.results.replaceChildren();
    els.results.dataset.view = view;
    els.resultsEmpty.hidden = hits.length > 0;
    if (!hits.length) els.resultsEmpty.textContent = 'No matches: the index may be empty.';
    appendCards(hits);
  }

  function appendCards(hits) {
    for (const hit of hits) {
      const id = hit.id;
      const name = hit.fileName || namesById.get(id) || id;
      const card = els.template.content.firstElementChild.cloneNode(true);
      card.dataset.id = id;
      card.querySelector('.name').textContent = name;
      card.querySelector('.name').title = name;
      const score = hit.score === undefined ? NaN : Number(hit.score);
      card.querySelector('.score').textContent = Number.isFinite(score) ? score.toFixed(3) : '';
      const thumb = card.querySelector('.thumb');
      thumb.alt = name;
      card.querySelector('.show-features').addEventListener('click', () => showFeatures(card, id, name));
      card.querySelector('.remove').addEventListener('click', () => removeEntry(card, id, name));
      els.results.append(card);
      // Thumbnails go through fetch, not <img src>, so that the API key header is sent.
      imageBlob(id)
        .then(blob => { thumb.src = track(URL.createObjectURL(blob)); })
        .catch(error => showError(`Image ${name}`, error));
    }
  }

  async function removeEntry(card, id, name) {
    try {
      await request('DELETE', API.entry(id));
      card.remove();
      namesById.delete(id);
    } catch (error) {
      showError(`Removing ${name}`, error);
    }
  }

  // ---------------------------------------------------------------- features

  async function showFeatures(card, id, name) {
    clearErrors();
    for (const other of els.results.children) other.classList.toggle('chosen', other === card);
    els.features.hidden = false;
    els.featuresName.textContent = name;
    els.featuresCaption.textContent = 'Computing…';
    els.featuresImage.removeAttribute('src');
    try {
      const blob = await imageBlob(id);
      els.featuresSource.src = track(URL.createObjectURL(blob));
      const form = new FormData();
      form.append(API.uploadPart, blob, name);
      form.append('visualize', 'true');
      const response = await request('POST', API.features, form);
      const png = await visualisationIn(response);
      els.featuresImage.src = track(URL.createObjectURL(png.blob));
      els.featuresCaption.textContent = png.caption;
      els.features.scrollIntoView({ behavior: 'smooth', block: 'nearest' });
    } catch (error) {
      els.featuresCaption.textContent = '';
      showError(`Features of ${name}`, error);
    }
  }

  /** The PNG, whether the service answered with the image itself or with JSON carrying it. */
  async function visualisationIn(response) {
    const type = response.headers.get('Content-Type') || '';
    if (type.startsWith('image/')) return { blob: await response.blob(), caption: 'PCA of the dense features' };
    const body = await response.json();
    const encoded = body.visualization;
    if (typeof encoded !== 'string' || !encoded) {
      throw new ApiError(response.status, 'No visualisation', 'the service answered without a PNG');
    }
    const base64 = encoded.startsWith('data:') ? encoded.slice(encoded.indexOf(',') + 1) : encoded;
    const bytes = Uint8Array.from(atob(base64), c => c.charCodeAt(0));
    const gridText = body.grid_height ? ` (${body.grid_height} × ${body.grid_width} patches, ${body.model})` : '';
    return { blob: new Blob([bytes], { type: 'image/png' }), caption: `PCA of the dense features${gridText}` };
  }

  // ---------------------------------------------------------------- the index, listed on load

  // What the results area shows: 'index' (the listing, paged) or 'search' (the last search).
  let view = 'index';
  let listed = 0;

  async function loadIndex(reset) {
    if (reset) listed = 0;
    let body;
    try {
      body = await json('GET', `${API.index}?offset=${listed}&limit=${INDEX_PAGE}`);
    } catch (error) {
      // Before a key is entered the listing is refused; the hint says why instead of an error box.
      if (error.status === 401 || error.status === 403) {
        els.resultsEmpty.hidden = false;
        els.resultsEmpty.textContent = 'Enter the API key above to see the images already indexed.';
      } else {
        showError('Listing the index', error);
      }
      return;
    }
    if (view !== 'index') return;
    const items = listIn(body, 'items');
    const total = Number(body.count) || 0;
    els.resultsTitle.textContent = 'Your index';
    if (reset) {
      await showResults(items);
    } else {
      appendCards(items);
    }
    listed += items.length;
    els.results.dataset.total = String(total);
    els.resultsEmpty.hidden = total > 0;
    if (!total) els.resultsEmpty.textContent = 'Nothing indexed yet: drop a few images above, then search by text or by image.';
    els.indexMore.hidden = listed >= total;
    els.indexMore.textContent = `Show more (${total - listed} more of ${total})`;
    els.results.dataset.listed = String(listed);
  }

  els.indexMore.addEventListener('click', () => loadIndex(false));

  async function loadInfo() {
    try {
      const info = await json('GET', API.info);
      els.standInNote.hidden = !(info && info.standInModels);
      els.standInNote.textContent = (info && info.note) || '';
    } catch (unreadable) {
      // Without the key (or from an older service) there is nothing to say.
    }
  }

  // ---------------------------------------------------------------- health

  async function checkHealth() {
    try {
      const response = await fetch(API.ready, { cache: 'no-store' });
      const up = response.ok;
      els.health.dataset.state = up ? 'up' : 'down';
      els.health.textContent = up ? 'ready' : 'backend not ready';
    } catch (unreachable) {
      els.health.dataset.state = 'down';
      els.health.textContent = 'service unreachable';
    }
  }

  checkHealth();
  setInterval(checkHealth, 15000);
  loadInfo();
  loadIndex(true);
})();
