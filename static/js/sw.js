/* JPT Desk service worker: the CLI's visit form works with no connection.
 *
 * Served at /sw.js by jpt.views.service_worker, which puts `self.JPT_SW` before this file:
 *   modules   the vendored Workbox files (static/vendor/workbox/), in load order
 *   precache  the app shell: [{url, revision}] of the CSS, scripts and icon fonts pages use
 *   pages     paths of the pages kept for offline use (the visit form), network first
 *   logout    the logout path: logging out forgets the kept pages
 *
 * - The shell is precached at install, so it loads with no connection.
 * - A kept page is fetched from the network first and copied into the cache (a 200 that is
 *   not a redirect: never the login page); with no connection, or none within 8 seconds, the
 *   copy is served. Copies are kept 14 days at most, one per page (the query string is not
 *   part of the key: the page's script reads it).
 * - A page posts {type: "warm", url} once the worker is ready: the page is fetched and kept
 *   at once, so the first online visit is enough for the form to load offline.
 * - The recommendations of a place (a fragment the form's script fetches when the place is
 *   ticked: `<kept page>places/<id>/`, recommendations.views.visits.
 *   VisitPlaceRecommendationsView) are fetched from the network first too and kept (60 places,
 *   14 days at most); the form posts {type: "warm-places", urls} while online, and they are
 *   fetched one after the other and kept (a fragment that did not change is a 304).
 * - Nothing else is touched: other pages, POSTs and the sync endpoint go to the network.
 */
/* global JPT_SW, workbox */
'use strict';

importScripts.apply(self, JPT_SW.modules);

workbox.core.setCacheNameDetails({ prefix: 'jpt-desk' });
self.skipWaiting();
workbox.core.clientsClaim();

workbox.precaching.cleanupOutdatedCaches();
// Stylesheets ask for fonts with a bare cache-busting query (`?e348...`): match on the path.
workbox.precaching.precacheAndRoute(JPT_SW.precache, { ignoreURLParametersMatching: [/.*/] });

var PAGES = 'jpt-desk-pages';
var PLACES = 'jpt-desk-places';

function pageKey(url) {
  var parsed = new URL(url, self.location.origin);
  parsed.search = '';
  parsed.hash = '';
  return parsed.href;
}

function isKeptPage(url) {
  var parsed = new URL(url, self.location.origin);
  return parsed.origin === self.location.origin && JPT_SW.pages.indexOf(parsed.pathname) !== -1;
}

var pageStrategy = new workbox.strategies.NetworkFirst({
  cacheName: PAGES,
  networkTimeoutSeconds: 8,
  plugins: [
    {
      cacheKeyWillBeUsed: function (param) {
        return Promise.resolve(pageKey(param.request.url));
      },
    },
    {
      // Only the page itself: not a redirect to the login page, not an error page.
      cacheWillUpdate: function (param) {
        var response = param.response;
        var keep = response && response.status === 200 && !response.redirected &&
          response.type === 'basic';
        return Promise.resolve(keep ? response : null);
      },
    },
    new workbox.expiration.ExpirationPlugin({ maxEntries: 10, maxAgeSeconds: 14 * 24 * 3600 }),
  ],
});

workbox.routing.registerRoute(function (param) {
  return param.request.mode === 'navigate' && isKeptPage(param.url.href);
}, pageStrategy);

// The recommendations of one place, below a kept page: `<page>places/<id>/`.
function isPlaceFragment(url) {
  var parsed = new URL(url, self.location.origin);
  if (parsed.origin !== self.location.origin) {
    return false;
  }
  return JPT_SW.pages.some(function (page) {
    var rest = parsed.pathname.indexOf(page) === 0 ? parsed.pathname.slice(page.length) : '';
    return /^places\/[0-9]{1,18}\/$/.test(rest);
  });
}

var placeStrategy = new workbox.strategies.NetworkFirst({
  cacheName: PLACES,
  networkTimeoutSeconds: 6,
  plugins: [
    {
      cacheKeyWillBeUsed: function (param) {
        return Promise.resolve(pageKey(param.request.url));
      },
    },
    {
      // The fragment itself: not the login page (logged out), not a 404 (out of province).
      cacheWillUpdate: function (param) {
        var response = param.response;
        var keep = response && response.status === 200 && !response.redirected &&
          response.type === 'basic';
        return Promise.resolve(keep ? response : null);
      },
    },
    new workbox.expiration.ExpirationPlugin({ maxEntries: 60, maxAgeSeconds: 14 * 24 * 3600 }),
  ],
});

workbox.routing.registerRoute(function (param) {
  return param.request.method === 'GET' && isPlaceFragment(param.url.href);
}, placeStrategy);

function warmPlaces(event, urls) {
  return urls.filter(isPlaceFragment).slice(0, 30).reduce(function (previous, url) {
    return previous.then(function () {
      var request = new Request(pageKey(url), { credentials: 'same-origin' });
      return placeStrategy.handle({ event: event, request: request }).catch(function () {
        return undefined; // offline meanwhile, or refused: the next one may do
      });
    });
  }, Promise.resolve());
}

self.addEventListener('message', function (event) {
  var data = event.data || {};
  if (data.type === 'warm-places' && Array.isArray(data.urls)) {
    event.waitUntil(warmPlaces(event, data.urls));
    return;
  }
  if (data.type !== 'warm' || typeof data.url !== 'string' || !isKeptPage(data.url)) {
    return;
  }
  event.waitUntil(
    caches.open(PAGES).then(function (cache) {
      return cache.match(pageKey(data.url)).then(function (found) {
        if (found && !data.force) {
          return undefined;
        }
        var request = new Request(pageKey(data.url), { credentials: 'same-origin' });
        return pageStrategy.handle({ event: event, request: request });
      });
    }).catch(function () { return undefined; })
  );
});

// Logging out forgets the kept pages and places (they hold recommendations of the provinces).
self.addEventListener('fetch', function (event) {
  if (event.request.method === 'POST' && new URL(event.request.url).pathname === JPT_SW.logout) {
    event.waitUntil(Promise.all([caches.delete(PAGES), caches.delete(PLACES)]));
  }
});
