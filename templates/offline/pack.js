(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("pack-data").textContent);
  var text = config.text;
  var LONG_CODE = 3000;
  var memory = { lessons: {}, attempts: {}, drafts: {} };
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
        stored.drafts = stored.drafts || {};
        return stored;
      }
    } catch (error) { /* a damaged entry starts afresh */ }
    return { lessons: {}, attempts: {}, drafts: {} };
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

  // Every answer picked so far, by question position, and how many questions have one.
  function picks(form, markMissing) {
    var answers = {};
    var answered = 0;
    var fieldsets = form.querySelectorAll(".pack-question");
    Array.prototype.forEach.call(fieldsets, function (fieldset) {
      var picked = Array.prototype.filter.call(fieldset.querySelectorAll("input"), function (input) {
        return input.checked;
      }).map(function (input) { return input.value; });
      if (markMissing) { fieldset.classList.toggle("missing", picked.length === 0); }
      if (picked.length) { answered += 1; }
      answers[fieldset.getAttribute("data-question")] = picked;
    });
    return { answers: answers, answered: answered, total: fieldsets.length };
  }

  function answersOf(form) {
    var found = picks(form, true);
    return found.answered === found.total ? found.answers : null;
  }

  // Keep one attempt per quiz, with a new id only when its answers changed.
  function keepAttempt(quiz, answers) {
    var before = state.attempts[quiz];
    if (!before || JSON.stringify(before.answers) !== JSON.stringify(answers)) {
      state.attempts[quiz] = { id: randomId(), answers: answers, savedAt: new Date().toISOString() };
    }
  }

  function progressText(found) {
    if (found.answered === found.total) { return text.saved; }
    return text.draft.replace("%(answered)s", found.answered).replace("%(total)s", found.total);
  }

  function status(form, message, kind) {
    var line = form.querySelector(".quiz-status");
    line.textContent = message;
    line.className = "quiz-status" + (kind ? " " + kind : "");
  }

  Array.prototype.forEach.call(document.querySelectorAll(".pack-quiz"), function (form) {
    var quiz = form.getAttribute("data-quiz");
    var saved = state.drafts[quiz] || (state.attempts[quiz] && state.attempts[quiz].answers);
    if (saved) {
      Object.keys(saved).forEach(function (position) {
        saved[position].forEach(function (key) {
          var input = form.querySelector('.pack-question[data-question="' + position + '"] input[value="' + key + '"]');
          if (input) { input.checked = true; }
        });
      });
      status(form, progressText(picks(form, false)), "saved");
    }
    // Each answer is kept on this device as it is picked; a quiz fully answered goes with
    // the code as an attempt.
    form.addEventListener("change", function () {
      var found = picks(form, false);
      state.drafts[quiz] = found.answers;
      if (found.answered === found.total) { keepAttempt(quiz, found.answers); }
      else { delete state.attempts[quiz]; }
      save();
      status(form, progressText(found), "saved");
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var answers = answersOf(form);
      if (!answers) { status(form, text.unanswered, "error"); return; }
      state.drafts[quiz] = answers;
      keepAttempt(quiz, answers);
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
    // Each count in its language's plural form, written out by the portal for every count the
    // course allows.
    var counted = function (count, words) {
      return count < words.forms.length ? words.forms[count] : words.beyond.replace("%(count)s", count);
    };
    summary.textContent = (quizzes || lessons)
      ? text.summary
        .replace("%(quizzes)s", counted(quizzes, text.quizzes))
        .replace("%(lessons)s", counted(lessons, text.lessons))
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
