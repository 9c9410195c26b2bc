// The portal's "paste your code" page: an offline pack passes a long code in the address's
// fragment (#code=…), which no server sees and no request line limits; put it in the form and
// check it (a POST that records nothing: only the confirmation that follows records).
(function () {
  "use strict";
  var match = /(?:^#|&)code=([^&]+)/.exec(window.location.hash);
  if (!match) { return; }
  var form = document.getElementById("offline-code-form");
  var field = form && form.querySelector("textarea[name=code]");
  if (!field) { return; }
  field.value = decodeURIComponent(match[1]);
  history.replaceState(null, "", window.location.pathname);
  form.querySelector("button[value=check]").click();
}());
