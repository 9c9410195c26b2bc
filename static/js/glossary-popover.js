/* Glossary terms linked in text: a tap opens the short definition in place, with a link to the
   term's page; a second tap on the term follows its link. Mouse and keyboard keep the link as it
   is (the stylesheet shows the definition on hover and focus). Without this script a tap follows
   the link. */
(function () {
  "use strict";
  var open = null;
  var lastPointer = "";
  var count = 0;
  // The page gives the translated wording, e.g. data-more-label="More about %s".
  var script = document.currentScript;
  var moreLabel = (script && script.getAttribute("data-more-label")) || "%s";

  function close() {
    if (!open) return;
    open.link.setAttribute("aria-expanded", "false");
    open.popover.remove();
    open = null;
  }

  function show(link) {
    close();
    count += 1;
    var popover = document.createElement("span");
    popover.className = "term-popover";
    popover.id = "term-popover-" + count;
    popover.setAttribute("role", "note");
    var text = document.createElement("span");
    text.textContent = link.getAttribute("data-definition");
    var more = document.createElement("a");
    more.href = link.href;
    more.className = "term-popover-link";
    more.textContent = moreLabel.replace("%s", link.textContent);
    popover.appendChild(text);
    popover.appendChild(document.createTextNode(" "));
    popover.appendChild(more);
    link.insertAdjacentElement("afterend", popover);
    link.setAttribute("aria-controls", popover.id);
    link.setAttribute("aria-expanded", "true");
    open = { link: link, popover: popover };
  }

  document.addEventListener("pointerdown", function (event) {
    lastPointer = event.pointerType;
    if (open && !open.popover.contains(event.target) && event.target !== open.link) close();
  });

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.term-link[data-definition]");
    if (!link) return;
    var touch = lastPointer === "touch" || lastPointer === "pen";
    if (!touch || (open && open.link === link)) return;  // a second tap follows the link
    event.preventDefault();
    show(link);
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && open) {
      var link = open.link;
      close();
      link.focus();
    }
  });
})();
