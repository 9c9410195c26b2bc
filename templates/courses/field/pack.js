(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("pack-data").textContent);
  var text = config.text;
  var LONG_CODE = 3000;
  var memory = { lessons: {}, attempts: {} };
  var storage = null;
  try {
    storage = window.localStorage;
    storage.setItem(config.storageKey + ":probe", "1");
    storage.removeItem(config.storageKey + ":probe");
  } catch (error) {
    storage = null;
  }

  function load() {
    if (!storage) { return memory; }
    try {
      var stored = JSON.parse(storage.getItem(config.storageKey) || "null");
      if (stored && typeof stored === "object") {
        stored.lessons = stored.lessons || {};
        stored.attempts = stored.attempts || {};
        return stored;
      }
    } catch (error) { /* a damaged entry starts afresh */ }
    return { lessons: {}, attempts: {} };
  }
  var state = load();

  function save() {
    if (storage) { storage.setItem(config.storageKey, JSON.stringify(state)); }
    refresh();
  }

  function randomId() {
    var bytes = new Uint8Array(16);
    if (window.crypto && window.crypto.getRandomValues) {
      window.crypto.getRandomValues(bytes);
    } else {
      for (var i = 0; i < bytes.length; i++) { bytes[i] = Math.floor(Math.random() * 256); }
    }
    return encodeBase64(bytes);
  }

  function encodeBase64(bytes) {
    var binary = "";
    for (var i = 0; i < bytes.length; i++) { binary += String.fromCharCode(bytes[i]); }
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  var crcTable = [];
  for (var n = 0; n < 256; n++) {
    var c = n;
    for (var k = 0; k < 8; k++) { c = c & 1 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1; }
    crcTable[n] = c >>> 0;
  }
  function crc32(value) {
    var crc = 0xFFFFFFFF;
    for (var i = 0; i < value.length; i++) { crc = crcTable[(crc ^ value.charCodeAt(i)) & 0xFF] ^ (crc >>> 8); }
    return ("00000000" + ((crc ^ 0xFFFFFFFF) >>> 0).toString(16)).slice(-8);
  }

  function makeCode() {
    var lessons = Object.keys(state.lessons).filter(function (slug) { return state.lessons[slug]; });
    var attempts = Object.keys(state.attempts).map(function (quiz) {
      var saved = state.attempts[quiz];
      return { q: quiz, i: saved.id, r: saved.answers };
    });
    if (!lessons.length && !attempts.length) { return ""; }
    var payload = { c: config.course, v: config.version, l: lessons, a: attempts };
    var body = encodeBase64(new TextEncoder().encode(JSON.stringify(payload)));
    return config.codePrefix + "." + body + "." + crc32(body);
  }

  function answersOf(form) {
    var answers = {};
    var complete = true;
    Array.prototype.forEach.call(form.querySelectorAll(".pack-question"), function (fieldset) {
      var picked = Array.prototype.filter.call(fieldset.querySelectorAll("input"), function (input) {
        return input.checked;
      }).map(function (input) { return input.value; });
      fieldset.classList.toggle("missing", picked.length === 0);
      if (picked.length === 0) { complete = false; }
      answers[fieldset.getAttribute("data-question")] = picked;
    });
    return complete ? answers : null;
  }

  function status(form, message, kind) {
    var line = form.querySelector(".quiz-status");
    line.textContent = message;
    line.className = "quiz-status" + (kind ? " " + kind : "");
  }

  Array.prototype.forEach.call(document.querySelectorAll(".pack-quiz"), function (form) {
    var quiz = form.getAttribute("data-quiz");
    var saved = state.attempts[quiz];
    if (saved) {
      Object.keys(saved.answers).forEach(function (position) {
        saved.answers[position].forEach(function (key) {
          var input = form.querySelector('.pack-question[data-question="' + position + '"] input[value="' + key + '"]');
          if (input) { input.checked = true; }
        });
      });
      status(form, text.saved, "saved");
    }
    form.addEventListener("change", function () {
      if (state.attempts[quiz]) { status(form, text.changed, ""); }
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var answers = answersOf(form);
      if (!answers) { status(form, text.unanswered, "error"); return; }
      var before = state.attempts[quiz];
      if (!before || JSON.stringify(before.answers) !== JSON.stringify(answers)) {
        state.attempts[quiz] = { id: randomId(), answers: answers, savedAt: new Date().toISOString() };
      }
      save();
      status(form, text.saved, "saved");
    });
  });

  Array.prototype.forEach.call(document.querySelectorAll(".pack-lesson-done"), function (box) {
    var lesson = box.getAttribute("data-lesson");
    box.checked = Boolean(state.lessons[lesson]);
    box.addEventListener("change", function () {
      if (box.checked) { state.lessons[lesson] = true; } else { delete state.lessons[lesson]; }
      save();
    });
  });

  var summary = document.getElementById("pack-summary");
  var online = document.getElementById("pack-online");
  var codeBox = document.getElementById("pack-code");
  var codeField = document.getElementById("pack-code-field");

  function refresh() {
    var quizzes = Object.keys(state.attempts).length;
    var lessons = Object.keys(state.lessons).filter(function (slug) { return state.lessons[slug]; }).length;
    var counted = function (count, one, many) {
      return count === 1 ? one : many.replace("%(count)s", count);
    };
    summary.textContent = (quizzes || lessons)
      ? text.summary
        .replace("%(quizzes)s", counted(quizzes, text.quizOne, text.quizMany))
        .replace("%(lessons)s", counted(lessons, text.lessonOne, text.lessonMany))
      : text.nothing;
    var code = makeCode();
    codeBox.value = code;
    codeField.value = code;
    online.textContent = (navigator.onLine === false ? text.offline : "") + (storage ? "" : " " + text.noStorage);
  }

  document.getElementById("pack-submit-form").addEventListener("submit", function (event) {
    refresh();
    if (!codeField.value) { event.preventDefault(); summary.textContent = text.nothing; return; }
    if (codeField.value.length > LONG_CODE) {
      // Too long for an address's query: the portal's page reads it from the fragment.
      event.preventDefault();
      window.open(event.target.action + "#code=" + encodeURIComponent(codeField.value), "_blank", "noopener");
    }
  });
  document.getElementById("pack-copy").addEventListener("click", function () {
    codeBox.focus();
    codeBox.select();
    var done = function () { summary.textContent = text.copied; };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(codeBox.value).then(done, function () {
        if (document.execCommand("copy")) { done(); }
      });
    } else if (document.execCommand("copy")) {
      done();
    }
  });
  window.addEventListener("online", refresh);
  window.addEventListener("offline", refresh);
  refresh();
}());
