// Menus of the module bar and the user menu are <details>: they open and close without
// JavaScript. This only adds what people expect of a menu: one open at a time, and a click
// elsewhere or Escape closes it.
document.addEventListener("DOMContentLoaded", function () {
  var menus = Array.prototype.slice.call(document.querySelectorAll(".modules details, details.usermenu"));
  function closeAll(except) {
    menus.forEach(function (menu) { if (menu !== except) menu.open = false; });
  }
  menus.forEach(function (menu) {
    menu.addEventListener("toggle", function () { if (menu.open) closeAll(menu); });
  });
  document.addEventListener("click", function (event) {
    if (!menus.some(function (menu) { return menu.contains(event.target); })) closeAll(null);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var open = menus.filter(function (menu) { return menu.open; });
    closeAll(null);
    if (open.length) open[0].querySelector("summary").focus();
  });
});
