// Keep the current module visible in the scrolling menu on narrow screens.
document.addEventListener("DOMContentLoaded", function () {
  var current = document.querySelector(".modules [aria-current='page']");
  if (current && current.scrollIntoView) current.scrollIntoView({ block: "nearest", inline: "center" });
});
