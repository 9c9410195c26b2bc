// A "Preview" button beside each Markdown preview in the admin: it sends the text being edited
// to the portal's preview address (staff only, with the form's CSRF token) and shows the
// rendered, sanitised HTML the server returns in place of the preview of the saved text.
(function () {
  "use strict";

  // The admin's change pages load Django's JavaScript catalogue, which defines gettext.
  var gettext = typeof window.gettext === "function" ? window.gettext : function (text) {
    return text;
  };

  function fieldOf(preview) {
    // The preview's row follows the row of the field it shows.
    var row = preview.closest(".form-row");
    var previous = row && row.previousElementSibling;
    return previous && previous.querySelector("textarea");
  }

  function setUp(preview) {
    var textarea = fieldOf(preview);
    var form = preview.closest("form");
    var token = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    if (!textarea || !token) {
      return;
    }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button markdown-preview-button";
    button.textContent = gettext("Preview");
    var status = document.createElement("span");
    status.className = "markdown-preview-status";
    status.setAttribute("role", "status");
    preview.parentNode.insertBefore(button, preview);
    preview.parentNode.insertBefore(status, preview);

    button.addEventListener("click", function () {
      var body = new URLSearchParams();
      body.set("text", textarea.value);
      status.textContent = "…";
      fetch(preview.dataset.previewUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": token.value },
        body: body,
      })
        .then(function (response) {
          return response.text().then(function (text) {
            return { ok: response.ok, text: text };
          });
        })
        .then(function (result) {
          if (result.ok) {
            // Sanitised by the server against the same allow-list as every stored page.
            preview.innerHTML = result.text || "-";
            status.textContent = gettext("Preview of the text as edited (not saved yet).");
          } else {
            status.textContent = result.text;
          }
        })
        .catch(function () {
          status.textContent = gettext("The preview could not be loaded.");
        });
    });
  }

  document.querySelectorAll(".markdown-preview[data-preview-url]").forEach(setUp);
})();
