// The warning a minute before an idle session ends (docs/privacy.md, "Sessions").
//
// The server ends the session whatever happens here; this script only warns. It never
// extends the session by itself: the one request that does is the "Stay signed in" button.
// Asking how long is left (time-left/) does not count as activity, so another tab's work is
// noticed without this tab keeping the session alive. Once the session has ended, the page
// moves to the sign-in page so nothing stays on an unattended screen.
(function () {
  "use strict";

  var dialog = document.getElementById("session-warning");
  if (!dialog || typeof dialog.showModal !== "function") {
    return;
  }
  var warnBefore = Number(dialog.dataset.warnBefore) * 1000;
  var timeLeftUrl = dialog.dataset.timeLeftUrl;
  var loginUrl = dialog.dataset.loginUrl;
  var keepalive = dialog.querySelector("form.session-keepalive");
  var endsAt = Date.now() + Number(dialog.dataset.seconds) * 1000;
  var timer = null;

  function later(action, at) {
    window.clearTimeout(timer);
    timer = window.setTimeout(action, Math.max(0, at - Date.now()));
  }

  function close() {
    if (dialog.open) {
      dialog.close();
    }
  }

  function signedOut() {
    var here = window.location.pathname + window.location.search;
    window.location.assign(loginUrl + "?next=" + encodeURIComponent(here));
  }

  // Decide what to do now that the session has SECONDS left.
  function plan(seconds) {
    endsAt = Date.now() + seconds * 1000;
    if (seconds <= 0) {
      signedOut();
    } else if (endsAt - Date.now() > warnBefore) {
      close();
      later(check, endsAt - warnBefore);
    } else {
      if (!dialog.open) {
        dialog.showModal();
      }
      later(check, endsAt);
    }
  }

  // Ask the server how long is left (not activity). If the server cannot be reached, keep
  // the local estimate but never send anyone away on a guess.
  function check() {
    window
      .fetch(timeLeftUrl, {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.json();
      })
      .then(function (body) {
        plan(body.seconds);
      })
      .catch(function () {
        var left = endsAt - Date.now();
        if (left > 0 && left <= warnBefore && !dialog.open) {
          dialog.showModal();
        }
        later(check, Date.now() + 15000);
      });
  }

  if (keepalive) {
    keepalive.addEventListener("submit", function (event) {
      event.preventDefault();
      window
        .fetch(keepalive.action, {
          method: "POST",
          credentials: "same-origin",
          headers: { Accept: "application/json" },
          body: new FormData(keepalive),
        })
        .then(function (response) {
          if (response.status === 401) {
            signedOut();
            return null;
          }
          if (!response.ok) {
            throw new Error(response.status);
          }
          return response.json();
        })
        .then(function (body) {
          if (body) {
            plan(body.seconds);
          }
        })
        .catch(function () {
          // The page's own form still works without the script's help.
          keepalive.submit();
        });
    });
  }

  // Timers in a hidden tab are slowed down; look again when the person comes back.
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") {
      check();
    }
  });

  plan(Number(dialog.dataset.seconds));
})();
