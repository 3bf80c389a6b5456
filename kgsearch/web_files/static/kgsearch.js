// kgsearch: the document page's "next match" and "previous match" step from the current match.
// Without this script, the links still go to the first and the last match.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var marks = document.querySelectorAll("mark.match");
    var next = document.getElementById("next-match");
    var prev = document.getElementById("prev-match");
    if (!marks.length || !next || !prev) { return; }
    var current = -1;
    function go(step, event) {
      event.preventDefault();
      if (current >= 0) { marks[current].classList.remove("current"); }
      current = (current + step + marks.length) % marks.length;
      var mark = marks[current];
      mark.classList.add("current");
      mark.scrollIntoView({block: "center"});
      history.replaceState(null, "", "#" + mark.id);
      next.setAttribute("data-current", String(current + 1));
    }
    next.addEventListener("click", function (event) { go(1, event); });
    prev.addEventListener("click", function (event) { go(-1, event); });
  });
})();
