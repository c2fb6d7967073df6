/* Briefs: the edition switcher and the older edition's banner keep the reader's page.
 *
 * Without JavaScript each edition link goes to that edition's home.  Here a
 * click loads the chosen edition's list of pages (_static/briefs-pages.js, a
 * script, so it loads from file:// too) and goes to the same page when the
 * edition has it.  The editions come from the site's versions.js (loaded
 * before this file), so an old edition lists those published after it; on
 * Read the Docs they come from its Addons data.
 */
(function () {
  "use strict";
  var nav = document.querySelector(".briefs-editions");
  if (!nav) return;
  var page = nav.dataset.page;
  var root = nav.dataset.siteRoot;
  var folder = nav.dataset.languageFolder;
  var current = nav.dataset.edition;
  var list = nav.querySelector("ul");
  var homes = {};

  function homeOf(link) {
    return link.href.replace(/index\.html$/, "");
  }

  function follow(event) {
    var link = event.currentTarget;
    var home = homes[link.dataset.briefsEdition] || homeOf(link);
    var done = false;
    function go(url) {
      if (!done) {
        done = true;
        window.location.href = url;
      }
    }
    event.preventDefault();
    window.briefsPages = function (pages) {
      go(pages.indexOf(page) >= 0 ? home + page : home + "index.html");
    };
    var script = document.createElement("script");
    script.src = home + "_static/briefs-pages.js";
    script.onerror = function () { go(home + "index.html"); };
    document.head.appendChild(script);
    window.setTimeout(function () { go(home + "index.html"); }, 4000);
  }

  function entry(name, home) {
    var item = document.createElement("li");
    var link = document.createElement("a");
    link.href = home + "index.html";
    link.textContent = name;
    link.dataset.briefsEdition = name;
    if (name === current) {
      link.className = "current";
      link.setAttribute("aria-current", "page");
    }
    item.appendChild(link);
    return item;
  }

  // Replace the editions known at build time by the site's list, in its order.
  function show(editions) {
    if (!editions.some(function (edition) { return edition.name === current; })) {
      editions.unshift({ name: current, home: homes[current] });
    }
    list.textContent = "";
    editions.forEach(function (edition) {
      homes[edition.name] = edition.home;
      list.appendChild(entry(edition.name, edition.home));
    });
    bind(list);
  }

  function bind(scope) {
    scope.querySelectorAll("a[data-briefs-edition]").forEach(function (link) {
      if (!homes[link.dataset.briefsEdition]) homes[link.dataset.briefsEdition] = homeOf(link);
      link.addEventListener("click", follow);
    });
  }

  bind(document);
  var site = window.briefsVersions;
  if (site && site.editions) {
    show(site.editions.filter(function (edition) { return edition.languages[folder]; }).map(function (edition) {
      return { name: edition.name, home: root + edition.languages[folder].home.replace(/index\.html$/, "") };
    }));
  }
  if (nav.dataset.readthedocs) {
    document.addEventListener("readthedocs-addons-data-ready", function (event) {
      var data = event.detail.data();
      show(((data.versions && data.versions.active) || []).map(function (version) {
        return { name: version.verbose_name || version.slug, home: version.urls.documentation };
      }));
    });
  }
})();
