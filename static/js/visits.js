/* JPT Desk: a CLI's follow-up visits, kept on the phone until the server has them.
 *
 * Loaded by the visit form (templates/recommendations/visit_form.html) and by the CLI's home
 * page, with its configuration in <script id="visit-config" type="application/json">:
 *   mode      "form" (the form, the list of unsent visits) or "counter" (their count only)
 *   user      the logged-in user's id: a visit is sent only by the account that saved it
 *   syncUrl   the JSON endpoint (201 stored, 200 already stored, 400/403/404 refused with
 *             {"errors": {field: [messages]}}, 401 logged out)
 *   swUrl     the service worker, registered here (it keeps this page for offline use)
 *   formUrl   the visit form's path; today (the server's date); strings; labels (field names)
 *   placeUrl  (the form) the path of a place's recommendations, "{id}" for the locality's id
 *   prefetch  (the form) ids of the places whose recommendations the worker keeps while online
 *
 * Each visit saved gets an id made here (crypto.randomUUID, or random bytes on old browsers)
 * and goes into IndexedDB ("jpt-desk", store "visits") before anything is sent: a visit is
 * never only in the page. It is sent at once when online, when the "online" event fires, on
 * page load and every minute while some wait. The server stores a visit once per id, so a
 * retry after a dropped connection is harmless. A refused visit stays, with the server's
 * reason, until the CLI corrects it (the form is filled in from it, same id) or discards it.
 * Without IndexedDB (or without JavaScript), the form is posted as a plain HTML form.
 *
 * The form holds the recommendations of the places ticked when it was made (data-loaded-places)
 * only. When a place is ticked, its recommendations are fetched (placeUrl: a fragment of groups,
 * data-place-groups) and the groups not yet on the page are added; the service worker keeps
 * these fragments, and is asked to fetch those of config.prefetch while online, so that offline
 * the form still shows them. A place whose recommendations cannot be had (offline, never kept)
 * is named on the page: the visit's notes still take what was seen there.
 */
(function () {
  'use strict';

  var configElement = document.getElementById('visit-config');
  if (!configElement) {
    return;
  }
  var config = JSON.parse(configElement.textContent);
  var strings = config.strings || {};
  var labels = config.labels || {};

  // ------------------------------------------------------------------------------------------
  // Storage: one IndexedDB object store, keyed by the visit's device id.
  // ------------------------------------------------------------------------------------------

  var DB_NAME = 'jpt-desk';
  var STORE = 'visits';

  function openDb() {
    return new Promise(function (resolve, reject) {
      if (!window.indexedDB) {
        reject(new Error('IndexedDB is not available'));
        return;
      }
      var request = window.indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore(STORE, { keyPath: 'client_id' });
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
      request.onblocked = function () { reject(new Error('IndexedDB is blocked')); };
    });
  }

  function withStore(mode, action) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var transaction = db.transaction(STORE, mode);
        var request = action(transaction.objectStore(STORE));
        var result;
        if (request) {
          request.onsuccess = function () { result = request.result; };
        }
        transaction.oncomplete = function () { db.close(); resolve(result); };
        transaction.onerror = transaction.onabort = function () {
          db.close();
          reject(transaction.error);
        };
      });
    });
  }

  var queue = {
    all: function () {
      return withStore('readonly', function (store) { return store.getAll(); });
    },
    put: function (item) {
      return withStore('readwrite', function (store) { return store.put(item); });
    },
    remove: function (clientId) {
      return withStore('readwrite', function (store) { return store.delete(clientId); });
    },
  };

  function newId() {
    var cryptoApi = window.crypto || window.msCrypto;
    if (cryptoApi && typeof cryptoApi.randomUUID === 'function') {
      return cryptoApi.randomUUID();
    }
    var bytes = new Uint8Array(16);
    if (cryptoApi && cryptoApi.getRandomValues) {
      cryptoApi.getRandomValues(bytes);
    } else {
      for (var i = 0; i < 16; i += 1) {
        bytes[i] = Math.floor(Math.random() * 256);
      }
    }
    bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
    bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
    var hex = Array.prototype.map.call(bytes, function (b) {
      return (b + 0x100).toString(16).slice(1);
    }).join('');
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20),
      hex.slice(20)].join('-');
  }

  function localToday() {
    var now = new Date();
    var month = String(now.getMonth() + 1);
    var day = String(now.getDate());
    return now.getFullYear() + '-' + (month.length < 2 ? '0' : '') + month + '-' +
      (day.length < 2 ? '0' : '') + day;
  }

  // ------------------------------------------------------------------------------------------
  // Sending
  // ------------------------------------------------------------------------------------------

  function csrfToken() {
    // The cookie is always current (a login rotates it); the page's copy may be a cached one.
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) {
      return decodeURIComponent(match[1]);
    }
    var field = document.querySelector('input[name="csrfmiddlewaretoken"]');
    return field ? field.value : '';
  }

  function isJson(response) {
    return (response.headers.get('Content-Type') || '').indexOf('application/json') === 0;
  }

  var REFUSED = [400, 403, 404];
  var sending = false;

  function send(item) {
    return fetch(config.syncUrl, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/json',
        'X-CSRFToken': csrfToken(),
      },
      body: JSON.stringify(item.payload),
    }).then(function (response) {
      var body = isJson(response) ? response.json() : Promise.resolve(null);
      return body.catch(function () { return null; }).then(function (data) {
        if (response.status === 200 || response.status === 201) {
          return queue.remove(item.client_id).then(function () {
            announce(response.status === 201 ? strings.sent : strings.already, data && data.url);
          });
        }
        if (data && data.errors && REFUSED.indexOf(response.status) !== -1) {
          item.state = 'refused';
          item.errors = data.errors;
          item.last_error = '';
          return queue.put(item);
        }
        // Logged out, a server error, a proxy's page: kept as it is, sent again later.
        item.last_error = response.status === 401 ? strings.logged_out : strings.server_error;
        return queue.put(item);
      });
    }, function () {
      item.last_error = strings.offline;
      return queue.put(item).then(function () {
        throw new Error('offline'); // no point trying the next ones
      });
    });
  }

  function syncAll() {
    if (sending || !storageReady) {
      return Promise.resolve();
    }
    if (navigator.onLine === false) {
      return render();
    }
    sending = true;
    return queue.all().then(function (items) {
      var mine = items.filter(function (item) {
        return item.user === config.user && item.state === 'pending';
      });
      if (mine.length) {
        status(strings.sending);
      }
      return mine.reduce(function (previous, item) {
        return previous.then(function () { return send(item); });
      }, Promise.resolve());
    }).catch(function () { return undefined; }).then(function () {
      sending = false;
      return render();
    });
  }

  // ------------------------------------------------------------------------------------------
  // What the page shows: the count, and on the form the list of unsent visits
  // ------------------------------------------------------------------------------------------

  var queueBox = document.querySelector('[data-visit-queue]');
  var countBox = document.querySelector('[data-unsent-count]');
  var listBox = document.querySelector('[data-queue-list]');
  var statusBox = document.querySelector('[data-queue-status]');
  var othersBox = document.querySelector('[data-other-accounts]');
  var lastAnnouncement = null;

  function status(text, link) {
    if (!statusBox) {
      return;
    }
    statusBox.textContent = text || '';
    if (link) {
      var anchor = document.createElement('a');
      anchor.href = link;
      anchor.textContent = strings.open;
      statusBox.appendChild(document.createTextNode(' '));
      statusBox.appendChild(anchor);
    }
  }

  function announce(text, link) {
    lastAnnouncement = { text: text, link: link };
    status(text, link);
  }

  function reasons(errors) {
    var lines = [];
    Object.keys(errors || {}).forEach(function (field) {
      var label = labels[field] || '';
      var messages = [].concat(errors[field]).join(' ');
      lines.push(label ? label + ': ' + messages : messages);
    });
    return lines;
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  function describe(item) {
    var places = (item.places || []).join(', ');
    return (item.payload.visited_on || '') + (places ? ' · ' + places : '');
  }

  function renderItem(item) {
    var row = element('li', 'list-group-item' + (item.state === 'refused' ? ' list-group-item-danger' : ''));
    row.setAttribute('data-queued-visit', item.client_id);
    row.setAttribute('data-state', item.state);
    row.appendChild(element('div', 'fw-semibold', describe(item)));
    if (item.state === 'refused') {
      row.appendChild(element('div', 'small', strings.refused));
      var list = element('ul', 'small mb-2');
      list.setAttribute('data-reasons', '');
      reasons(item.errors).forEach(function (line) { list.appendChild(element('li', '', line)); });
      row.appendChild(list);
      var buttons = element('div', 'd-flex flex-wrap gap-2');
      var fix = element('button', 'btn btn-primary', strings.correct);
      fix.type = 'button';
      fix.setAttribute('data-correct', item.client_id);
      var drop = element('button', 'btn btn-outline-danger', strings.discard);
      drop.type = 'button';
      drop.setAttribute('data-discard', item.client_id);
      buttons.appendChild(fix);
      buttons.appendChild(drop);
      row.appendChild(buttons);
    } else {
      row.appendChild(element('div', 'small text-muted', strings.waiting +
        (item.last_error ? ' · ' + item.last_error : '')));
    }
    return row;
  }

  var items = [];

  function render() {
    if (!storageReady) {
      return Promise.resolve();
    }
    return queue.all().then(function (all) {
      items = all.filter(function (item) { return item.user === config.user; });
      var others = all.length - items.length;
      if (countBox) {
        countBox.textContent = String(items.length);
      }
      if (queueBox) {
        queueBox.hidden = !(items.length || others || (lastAnnouncement && config.mode === 'form'));
      }
      if (listBox) {
        listBox.textContent = '';
        items.sort(function (a, b) { return a.saved_at - b.saved_at; });
        items.forEach(function (item) { listBox.appendChild(renderItem(item)); });
      }
      if (othersBox) {
        othersBox.hidden = !others;
        othersBox.textContent = others ? strings.other_account + ' ' + others : '';
      }
      if (!items.length && !lastAnnouncement) {
        status(strings.unsent_none);
      }
    }).catch(function () { return undefined; });
  }

  // ------------------------------------------------------------------------------------------
  // The form
  // ------------------------------------------------------------------------------------------

  var form = document.querySelector('[data-visit-form]');
  var storageReady = false;

  function placeBoxes() {
    return form ? Array.prototype.slice.call(form.querySelectorAll('[data-place]')) : [];
  }

  function chosenPlaces() {
    return placeBoxes().filter(function (box) { return box.checked; });
  }

  // The recommendations of each place: on the page (loaded), being fetched, or not to be had.
  var loadedPlaces = {};
  var loadingPlaces = {};
  var unavailablePlaces = {};

  function placeUrl(id) {
    return config.placeUrl.replace('{id}', String(id));
  }

  function placeName(id) {
    var box = document.getElementById('place-' + id);
    return box ? box.getAttribute('data-name') : String(id);
  }

  function addGroups(fragment) {
    var box = form.querySelector('[data-rec-groups]');
    Array.prototype.slice.call(fragment.querySelectorAll('.rec-group')).forEach(function (group) {
      var key = group.getAttribute('data-localities');
      var there = Array.prototype.some.call(box.querySelectorAll('.rec-group'), function (other) {
        return other.getAttribute('data-localities') === key;
      });
      if (!there) {
        group.hidden = true;
        box.appendChild(group); // what was typed in a group already there stays
      }
    });
  }

  function loadPlace(id) {
    id = String(id);
    if (loadedPlaces[id]) {
      return Promise.resolve(true);
    }
    if (loadingPlaces[id]) {
      return loadingPlaces[id];
    }
    var promise = fetch(placeUrl(id), {
      credentials: 'same-origin',
      headers: { Accept: 'text/html' },
    }).then(function (response) {
      if (!response.ok || response.redirected) {
        throw new Error('status ' + response.status); // logged out, not found
      }
      return response.text();
    }).then(function (html) {
      var holder = document.createElement('div');
      holder.innerHTML = html;
      var fragment = holder.querySelector('[data-place-groups]');
      if (!fragment || fragment.getAttribute('data-place-groups') !== id) {
        throw new Error('not the recommendations of the place');
      }
      addGroups(fragment);
      loadedPlaces[id] = true;
      delete unavailablePlaces[id];
      return true;
    }).catch(function () {
      unavailablePlaces[id] = true;
      return false;
    }).then(function (loaded) {
      delete loadingPlaces[id];
      refreshGroups();
      return loaded;
    });
    loadingPlaces[id] = promise;
    return promise;
  }

  function placesLoaded() {
    return Promise.all(chosenPlaces().map(function (box) { return loadPlace(box.value); }));
  }

  function say(selector, label, ids, help) {
    var box = form.querySelector(selector);
    box.textContent = '';
    box.hidden = !ids.length;
    if (ids.length) {
      box.appendChild(element('span', '', label + ' ' + ids.map(placeName).join(', ') + '.'));
      if (help) {
        box.appendChild(element('span', 'd-block', help));
      }
    }
  }

  function refreshGroups() {
    if (!form) {
      return;
    }
    var chosen = {};
    var loading = [];
    var missing = [];
    chosenPlaces().forEach(function (box) {
      chosen[box.value] = true;
      if (loadedPlaces[box.value]) {
        return;
      }
      if (unavailablePlaces[box.value] && !loadingPlaces[box.value]) {
        missing.push(box.value);
      } else {
        loading.push(box.value);
      }
    });
    var anyChosen = Object.keys(chosen).length > 0;
    var anyShown = false;
    Array.prototype.forEach.call(form.querySelectorAll('.rec-group'), function (group) {
      var show = group.getAttribute('data-localities').split(' ').some(function (id) {
        return chosen[id];
      });
      group.hidden = !show;
      anyShown = anyShown || show;
    });
    form.querySelector('[data-choose-first]').hidden = anyChosen;
    form.querySelector('[data-nothing-to-observe]').hidden = !anyChosen || anyShown ||
      loading.length > 0 || missing.length > 0;
    say('[data-loading]', strings.loading, loading);
    say('[data-unavailable]', strings.unavailable, missing, strings.unavailable_help);
    if (anyChosen) {
      form.querySelector('[data-place-error]').hidden = true;
    }
    loading.forEach(function (id) {
      if (!loadingPlaces[id]) {
        loadPlace(id);
      }
    });
  }

  function field(name) {
    return form.elements.namedItem(name);
  }

  function intOrNull(value) {
    if (value === null || String(value).trim() === '') {
      return null;
    }
    var number = Number(value);
    return Number.isInteger(number) ? number : String(value);
  }

  function collect() {
    var data = new FormData(form);
    var observations = [];
    Array.prototype.forEach.call(form.querySelectorAll('.rec-group'), function (group) {
      if (group.hidden) {
        return; // concerns no place ticked: not part of this visit
      }
      Array.prototype.forEach.call(group.querySelectorAll('[data-recommendation]'), function (card) {
        var id = card.getAttribute('data-recommendation');
        var finding = data.get('obs-' + id + '-finding');
        if (finding) {
          observations.push({
            recommendation: Number(id),
            finding: finding,
            note: data.get('obs-' + id + '-note') || '',
          });
        }
      });
    });
    var planned = data.get('planned_visit');
    return {
      client_id: data.get('client_id'),
      visited_on: data.get('visited_on'),
      localities: data.getAll('localities').map(Number),
      women: intOrNull(data.get('women')),
      men: intOrNull(data.get('men')),
      women_meeting: data.get('women_meeting') !== null,
      confidence: intOrNull(data.get('confidence')),
      new_threats: data.getAll('new_threats'),
      threats_note: data.get('threats_note') || '',
      urgent_alert: data.get('urgent_alert') !== null,
      note: data.get('note') || '',
      planned_visit: planned ? Number(planned) : null,
      observations: observations,
    };
  }

  function setChecked(name, values) {
    Array.prototype.forEach.call(form.querySelectorAll('[name="' + name + '"]'), function (input) {
      input.checked = values.indexOf(input.value) !== -1;
    });
  }

  function resetForm(clientId) {
    form.reset();
    field('client_id').value = clientId || newId();
    field('visited_on').value = localToday();
    form.querySelector('[data-editing]').hidden = true;
    refreshGroups();
  }

  function fill(item) {
    var payload = item.payload;
    resetForm(item.client_id);
    field('visited_on').value = payload.visited_on || '';
    setChecked('localities', (payload.localities || []).map(String));
    field('women').value = payload.women === null ? '' : payload.women;
    field('men').value = payload.men === null ? '' : payload.men;
    field('women_meeting').checked = !!payload.women_meeting;
    setChecked('confidence', payload.confidence === null ? [] : [String(payload.confidence)]);
    setChecked('new_threats', payload.new_threats || []);
    field('threats_note').value = payload.threats_note || '';
    field('urgent_alert').checked = !!payload.urgent_alert;
    field('note').value = payload.note || '';
    field('planned_visit').value = payload.planned_visit ? String(payload.planned_visit) : '';
    refreshGroups();
    // The recommendations of its places first (fetched, or kept by the worker).
    return placesLoaded().then(function () { fillObservations(item); });
  }

  function fillObservations(item) {
    var payload = item.payload;
    var missing = 0;
    (payload.observations || []).forEach(function (row) {
      var radio = document.getElementById('obs-' + row.recommendation + '-' + row.finding);
      if (radio) {
        radio.checked = true;
      } else {
        missing += 1; // no longer on the form (withdrawn, or the place no longer yours)
      }
      var note = document.getElementById('obs-' + row.recommendation + '-note');
      if (note) {
        note.value = row.note || '';
      }
    });
    refreshGroups();
    var banner = form.querySelector('[data-editing]');
    banner.textContent = '';
    banner.appendChild(element('p', 'mb-1', strings.editing));
    var list = element('ul', 'mb-0 small');
    reasons(item.errors).forEach(function (line) { list.appendChild(element('li', '', line)); });
    if (missing) {
      list.appendChild(element('li', '', strings.left_out + ' ' + missing));
    }
    banner.appendChild(list);
    banner.hidden = false;
    form.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }

  function onSubmit(event) {
    if (!storageReady) {
      // No IndexedDB: the plain form post; what concerns no place ticked is left out.
      Array.prototype.forEach.call(form.querySelectorAll('.rec-group[hidden] input, .rec-group[hidden] textarea'), function (input) {
        input.disabled = true;
      });
      return;
    }
    event.preventDefault();
    if (!chosenPlaces().length) {
      var error = form.querySelector('[data-place-error]');
      error.textContent = strings.choose_place;
      error.hidden = false;
      document.getElementById('visit-places').scrollIntoView({ block: 'start' });
      return;
    }
    var payload = collect();
    var item = {
      client_id: payload.client_id,
      user: config.user,
      payload: payload,
      places: chosenPlaces().map(function (box) { return box.getAttribute('data-name'); }),
      state: 'pending',
      errors: null,
      last_error: '',
      saved_at: Date.now(),
    };
    queue.put(item).then(function () {
      resetForm();
      announce(strings.saved);
      return render();
    }).then(function () {
      document.getElementById('visit-queue').scrollIntoView({ block: 'start' });
      return syncAll();
    }).catch(function () {
      // Could not keep it on the phone after all: send the form itself.
      storageReady = false;
      form.submit();
    });
  }

  function onListClick(event) {
    var target = event.target.closest('button');
    if (!target) {
      return;
    }
    var clientId = target.getAttribute('data-correct') || target.getAttribute('data-discard');
    var item = items.filter(function (row) { return row.client_id === clientId; })[0];
    if (!item) {
      return;
    }
    if (target.hasAttribute('data-correct')) {
      fill(item);
    } else if (window.confirm(strings.confirm_discard)) {
      queue.remove(clientId).then(render);
    }
  }

  function preselect() {
    // ?locality= (a link from the home page): also when the page comes from the worker's copy.
    var pattern = /[?&]localit(?:y|ies)=(\d+)/g;
    var match = pattern.exec(window.location.search);
    while (match) {
      var box = document.getElementById('place-' + match[1]);
      if (box) {
        box.checked = true;
      }
      match = pattern.exec(window.location.search);
    }
  }

  function setUpForm() {
    var dateField = field('visited_on');
    var today = localToday();
    // The page may be a copy kept from an earlier day: the default is the phone's today.
    if (!form.querySelector('.is-invalid') && dateField.value === config.today) {
      dateField.value = today;
    }
    if (config.today && config.today > today) {
      today = config.today;
    }
    dateField.max = today;
    if (!form.querySelector('.is-invalid')) {
      field('client_id').value = newId();
    }
    var groupsBox = form.querySelector('[data-rec-groups]');
    (groupsBox.getAttribute('data-loaded-places') || '').split(' ').forEach(function (id) {
      if (id) {
        loadedPlaces[id] = true;
      }
    });
    // The script fetches a place's recommendations itself: no need for the button.
    var showButton = form.querySelector('[data-show-recommendations]');
    if (showButton) {
      showButton.parentNode.removeChild(showButton);
    }
    preselect();
    window.addEventListener('online', function () {
      unavailablePlaces = {}; // try again
      refreshGroups();
    });
    form.addEventListener('change', function (event) {
      if (event.target.hasAttribute('data-place')) {
        delete unavailablePlaces[event.target.value]; // ticked again: try again
        refreshGroups();
      }
      if (event.target.name === 'planned_visit') {
        var option = event.target.selectedOptions[0];
        var places = option ? (option.getAttribute('data-localities') || '').split(' ') : [];
        placeBoxes().forEach(function (box) {
          if (places.indexOf(box.value) !== -1) {
            box.checked = true;
          }
        });
        refreshGroups();
      }
    });
    form.addEventListener('submit', onSubmit);
    refreshGroups();
    if (listBox) {
      listBox.addEventListener('click', onListClick);
    }
    var sendNow = document.querySelector('[data-send-now]');
    if (sendNow) {
      sendNow.addEventListener('click', function () { syncAll(); });
    }
  }

  // ------------------------------------------------------------------------------------------
  // Start
  // ------------------------------------------------------------------------------------------

  function registerWorker() {
    if (!('serviceWorker' in navigator) || !config.swUrl) {
      return;
    }
    var controlled = !!navigator.serviceWorker.controller;
    navigator.serviceWorker.register(config.swUrl, { scope: '/' }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      // Keep the form now (its first load did not go through the worker).
      if (registration.active && config.formUrl) {
        registration.active.postMessage({
          type: 'warm',
          url: config.formUrl,
          force: config.mode === 'form' && !controlled,
        });
      }
      // The recommendations of the places the CLI is likely to visit, kept for offline use
      // (a place that did not change costs a 304).
      if (registration.active && config.placeUrl && (config.prefetch || []).length &&
          navigator.onLine !== false) {
        registration.active.postMessage({
          type: 'warm-places',
          urls: config.prefetch.map(placeUrl),
        });
      }
    }).catch(function () { return undefined; });
  }

  if (form) {
    setUpForm();
  }
  openDb().then(function (db) {
    db.close();
    storageReady = true;
    window.addEventListener('online', syncAll);
    window.setInterval(function () {
      if (items.some(function (item) { return item.state === 'pending'; })) {
        syncAll();
      }
    }, 60000);
    return render().then(syncAll);
  }).catch(function () {
    storageReady = false;
    if (form) {
      status(strings.no_storage);
      if (queueBox) {
        queueBox.hidden = false;
      }
    }
  });
  registerWorker();
  window.jptVisits = { syncAll: syncAll, render: render };
}());
