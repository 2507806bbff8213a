'use strict';

// vodflow's local web page: sign in (authorization code + PKCE against the local issuer), upload straight to S3
// through presigned URLs (parts in parallel, resumable after a reload), follow transcoding live (SSE), play
// with hls.js (or dash.js for a CMAF video's DASH manifest) through the CDN with the signed cookies, change
// visibility, delete.

const CLIENT_ID = 'vodflow-web';
const REDIRECT_URI = location.origin + '/';
const PART_CONCURRENCY = 4;
const PENDING_UPLOAD = 'vodflow.pendingUpload';
let lastUploadedVideo = null;

const $ = (selector, root = document) => root.querySelector(selector);

// ---- sign-in ---------------------------------------------------------------------------------------------

function base64Url(bytes) {
  return btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomText() {
  return base64Url(crypto.getRandomValues(new Uint8Array(32)));
}

async function signIn() {
  const verifier = randomText();
  const state = randomText();
  sessionStorage.setItem('vodflow.pkce', JSON.stringify({ verifier, state }));
  const challenge = base64Url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  const query = new URLSearchParams({
    response_type: 'code', client_id: CLIENT_ID, redirect_uri: REDIRECT_URI, scope: 'openid vodflow',
    state, code_challenge: challenge, code_challenge_method: 'S256',
  });
  location.assign('/oauth2/authorize?' + query);
}

async function finishSignIn() {
  const params = new URLSearchParams(location.search);
  if (!params.has('code')) return;
  const pkce = JSON.parse(sessionStorage.getItem('vodflow.pkce') || 'null');
  history.replaceState(null, '', '/');
  if (!pkce || pkce.state !== params.get('state')) throw new Error('Sign-in answer does not match this tab; sign in again.');
  const response = await fetch('/oauth2/token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code', code: params.get('code'), redirect_uri: REDIRECT_URI,
      client_id: CLIENT_ID, code_verifier: pkce.verifier,
    }),
  });
  if (!response.ok) throw new Error('Sign-in failed: ' + response.status);
  storeToken(await response.json());
}

// The access token lasts minutes to an hour; the page renews it in the background at two thirds of its lifetime
// with the refresh token, which the issuer replaces at every use (a replaced one presented again ends the sign-in).
// Both stay in this tab's sessionStorage only.
let tokenRenewal = null;
window.vodflowTokenRenewals = 0;

function storeToken(token) {
  const previous = JSON.parse(sessionStorage.getItem('vodflow.token') || 'null');
  const stored = {
    accessToken: token.access_token,
    refreshToken: token.refresh_token || (previous && previous.refreshToken),
    issuedAt: Date.now(),
    expiresAt: Date.now() + token.expires_in * 1000,
  };
  sessionStorage.setItem('vodflow.token', JSON.stringify(stored));
  scheduleTokenRenewal(stored);
}

function scheduleTokenRenewal(stored) {
  clearTimeout(tokenRenewal);
  if (!stored || !stored.refreshToken) return;
  const due = stored.issuedAt + ((stored.expiresAt - stored.issuedAt) * 2) / 3 - Date.now();
  tokenRenewal = setTimeout(renewToken, Math.max(0, due));
}

let renewing = null;

// One renewal at a time: the refresh token is single-use, so two at once would end the sign-in.
function renewToken() {
  if (!renewing) {
    renewing = refreshAccessToken().finally(() => { renewing = null; });
  }
  return renewing;
}

async function refreshAccessToken() {
  const stored = JSON.parse(sessionStorage.getItem('vodflow.token') || 'null');
  if (!stored || !stored.refreshToken) return;
  let response;
  try {
    response = await fetch('/oauth2/token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: stored.refreshToken, client_id: CLIENT_ID }),
    });
  } catch (error) {
    // The gateway is unreachable for a moment: try again while the token still lasts.
    if (stored.expiresAt - Date.now() > 3000) tokenRenewal = setTimeout(renewToken, 2000);
    return;
  }
  if (response.ok) {
    storeToken(await response.json());
    window.vodflowTokenRenewals++;
  } else if (response.status >= 500 && stored.expiresAt - Date.now() > 3000) {
    tokenRenewal = setTimeout(renewToken, 2000);
  } else {
    // The sign-in ended (expired, revoked, or the issuer restarted): say so rather than fail call by call.
    sessionStorage.removeItem('vodflow.token');
    $('#who').textContent = 'Your sign-in ended; sign in again.';
    $('#sign-in').hidden = false;
    $('#sign-out').hidden = true;
  }
}

// A token this close to its expiry is not sent (it could expire in flight): 5 s, or a sixth of a short token's life,
// so that the renewal at two thirds of its life always comes before the token stops being used.
function accessToken() {
  const token = JSON.parse(sessionStorage.getItem('vodflow.token') || 'null');
  if (!token) return null;
  const margin = Math.min(5000, (token.expiresAt - token.issuedAt) / 6);
  return token.expiresAt > Date.now() + margin ? token.accessToken : null;
}

function subject(token) {
  return JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))).sub;
}

// ---- API ---------------------------------------------------------------------------------------------------

async function api(path, options = {}) {
  // A tab that slept past its renewal (timers are throttled in background tabs) renews before calling.
  if (!accessToken()) await renewToken();
  const token = accessToken();
  const response = await fetch('/api' + path, {
    ...options,
    credentials: 'same-origin',
    headers: {
      ...(token ? { Authorization: 'Bearer ' + token } : {}),
      'Content-Type': 'application/json',
      ...(options.headers || {}),
    },
  });
  if (!response.ok) {
    const problem = await response.json().catch(() => null);
    const fields = problem && problem.errors ? ' (' + problem.errors.map((e) => e.field + ': ' + e.message).join('; ') + ')' : '';
    throw new Error((problem && (problem.detail || problem.title)) || response.status + ' ' + response.statusText + fields);
  }
  return response.status === 204 ? null : response.json();
}

// ---- upload ------------------------------------------------------------------------------------------------

function put(request, body, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(request.method || 'PUT', request.url);
    for (const [name, value] of Object.entries(request.headers || {})) {
      // The browser sets these itself (and refuses to be told).
      if (!['host', 'content-length'].includes(name.toLowerCase())) xhr.setRequestHeader(name, value);
    }
    xhr.upload.onprogress = (event) => onProgress(event.loaded);
    xhr.onload = () => (xhr.status >= 200 && xhr.status < 300
      ? resolve(xhr.getResponseHeader('ETag'))
      : reject(new Error('S3 refused the upload: ' + xhr.status + ' ' + xhr.responseText.slice(0, 200))));
    xhr.onerror = () => reject(new Error('Network error while uploading'));
    xhr.send(body);
  });
}

function showProgress(loaded, total, text) {
  const bar = $('#upload-progress');
  bar.hidden = false;
  bar.value = total ? Math.floor((loaded * 100) / total) : 0;
  $('#upload-status').textContent = text || `Uploading… ${bar.value}%`;
}

async function uploadParts(file, uploadId, partSize, parts, alreadyStored) {
  const loaded = new Map(alreadyStored.map((p) => [p.partNumber, p.size]));
  const etags = new Map(alreadyStored.map((p) => [p.partNumber, p.etag]));
  const total = file.size;
  const report = () => showProgress([...loaded.values()].reduce((a, b) => a + b, 0), total);
  const queue = [...parts];
  async function worker() {
    while (queue.length) {
      const part = queue.shift();
      const start = (part.partNumber - 1) * partSize;
      const blob = file.slice(start, Math.min(start + partSize, file.size));
      const etag = await put(part.upload, blob, (bytes) => { loaded.set(part.partNumber, bytes); report(); });
      loaded.set(part.partNumber, blob.size);
      etags.set(part.partNumber, etag);
      report();
    }
  }
  await Promise.all(Array.from({ length: Math.min(PART_CONCURRENCY, parts.length) }, worker));
  const completed = [...etags.entries()].sort((a, b) => a[0] - b[0]).map(([partNumber, etag]) => ({ partNumber, etag }));
  await api(`/uploads/${uploadId}/complete`, { method: 'POST', body: JSON.stringify({ parts: completed }) });
}

// The upload's whole path (this request, S3, Kafka, the transcode, catalog, notification, webhooks) is one trace
// in the dev stack's Zipkin.
function showTrace(traceId) {
  const link = $('#upload-trace-link');
  $('#upload-trace').hidden = !traceId;
  if (!traceId) return;
  link.textContent = traceId;
  link.href = `${location.protocol}//${location.hostname}:9411/zipkin/traces/${traceId}`;
}

async function startUpload(file, title) {
  const plan = await api('/uploads', {
    method: 'POST',
    body: JSON.stringify({ title, fileName: file.name, contentType: file.type || 'application/octet-stream', size: file.size }),
  });
  lastUploadedVideo = plan.videoId;
  showTrace(plan.traceId);
  if (plan.multipart) {
    localStorage.setItem(PENDING_UPLOAD, JSON.stringify({
      id: plan.id, title, name: file.name, size: file.size, lastModified: file.lastModified,
    }));
    await uploadParts(file, plan.id, plan.multipart.partSize, plan.multipart.parts, []);
    localStorage.removeItem(PENDING_UPLOAD);
  } else {
    await put(plan.upload, file, (bytes) => showProgress(bytes, file.size));
  }
  showProgress(file.size, file.size, 'Uploaded. Waiting for the file to be checked and transcoded…');
}

async function resumeUpload(file, pending) {
  lastUploadedVideo = pending.id;
  const status = await api(`/uploads/${pending.id}/parts`);
  if (status.state !== 'AWAITING_UPLOAD') {
    localStorage.removeItem(PENDING_UPLOAD);
    throw new Error('That upload can no longer be resumed: it is ' + status.state + '.');
  }
  const fresh = await api(`/uploads/${pending.id}/urls`, { method: 'POST', body: JSON.stringify({ partNumbers: status.missing }) });
  await uploadParts(file, pending.id, status.partSize, fresh.multipart.parts, status.parts);
  localStorage.removeItem(PENDING_UPLOAD);
  showProgress(file.size, file.size, 'Uploaded. Waiting for the file to be checked and transcoded…');
}

function offerResume() {
  const pending = JSON.parse(localStorage.getItem(PENDING_UPLOAD) || 'null');
  $('#resume').hidden = !pending;
  if (pending) {
    $('#resume').textContent = `An upload of “${pending.name}” was interrupted. Choose the same file to resume it.`;
    $('#title').value = pending.title;
  }
  return pending;
}

async function onUpload(event) {
  event.preventDefault();
  const file = $('#file').files[0];
  const title = $('#title').value.trim();
  if (!file || !title) return;
  $('#upload-button').disabled = true;
  try {
    const pending = offerResume();
    if (pending && pending.name === file.name && pending.size === file.size && pending.lastModified === file.lastModified) {
      await resumeUpload(file, pending);
    } else {
      await startUpload(file, title);
    }
    event.target.reset();
    offerResume();
    await loadVideos();
  } catch (error) {
    $('#upload-status').textContent = error.message;
  } finally {
    $('#upload-button').disabled = false;
  }
}

// ---- videos ------------------------------------------------------------------------------------------------

const cdnBase = new Map(); // video id -> CDN origin learned from its playback session
const retries = new Map(); // video id -> playback sessions tried while the video was not playable yet

async function playbackSession(videoId) {
  const session = await api(`/playback/videos/${videoId}/playback-session`, { method: 'POST' });
  cdnBase.set(videoId, new URL(session.manifestUrl).origin);
  return session;
}

function cdnUrl(videoId, path) {
  return cdnBase.has(videoId) ? cdnBase.get(videoId) + '/' + path : null;
}

async function renderVideo(video) {
  let tile = document.getElementById('video-' + video.id);
  if (!tile) {
    tile = $('#video-tile').content.firstElementChild.cloneNode(true);
    tile.id = 'video-' + video.id;
    $('.play', tile).addEventListener('click', () => play(video.id));
    $('.visibility', tile).addEventListener('change', (e) => changeVisibility(video.id, e.target.value));
    $('.downloadable', tile).addEventListener('change', (e) => allowDownload(video.id, e.target.checked));
    $('.delete', tile).addEventListener('click', () => remove(video.id));
  }
  tile.dataset.state = video.state;
  $('.title', tile).textContent = video.title || '(untitled)';
  $('.state', tile).textContent = video.state === 'PROCESSING' ? `processing ${video.percent}%` : video.state.toLowerCase();
  $('.percent', tile).value = video.state === 'READY' ? 100 : video.percent;
  $('.percent', tile).hidden = video.state !== 'PROCESSING';
  $('.visibility', tile).value = video.visibility;
  $('.play', tile).disabled = video.state !== 'READY';
  if (video.state === 'READY' && !cdnBase.has(video.id)) {
    // The cookies also let the thumbnails load. The playback service learns a video is ready from the same event
    // as the catalog, so it may lag by a moment: try again shortly.
    if (!(await playbackSession(video.id).catch(() => null))) {
      const tries = (retries.get(video.id) || 0) + 1;
      retries.set(video.id, tries);
      if (tries <= 10) setTimeout(() => renderVideo(video), 1000);
    }
  }
  if (video.state === 'READY' && cdnBase.has(video.id)) {
    const full = await api('/videos/' + video.id);
    $('.downloadable', tile).checked = full.downloadable;
    if (full.posterPath) $('.poster', tile).src = cdnUrl(video.id, full.posterPath);
    const strip = $('.thumbnails', tile);
    strip.replaceChildren(...full.thumbnails.slice(0, 8).map((t) => {
      const img = document.createElement('img');
      img.src = cdnUrl(video.id, t.path);
      img.alt = `at ${Math.round(t.timeMs / 1000)} s`;
      return img;
    }));
  }
  if (video.state === 'FAILED') {
    const full = await api('/videos/' + video.id);
    $('.error', tile).textContent = full.error ? full.error.message : 'Transcoding failed.';
  }
  return tile;
}

// One load of the list at a time: events arrive in bursts, and an older answer rendered after a newer one would put a
// finished video back to "processing". A load asked for while one runs makes one more run after it.
let listLoading = null;
let listReloadWanted = false;

function loadVideos() {
  if (listLoading) {
    listReloadWanted = true;
    return listLoading;
  }
  listLoading = (async () => {
    try {
      do {
        listReloadWanted = false;
        const page = await api('/videos?limit=50');
        const tiles = [];
        for (const video of page.items) tiles.push(await renderVideo(video));
        $('#videos').replaceChildren(...tiles);
      } while (listReloadWanted);
    } finally {
      listLoading = null;
    }
  })();
  return listLoading;
}

// After a video's final event, the list shows its final state; the catalog may apply the event a moment after the
// stream announced it, so the list is asked again for a few seconds until it does.
async function loadVideosUntilFinal(videoId, attempt = 1) {
  await loadVideos();
  const tile = document.getElementById('video-' + videoId);
  const final = tile && ['READY', 'FAILED'].includes(tile.dataset.state);
  if (!final && attempt < 15) setTimeout(() => loadVideosUntilFinal(videoId, attempt + 1), 1000);
}

// ---- browse ------------------------------------------------------------------------------------------------

let browseCursor = null;

async function browse(more) {
  const query = $('#browse-query').value.trim();
  const params = new URLSearchParams({ limit: '20' });
  if (query) params.set('q', query);
  if (more && browseCursor) params.set('cursor', browseCursor);
  try {
    const page = await api('/videos/public?' + params);
    const items = page.items.map((video) => {
      const item = document.createElement('li');
      item.className = 'public-video';
      const title = document.createElement('strong');
      title.textContent = video.title || '(untitled)';
      const length = document.createElement('span');
      length.textContent = video.durationMs ? ` ${Math.round(video.durationMs / 1000)} s ` : ' ';
      const button = document.createElement('button');
      button.textContent = 'Play';
      button.addEventListener('click', () => play(video.id));
      item.append(title, length, button);
      return item;
    });
    if (more) $('#browse').append(...items); else $('#browse').replaceChildren(...items);
    browseCursor = page.nextCursor || null;
    $('#browse-more').hidden = !browseCursor;
    $('#browse-status').textContent = $('#browse').children.length ? '' : 'No public video matches.';
  } catch (error) {
    $('#browse-status').textContent = 'Cannot list public videos: ' + error.message;
  }
}

async function changeVisibility(videoId, visibility) {
  await api('/videos/' + videoId, { method: 'PATCH', body: JSON.stringify({ visibility }) });
}

async function allowDownload(videoId, downloadable) {
  await api('/videos/' + videoId, { method: 'PATCH', body: JSON.stringify({ downloadable }) });
  if (playing === videoId) showDownload(await api('/videos/' + videoId));
}

async function remove(videoId) {
  if (!confirm('Delete this video and all its files?')) return;
  await api('/videos/' + videoId, { method: 'DELETE' });
  document.getElementById('video-' + videoId)?.remove();
}

// ---- live events -------------------------------------------------------------------------------------------

function followEvents() {
  // EventSource cannot send an Authorization header; the stream takes the token as a query parameter. A
  // reconnection would reuse the URL's (perhaps expired) token, so the page reconnects itself with the current one.
  const source = new EventSource('/api/events?access_token=' + encodeURIComponent(accessToken()));
  window.vodflowProgress = window.vodflowProgress || [];
  source.addEventListener('transcode.progress', (event) => {
    const data = JSON.parse(event.data);
    window.vodflowProgress.push(data.percent); // kept for the browser test: the progress it saw
    const tile = document.getElementById('video-' + data.videoId);
    if (!tile) return loadVideos();
    if (['READY', 'FAILED'].includes(tile.dataset.state)) return; // a progress report that arrived after the end
    $('.percent', tile).hidden = false;
    $('.percent', tile).value = data.percent;
    $('.state', tile).textContent = `processing ${data.percent}%`;
  });
  const status = {
    'upload.accepted': () => 'Accepted. Transcoding…',
    'video.ready': () => 'Ready to play.',
    'transcode.failed': (data) => 'Transcoding failed: ' + data.message,
  };
  for (const [name, describe] of Object.entries(status)) {
    source.addEventListener(name, (event) => {
      // The status line follows the upload it reported on; other videos only refresh the list.
      const data = JSON.parse(event.data);
      if (data.videoId === lastUploadedVideo) $('#upload-status').textContent = describe(data);
      if (name === 'upload.accepted') loadVideos();
      else loadVideosUntilFinal(data.videoId);
    });
  }
  source.onerror = () => {
    source.close();
    setTimeout(async () => {
      if (!accessToken()) await renewToken();
      if (accessToken()) followEvents();
    }, 1000);
  };
}

// ---- player ------------------------------------------------------------------------------------------------

let hls = null;
let dash = null;

// HLS with hls.js by default; a video transcoded as CMAF also has a DASH manifest over the same segments, which
// dash.js plays when DASH is chosen in the Format menu. Both fetch from the CDN with the signed cookies.
// The playing video's cookies last minutes; the page renews them in the background, from the cookies themselves,
// so a viewer keeps watching past their lifetime (and past the access token's, for a video anyone may watch).
let renewal = null;
window.vodflowRenewals = 0;

function keepRenewing(videoId, session) {
  clearTimeout(renewal);
  const left = new Date(session.expiresAt).getTime() - Date.now();
  // Renew once two thirds of the lifetime have passed: a slow or failed answer still has time to be retried.
  renewal = setTimeout(() => renew(videoId, session), Math.max(1000, (left * 2) / 3));
}

async function renew(videoId, session) {
  try {
    const renewed = await api(`/playback/videos/${videoId}/playback-session/renewal`, {
      method: 'POST',
      body: JSON.stringify({ cookies: session.cookies }),
    });
    window.vodflowRenewals++;
    keepRenewing(videoId, renewed);
  } catch (error) {
    if (new Date(session.expiresAt).getTime() - Date.now() > 2000) {
      renewal = setTimeout(() => renew(videoId, session), 2000);
    } else {
      $('#playing-level').textContent = 'Playback session ended: ' + error.message;
    }
  }
}

let playing = null;

async function play(videoId) {
  let session;
  try {
    session = await playbackSession(videoId);
  } catch (error) {
    $('#player-section').hidden = false;
    $('#playing-level').textContent = 'Cannot play yet: ' + error.message;
    return;
  }
  window.vodflowFirstExpiry = session.expiresAt;
  keepRenewing(videoId, session);
  const video = await api('/videos/' + videoId);
  stopPlayers();
  playing = videoId;
  $('#player-section').hidden = false;
  $('#player-title').textContent = video.title;
  showDownload(video);
  loadStoryboard(video);
  const format = $('#format');
  format.parentElement.hidden = !video.dashManifestPath;
  format.onchange = () => start(session, video, format.value, $('#player').currentTime);
  const chosen = video.dashManifestPath ? format.value : 'hls';
  const saved = savedPosition(videoId);
  if (saved) {
    offerResume(saved, (from) => start(session, video, chosen, from));
  } else {
    $('#resume-offer').hidden = true;
    start(session, video, chosen, 0);
  }
}

// ---- resume ------------------------------------------------------------------------------------------------

// The last position of each video, per user, in this browser's localStorage: offered when the video is played again.
function positionKey(videoId) {
  const token = accessToken();
  return 'vodflow.position.' + (token ? subject(token) : '') + '.' + videoId;
}

function savedPosition(videoId) {
  const saved = JSON.parse(localStorage.getItem(positionKey(videoId)) || 'null');
  // Near the start or the end there is nothing worth resuming.
  return saved && saved.time > 5 && saved.time < saved.duration - 5 ? saved.time : null;
}

let lastSaved = 0;

function rememberPosition() {
  const player = $('#player');
  if (!playing || !player.duration || Date.now() - lastSaved < 2000) return;
  lastSaved = Date.now();
  localStorage.setItem(positionKey(playing), JSON.stringify({ time: player.currentTime, duration: player.duration }));
}

function clock(seconds) {
  const s = Math.floor(seconds);
  return Math.floor(s / 60) + ':' + String(s % 60).padStart(2, '0');
}

function offerResume(time, startAt) {
  const offer = $('#resume-offer');
  $('#resume-text').textContent = `You stopped at ${clock(time)}.`;
  $('#resume-yes').textContent = `Resume from ${clock(time)}`;
  offer.hidden = false;
  $('#resume-yes').onclick = () => { offer.hidden = true; startAt(time); };
  $('#resume-no').onclick = () => { offer.hidden = true; startAt(0); };
}

// ---- download ----------------------------------------------------------------------------------------------

// The progressive MP4 through the CDN, on a short-lived signed URL of its own that the playback service gives out
// only while the owner allows downloads (the session's cookies are for streaming). S3's
// response-content-disposition override, signed into the URL, makes the browser save it under the video's title.
// A link older than its expiry is fetched again when clicked.
let downloadLink = null; // { videoId, url, expiresAt }

async function showDownload(video) {
  const link = $('#download');
  downloadLink = null;
  link.hidden = true;
  if (!video.downloadPath) return;
  // Right after the owner allows downloads, the playback service may not have heard of it yet (it learns from the
  // catalog's video.updated): ask again for a few seconds before giving up on the link.
  for (let attempt = 1; ; attempt++) {
    try {
      await signDownload(video);
      break;
    } catch (e) {
      if (attempt >= 10 || playing !== video.id) {
        console.info('no download link for ' + video.id + ': ' + e.message);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  if (playing !== video.id) return;
  link.textContent = 'Download MP4';
  link.hidden = false;
  link.onclick = async (event) => {
    if (downloadLink && Date.parse(downloadLink.expiresAt) - Date.now() > 10000) return;
    event.preventDefault();
    try {
      await signDownload(video);
      window.location.assign(downloadLink.url);
    } catch (e) {
      link.hidden = true;
      $('#playing-level').textContent = 'Download: ' + e.message;
    }
  };
}

async function signDownload(video) {
  const name = (video.title || 'video') + '.mp4';
  const signed = await api(`/playback/videos/${video.id}/download?filename=${encodeURIComponent(name)}`, { method: 'POST' });
  downloadLink = { videoId: video.id, url: signed.url, expiresAt: signed.expiresAt };
  $('#download').href = signed.url;
}

// ---- storyboard --------------------------------------------------------------------------------------------

// Scrubbing previews: the WebVTT storyboard maps time ranges to tiles of JPEG sprites (sprite.jpg#xywh=x,y,w,h);
// hovering or dragging over the seek bar shows the tile of that moment.
let storyboard = [];

function vttTime(text) {
  const parts = text.trim().split(':').map(Number);
  return parts.reduce((total, part) => total * 60 + part, 0);
}

function parseStoryboard(text, base) {
  const cues = [];
  for (const block of text.replace(/\r/g, '').split(/\n\n+/)) {
    const lines = block.split('\n').filter((line) => line.trim());
    const timing = lines.findIndex((line) => line.includes('-->'));
    if (timing < 0 || !lines[timing + 1]) continue;
    const [from, to] = lines[timing].split('-->').map((t) => vttTime(t.split(' ').filter(Boolean)[0] || t));
    const [file, fragment] = lines[timing + 1].trim().split('#xywh=');
    if (!fragment) continue;
    const [x, y, w, h] = fragment.split(',').map(Number);
    cues.push({ from, to, url: new URL(file, base).href, x, y, w, h });
  }
  return cues;
}

async function loadStoryboard(video) {
  storyboard = [];
  $('#preview').hidden = true;
  const url = video.storyboardPath && cdnUrl(video.id, video.storyboardPath);
  if (!url) return;
  try {
    const response = await fetch(url, { credentials: 'include' });
    if (response.ok) storyboard = parseStoryboard(await response.text(), url);
  } catch (error) {
    storyboard = []; // no previews, playback goes on
  }
}

function showPreview(event) {
  const bar = $('#seek');
  const player = $('#player');
  const preview = $('#preview');
  const box = bar.getBoundingClientRect();
  const fraction = Math.min(1, Math.max(0, (event.clientX - box.left) / box.width));
  const time = fraction * (player.duration || 0);
  const cue = storyboard.find((c) => time >= c.from && time < c.to) || storyboard[storyboard.length - 1];
  if (!cue || !player.duration) {
    preview.hidden = true;
    return;
  }
  preview.style.width = cue.w + 'px';
  preview.style.height = cue.h + 'px';
  preview.style.backgroundImage = `url("${cue.url}")`;
  preview.style.backgroundPosition = `-${cue.x}px -${cue.y}px`;
  const left = Math.min(box.width - cue.w, Math.max(0, event.clientX - box.left - cue.w / 2));
  preview.style.left = left + 'px';
  $('#preview-time').textContent = clock(time);
  preview.hidden = false;
}

function followSeekBar() {
  const bar = $('#seek');
  const player = $('#player');
  player.addEventListener('timeupdate', () => {
    if (player.duration && !bar.matches(':active')) bar.value = String((player.currentTime / player.duration) * 1000);
    rememberPosition();
  });
  player.addEventListener('pause', () => { lastSaved = 0; rememberPosition(); });
  player.addEventListener('ended', () => { if (playing) localStorage.removeItem(positionKey(playing)); });
  bar.addEventListener('input', () => {
    if (player.duration) player.currentTime = (Number(bar.value) / 1000) * player.duration;
  });
  bar.addEventListener('mousemove', showPreview);
  bar.addEventListener('mouseleave', () => { $('#preview').hidden = true; });
}

function stopPlayers() {
  if (hls) hls.destroy();
  if (dash) dash.reset();
  hls = null;
  dash = null;
}

function start(session, video, format, from) {
  stopPlayers();
  if (format === 'dash' && video.dashManifestPath) {
    // The CDN serves the bucket's keys at their own paths, so the DASH manifest sits where the HLS one does.
    playDash(session.manifestUrl.replace(video.hlsMasterPath, video.dashManifestPath), from);
  } else {
    playHls(session.manifestUrl, from);
  }
}

function qualityMenu(levels, choose) {
  const menu = $('#quality');
  menu.replaceChildren(new Option('Auto', '-1'), ...levels.map((level, index) =>
    new Option(`${level.height}p · ${Math.round(level.bitrate / 1000)} kb/s`, String(index))));
  menu.onchange = () => choose(Number(menu.value));
}

function showLevel(level) {
  $('#playing-level').textContent = level ? `playing ${level.height}p` : '';
}

window.vodflowErrors = [];
window.vodflowFragments = [];

function playHls(manifestUrl, from) {
  // window.vodflowHlsConfig, when a test or a developer sets it, tunes hls.js (say, a short buffer).
  hls = new Hls({
    xhrSetup: (xhr) => { xhr.withCredentials = true; },
    startPosition: from > 0 ? from : -1,
    ...(window.vodflowHlsConfig || {}),
  });
  window.vodflowPlayer = hls;
  hls.on(Hls.Events.MANIFEST_PARSED, () => {
    qualityMenu(hls.levels, (index) => { hls.currentLevel = index; });
    $('#player').play().catch(() => {});
  });
  hls.on(Hls.Events.LEVEL_SWITCHED, (_, data) => showLevel(hls.levels[data.level]));
  // Kept for the browser test: when each segment arrived (after the first cookies expired, it needed renewed ones).
  hls.on(Hls.Events.FRAG_LOADED, (_, data) => window.vodflowFragments.push({ url: data.frag.url, at: Date.now() }));
  hls.on(Hls.Events.ERROR, (_, data) => {
    // Kept for the browser test: a refused segment or playlist shows here with the CDN's status.
    window.vodflowErrors.push({ details: data.details, fatal: data.fatal, status: data.response && data.response.code });
    if (data.fatal) $('#playing-level').textContent = 'Playback error: ' + data.details;
  });
  hls.loadSource(manifestUrl);
  hls.attachMedia($('#player'));
}

function playDash(manifestUrl, from) {
  dash = dashjs.MediaPlayer().create();
  window.vodflowPlayer = dash;
  for (const type of ['MPD', 'InitializationSegment', 'MediaSegment']) {
    dash.setXHRWithCredentialsForType(type, true);
  }
  const events = dashjs.MediaPlayer.events;
  dash.on(events.STREAM_INITIALIZED, () => {
    const levels = dash.getBitrateInfoListFor('video');
    qualityMenu(levels, (index) => {
      dash.updateSettings({ streaming: { abr: { autoSwitchBitrate: { video: index < 0 } } } });
      if (index >= 0) dash.setQualityFor('video', index, true);
    });
    showLevel(levels[dash.getQualityFor('video')]);
  });
  dash.on(events.QUALITY_CHANGE_RENDERED, (event) => {
    if (event.mediaType === 'video') showLevel(dash.getBitrateInfoListFor('video')[event.newQuality]);
  });
  dash.on(events.ERROR, (event) => {
    // Kept for the browser test, beside hls.js's.
    window.vodflowErrors.push({ dash: true, code: event.error && event.error.code, message: event.error && event.error.message });
    $('#playing-level').textContent = 'Playback error: ' + (event.error && event.error.message || event.error);
  });
  // dash.js starts at the position itself (a seek on loadedmetadata would first fetch the segments at 0).
  dash.initialize($('#player'), manifestUrl, true, from > 0 ? from : NaN);
}

// ---- live --------------------------------------------------------------------------------------------------

// A channel's tile shows what an encoder needs (OBS's server and key, or an FFmpeg command; RTMP and SRT) and drives the
// broadcast; Watch plays it through the CDN with playback's live cookies, like a video.
function renderChannel(channel) {
  const tile = $('#channel-tile').content.firstElementChild.cloneNode(true);
  tile.dataset.id = channel.id;
  tile.querySelector('.title').textContent = channel.title;
  tile.querySelector('.state').textContent = channel.state;
  tile.querySelector('.server').textContent = channel.ingest.server;
  tile.querySelector('.key').textContent = channel.ingest.streamKey;
  tile.querySelector('.keyframes').textContent = channel.ingest.keyframeIntervalSeconds;
  tile.querySelector('.ffmpeg').textContent = channel.ingest.ffmpeg;
  // SRT beside RTMP (absent for a channel made before SRT ingest)
  const srt = channel.ingest.srt;
  tile.querySelector('.srt').hidden = !srt;
  if (srt) {
    tile.querySelector('.srt-url').textContent = srt.url;
    tile.querySelector('.srt-latency').textContent = srt.latencyMillis;
    tile.querySelector('.srt-ffmpeg').textContent = srt.ffmpeg;
  }
  const act = (action) => async () => {
    try {
      await action();
      await loadChannels();
    } catch (error) {
      $('#live-status').textContent = error.message;
    }
  };
  tile.querySelector('.start').onclick = act(() => api(`/live/channels/${channel.id}/start`, { method: 'POST' }));
  tile.querySelector('.stop').onclick = act(() => api(`/live/channels/${channel.id}/stop`, { method: 'POST' }));
  tile.querySelector('.delete').onclick = act(() => api(`/live/channels/${channel.id}`, { method: 'DELETE' }));
  tile.querySelector('.watch').onclick = () => watch(channel);
  tile.querySelector('.start').disabled = channel.state === 'LIVE';
  tile.querySelector('.stop').disabled = channel.state !== 'LIVE';
  tile.querySelector('.watch').disabled = channel.state !== 'LIVE';
  return tile;
}

async function loadChannels() {
  const channels = await api('/live/channels');
  $('#channels').replaceChildren(...channels.map(renderChannel));
}

async function createChannel(event) {
  event.preventDefault();
  try {
    await api('/live/channels', { method: 'POST', body: JSON.stringify({ title: $('#channel-title').value }) });
    $('#channel-form').reset();
    $('#live-status').textContent = 'Channel created: start it, then publish with the settings shown.';
    await loadChannels();
  } catch (error) {
    $('#live-status').textContent = error.message;
  }
}

async function watch(channel) {
  $('#player-section').hidden = false;
  $('#player-title').textContent = channel.title + ' (live)';
  $('#format').parentElement.hidden = true;
  try {
    const session = await api(`/playback/live/${channel.id}/playback-session`, { method: 'POST' });
    stopPlayers();
    playing = null;
    storyboard = [];
    $('#download').hidden = true;
    $('#resume-offer').hidden = true;
    playHls(session.manifestUrl);
  } catch (error) {
    $('#playing-level').textContent = 'Cannot watch yet: ' + error.message;
  }
}

// ---- start -------------------------------------------------------------------------------------------------

async function main() {
  $('#sign-in').addEventListener('click', signIn);
  $('#sign-out').addEventListener('click', () => { sessionStorage.clear(); location.assign('/'); });
  scheduleTokenRenewal(JSON.parse(sessionStorage.getItem('vodflow.token') || 'null'));
  try {
    await finishSignIn();
  } catch (error) {
    $('#who').textContent = error.message;
  }
  if (!accessToken()) await renewToken();
  const token = accessToken();
  $('#sign-in').hidden = !!token;
  $('#sign-out').hidden = !token;
  if (!token) return;
  $('#who').textContent = 'Signed in as ' + subject(token);
  $('#app').hidden = false;
  $('#upload-form').addEventListener('submit', onUpload);
  offerResume();
  $('#browse-form').addEventListener('submit', (e) => { e.preventDefault(); browse(false); });
  $('#browse-more').addEventListener('click', () => browse(true));
  $('#channel-form').addEventListener('submit', createChannel);
  followSeekBar();
  await loadVideos();
  browse(false);
  await loadChannels().catch((error) => { $('#live-status').textContent = error.message; });
  followEvents();
}

main();
